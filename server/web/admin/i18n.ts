/**
 * Every string the admin page shows, in both languages. Pure: no DOM, so the
 * dictionaries can be checked in a unit test.
 */
export type Language = 'zh' | 'en';

export const en = {
  'app.title': 'JXC Administration',
  'app.signedInAs': 'Signed in as {name}',
  'app.signOut': 'Sign out',
  'app.language': 'Language',
  'app.noPermissions': 'This account holds none of the administration permissions (users, roles, warehouses, audit log).',
  'app.sessionExpired': 'Your session has ended. Please sign in again.',
  'app.loading': 'Loading…',
  'app.networkError': 'The server could not be reached. Check the connection and try again.',

  'login.heading': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',

  'tab.users': 'Users',
  'tab.roles': 'Roles',
  'tab.warehouses': 'Warehouses',
  'tab.audit': 'Audit log',

  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.confirm': 'Confirm',
  'common.edit': 'Edit',
  'common.delete': 'Delete',
  'common.create': 'Create',
  'common.search': 'Search',
  'common.apply': 'Apply',
  'common.clear': 'Clear',
  'common.previous': 'Previous',
  'common.next': 'Next',
  'common.actions': 'Actions',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.none': '—',
  'common.saved': 'Saved.',
  'common.range': '{from}–{to} of {total}',
  'common.empty': 'Nothing to show.',
  'common.fieldErrors': 'Please correct the fields marked below.',

  'users.heading': 'Users',
  'users.new': 'New user',
  'users.searchPlaceholder': 'Username or display name',
  'users.username': 'Username',
  'users.displayName': 'Display name',
  'users.password': 'Password',
  'users.newPassword': 'New password',
  'users.passwordHint': 'At least 8 characters.',
  'users.roles': 'Roles',
  'users.warehouses': 'Warehouse scope',
  'users.allWarehouses': 'All warehouses',
  'users.selectedWarehouses': 'Only the warehouses ticked below',
  'users.noWarehouses': 'No warehouses yet — create one on the Warehouses tab.',
  'users.approvalLimit': 'Approval limit',
  'users.approvalLimitHint': 'Highest order amount this user may approve; leave empty for no limit, 0 = may not approve.',
  'users.noLimit': 'no limit',
  'users.active': 'Active',
  'users.status': 'Status',
  'users.statusActive': 'Active',
  'users.statusInactive': 'Inactive',
  'users.deactivate': 'Deactivate',
  'users.reactivate': 'Reactivate',
  'users.resetPassword': 'Reset password',
  'users.createTitle': 'New user',
  'users.editTitle': 'Edit user {username}',
  'users.resetTitle': 'Reset the password of {username}',
  'users.confirmDeactivate': 'Deactivate {username}? Their open sessions end and they can no longer sign in.',
  'users.created': 'User {username} created.',
  'users.updated': 'User {username} saved.',
  'users.deactivated': 'User {username} deactivated.',
  'users.reactivated': 'User {username} reactivated.',
  'users.passwordReset': 'The password of {username} was reset; their open sessions ended.',
  'users.unknownWarehouse': 'warehouse #{id}',

  'roles.heading': 'Roles',
  'roles.new': 'New role',
  'roles.name': 'Name',
  'roles.description': 'Description',
  'roles.builtIn': 'Built-in',
  'roles.inherits': 'Inherits from',
  'roles.permissions': 'Permissions',
  'roles.permissionCount': '{own} own / {effective} in total',
  'roles.inheritedMark': 'via inheritance',
  'roles.createTitle': 'New role',
  'roles.editTitle': 'Edit role {name}',
  'roles.adminFixed': 'The admin role always holds every permission.',
  'roles.confirmDelete': 'Delete the role {name}?',
  'roles.created': 'Role {name} created.',
  'roles.updated': 'Role {name} saved.',
  'roles.deleted': 'Role {name} deleted.',

  'module.item': 'Items',
  'module.warehouse': 'Warehouses',
  'module.stock': 'Stock',
  'module.stocktake': 'Stocktakes',
  'module.purchase': 'Purchasing',
  'module.supplier': 'Suppliers',
  'module.sales': 'Sales',
  'module.customer': 'Customers',
  'module.finance': 'Finance',
  'module.report': 'Reports',
  'module.user': 'Users',
  'module.role': 'Roles',
  'module.audit': 'Audit log',

  'warehouses.heading': 'Warehouses',
  'warehouses.new': 'New warehouse',
  'warehouses.code': 'Code',
  'warehouses.name': 'Name',
  'warehouses.address': 'Address',
  'warehouses.active': 'Active',
  'warehouses.created': 'Warehouse {code} created.',

  'audit.heading': 'Audit log',
  'audit.user': 'User',
  'audit.anyUser': 'Any user',
  'audit.entity': 'Entity',
  'audit.action': 'Action',
  'audit.from': 'From',
  'audit.to': 'To',
  'audit.at': 'Time',
  'audit.entityId': 'Record',
  'audit.ok': 'Result',
  'audit.okYes': 'OK',
  'audit.okNo': 'Refused / failed',
  'audit.detail': 'Detail',
  'audit.ip': 'IP',
  'audit.verify': 'Verify chain',
  'audit.verifyOk': 'The audit chain is intact: {checked} records checked.',
  'audit.verifyBroken': 'The audit chain is broken at record #{id}: {reason} ({checked} records checked before it).',
  'audit.any': 'Any',

  'problem.400': 'Bad request',
  'problem.401': 'Not signed in',
  'problem.403': 'Not permitted',
  'problem.404': 'Not found',
  'problem.409': 'Conflict',
  'problem.412': 'Changed meanwhile',
  'problem.413': 'Too large',
  'problem.422': 'Invalid input',
  'problem.429': 'Too many attempts',
  'problem.500': 'Server error',
  'problem.retryLater': 'Try again later.',
} as const;

export type MessageKey = keyof typeof en;

export const zh: Record<MessageKey, string> = {
  'app.title': 'JXC 进销存 · 系统管理',
  'app.signedInAs': '当前用户：{name}',
  'app.signOut': '退出登录',
  'app.language': '语言',
  'app.noPermissions': '此账号没有任何管理权限（用户、角色、仓库、审计日志）。',
  'app.sessionExpired': '登录已失效，请重新登录。',
  'app.loading': '加载中…',
  'app.networkError': '无法连接服务器，请检查网络后重试。',

  'login.heading': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',

  'tab.users': '用户',
  'tab.roles': '角色',
  'tab.warehouses': '仓库',
  'tab.audit': '审计日志',

  'common.save': '保存',
  'common.cancel': '取消',
  'common.confirm': '确定',
  'common.edit': '编辑',
  'common.delete': '删除',
  'common.create': '新增',
  'common.search': '搜索',
  'common.apply': '查询',
  'common.clear': '清空',
  'common.previous': '上一页',
  'common.next': '下一页',
  'common.actions': '操作',
  'common.yes': '是',
  'common.no': '否',
  'common.none': '—',
  'common.saved': '已保存。',
  'common.range': '第 {from}–{to} 条，共 {total} 条',
  'common.empty': '暂无数据。',
  'common.fieldErrors': '请修改下面标出的字段。',

  'users.heading': '用户',
  'users.new': '新增用户',
  'users.searchPlaceholder': '用户名或姓名',
  'users.username': '用户名',
  'users.displayName': '姓名',
  'users.password': '密码',
  'users.newPassword': '新密码',
  'users.passwordHint': '至少 8 个字符。',
  'users.roles': '角色',
  'users.warehouses': '仓库范围',
  'users.allWarehouses': '全部仓库',
  'users.selectedWarehouses': '仅限下面勾选的仓库',
  'users.noWarehouses': '还没有仓库——请先在“仓库”页新增。',
  'users.approvalLimit': '审批额度',
  'users.approvalLimitHint': '此用户可审批的最高单据金额；留空表示不限，0 表示无审批权。',
  'users.noLimit': '不限',
  'users.active': '启用',
  'users.status': '状态',
  'users.statusActive': '启用',
  'users.statusInactive': '停用',
  'users.deactivate': '停用',
  'users.reactivate': '重新启用',
  'users.resetPassword': '重置密码',
  'users.createTitle': '新增用户',
  'users.editTitle': '编辑用户 {username}',
  'users.resetTitle': '重置 {username} 的密码',
  'users.confirmDeactivate': '确定停用 {username}？其已登录的会话将失效，且无法再登录。',
  'users.created': '已新增用户 {username}。',
  'users.updated': '已保存用户 {username}。',
  'users.deactivated': '已停用用户 {username}。',
  'users.reactivated': '已重新启用用户 {username}。',
  'users.passwordReset': '已重置 {username} 的密码，其已登录的会话已失效。',
  'users.unknownWarehouse': '仓库 #{id}',

  'roles.heading': '角色',
  'roles.new': '新增角色',
  'roles.name': '名称',
  'roles.description': '说明',
  'roles.builtIn': '内置',
  'roles.inherits': '继承自',
  'roles.permissions': '权限',
  'roles.permissionCount': '自有 {own} 项 / 共 {effective} 项',
  'roles.inheritedMark': '继承所得',
  'roles.createTitle': '新增角色',
  'roles.editTitle': '编辑角色 {name}',
  'roles.adminFixed': 'admin 角色始终拥有全部权限。',
  'roles.confirmDelete': '确定删除角色 {name}？',
  'roles.created': '已新增角色 {name}。',
  'roles.updated': '已保存角色 {name}。',
  'roles.deleted': '已删除角色 {name}。',

  'module.item': '商品',
  'module.warehouse': '仓库',
  'module.stock': '库存',
  'module.stocktake': '盘点',
  'module.purchase': '采购',
  'module.supplier': '供应商',
  'module.sales': '销售',
  'module.customer': '客户',
  'module.finance': '财务',
  'module.report': '报表',
  'module.user': '用户',
  'module.role': '角色',
  'module.audit': '审计日志',

  'warehouses.heading': '仓库',
  'warehouses.new': '新增仓库',
  'warehouses.code': '编码',
  'warehouses.name': '名称',
  'warehouses.address': '地址',
  'warehouses.active': '启用',
  'warehouses.created': '已新增仓库 {code}。',

  'audit.heading': '审计日志',
  'audit.user': '用户',
  'audit.anyUser': '全部用户',
  'audit.entity': '对象',
  'audit.action': '操作',
  'audit.from': '开始日期',
  'audit.to': '结束日期',
  'audit.at': '时间',
  'audit.entityId': '记录',
  'audit.ok': '结果',
  'audit.okYes': '成功',
  'audit.okNo': '被拒绝/失败',
  'audit.detail': '详情',
  'audit.ip': 'IP',
  'audit.verify': '校验链',
  'audit.verifyOk': '审计链完整：已校验 {checked} 条记录。',
  'audit.verifyBroken': '审计链在第 #{id} 条记录处断开：{reason}（此前已校验 {checked} 条）。',
  'audit.any': '全部',

  'problem.400': '请求有误',
  'problem.401': '未登录',
  'problem.403': '无权限',
  'problem.404': '未找到',
  'problem.409': '冲突',
  'problem.412': '已被他人修改',
  'problem.413': '内容过大',
  'problem.422': '输入无效',
  'problem.429': '尝试次数过多',
  'problem.500': '服务器错误',
  'problem.retryLater': '请稍后再试。',
};

export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { en, zh };

/** Names shown in the language switch, each in its own language. */
export const LANGUAGE_NAMES: Record<Language, string> = { zh: '简体中文', en: 'English' };

/** `zh`, `zh-CN`, `zh-Hans-SG`… → Chinese; anything else → English. */
export function languageFor(tag: string | null | undefined): Language {
  return /^zh\b/i.test(tag ?? '') ? 'zh' : 'en';
}

/** The BCP 47 tag for dates, numbers and `<html lang>`. */
export function localeOf(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}

export type Vars = Record<string, string | number>;

/** Fills `{name}` placeholders; a placeholder without a value stays visible so the gap is noticed. */
export function format(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

let current: Language = 'en';

export function setLanguage(language: Language): void {
  current = language;
}

export function language(): Language {
  return current;
}

export function t(key: MessageKey, vars?: Vars): string {
  return format(DICTIONARIES[current][key], vars);
}

/** A module name from the permission catalogue, translated when known. */
export function moduleLabel(module: string): string {
  const key = `module.${module}` as MessageKey;
  return key in en ? t(key) : module;
}
