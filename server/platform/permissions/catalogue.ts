/**
 * Every permission of all eight modules, declared up front so later modules
 * only use them. `module:action`; descriptions are shown on the admin page.
 */
export const PERMISSIONS = {
  'item:read': { en: 'View items', zh: '查看商品' },
  'item:create': { en: 'Create items', zh: '新增商品' },
  'item:update': { en: 'Edit items', zh: '修改商品' },
  'item:delete': { en: 'Delete items', zh: '删除商品' },
  'warehouse:read': { en: 'View warehouses', zh: '查看仓库' },
  'warehouse:create': { en: 'Create warehouses', zh: '新增仓库' },
  'warehouse:update': { en: 'Edit warehouses', zh: '修改仓库' },
  'warehouse:delete': { en: 'Delete warehouses', zh: '删除仓库' },
  'stock:read': { en: 'View stock balances, ledger and alerts', zh: '查看库存、台账和预警' },
  'stock:adjust': { en: 'Post stock adjustments and opening stock', zh: '过账库存调整和期初库存' },
  'stock:transfer': { en: 'Post transfers between warehouses', zh: '过账仓库调拨' },
  'stocktake:read': { en: 'View stocktakes', zh: '查看盘点单' },
  'stocktake:create': { en: 'Open stocktakes', zh: '创建盘点单' },
  'stocktake:count': { en: 'Enter stocktake counts', zh: '录入盘点数量' },
  'stocktake:post': { en: 'Post stocktake variances', zh: '过账盘点差异' },
  'purchase:read': { en: 'View purchase orders, receipts and invoices', zh: '查看采购订单、入库和发票' },
  'purchase:create': { en: 'Create and edit purchase orders', zh: '新增和修改采购订单' },
  'purchase:approve': { en: 'Approve purchase orders (within approval limit)', zh: '审批采购订单（审批额度内）' },
  'purchase:receive': { en: 'Post purchase receipts', zh: '过账采购入库' },
  'purchase:invoice': { en: 'Enter supplier invoices', zh: '录入供应商发票' },
  'purchase:return': { en: 'Post purchase returns', zh: '过账采购退货' },
  'purchase:cancel': { en: 'Cancel purchase documents', zh: '作废采购单据' },
  'supplier:read': { en: 'View suppliers', zh: '查看供应商' },
  'supplier:create': { en: 'Create suppliers', zh: '新增供应商' },
  'supplier:update': { en: 'Edit and rate suppliers', zh: '修改和评价供应商' },
  'supplier:delete': { en: 'Delete suppliers', zh: '删除供应商' },
  'supplier:pay': { en: 'Post supplier payments', zh: '过账供应商付款' },
  'sales:read': { en: 'View sales orders, shipments and invoices', zh: '查看销售订单、出库和发票' },
  'sales:create': { en: 'Create and edit sales orders', zh: '新增和修改销售订单' },
  'sales:approve': { en: 'Approve sales orders', zh: '审批销售订单' },
  'sales:credit-override': { en: 'Approve beyond a customer credit limit', zh: '超信用额度审批' },
  'sales:ship': { en: 'Post shipments', zh: '过账销售出库' },
  'sales:invoice': { en: 'Issue sales invoices', zh: '开具销售发票' },
  'sales:return': { en: 'Post sales returns', zh: '过账销售退货' },
  'sales:cancel': { en: 'Cancel sales documents', zh: '作废销售单据' },
  'customer:read': { en: 'View customers', zh: '查看客户' },
  'customer:create': { en: 'Create customers', zh: '新增客户' },
  'customer:update': { en: 'Edit customers and credit limits', zh: '修改客户和信用额度' },
  'customer:delete': { en: 'Delete customers', zh: '删除客户' },
  'customer:receive': { en: 'Post customer receipts', zh: '过账客户收款' },
  'customer:service': { en: 'Handle after-sales service tickets', zh: '处理售后服务工单' },
  'finance:read': { en: 'View accounts, journals and statements', zh: '查看科目、凭证和报表' },
  'finance:journal': { en: 'Post manual journal entries', zh: '录入手工凭证' },
  'finance:accounts': { en: 'Manage accounts, currencies and rates', zh: '管理科目、币种和汇率' },
  'finance:close': { en: 'Close and reopen periods', zh: '结账和反结账' },
  'finance:cash': { en: 'Post cash entries and transfers between cash and bank accounts', zh: '登记收支和资金账户间转账' },
  'report:read': { en: 'Run standard reports', zh: '运行标准报表' },
  'report:custom': { en: 'Define and run custom reports', zh: '定义和运行自定义报表' },
  'user:read': { en: 'View users', zh: '查看用户' },
  'user:create': { en: 'Create users', zh: '新增用户' },
  'user:update': { en: 'Edit users, scopes and passwords', zh: '修改用户、范围和密码' },
  'user:delete': { en: 'Delete users', zh: '删除用户' },
  'role:read': { en: 'View roles', zh: '查看角色' },
  'role:create': { en: 'Create roles', zh: '新增角色' },
  'role:update': { en: 'Edit roles', zh: '修改角色' },
  'role:delete': { en: 'Delete roles', zh: '删除角色' },
  'audit:read': { en: 'View and verify the audit log', zh: '查看和校验审计日志' },
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}

export function moduleOf(permission: string): string {
  return permission.split(':')[0] ?? permission;
}
