import { ALL_PERMISSIONS, Permission } from './catalogue';

export interface BuiltInRole {
  name: string;
  description: string;
  permissions: Permission[];
  inherits: string[];
}

const readEverythingButAdministration = ALL_PERMISSIONS.filter(
  (p) => p.endsWith(':read') && !p.startsWith('user:') && !p.startsWith('role:') && !p.startsWith('audit:'),
);

/** Seeded on every start if missing; `admin` always holds every permission. */
export const BUILT_IN_ROLES: BuiltInRole[] = [
  { name: 'viewer', description: '只读 / Read-only', permissions: readEverythingButAdministration, inherits: [] },
  {
    name: 'warehouse',
    description: '仓管 / Warehouse clerk',
    permissions: ['stock:adjust', 'stock:transfer', 'stocktake:create', 'stocktake:count', 'stocktake:post', 'purchase:receive', 'sales:ship', 'item:create', 'item:update'],
    inherits: ['viewer'],
  },
  {
    name: 'purchaser',
    description: '采购 / Purchaser',
    permissions: ['purchase:create', 'purchase:approve', 'purchase:receive', 'purchase:invoice', 'purchase:return', 'purchase:cancel', 'supplier:create', 'supplier:update', 'item:create', 'item:update'],
    inherits: ['viewer'],
  },
  {
    name: 'sales',
    description: '销售 / Sales',
    permissions: ['sales:create', 'sales:approve', 'sales:ship', 'sales:invoice', 'sales:return', 'sales:cancel', 'customer:create', 'customer:update', 'customer:service'],
    inherits: ['viewer'],
  },
  {
    name: 'accountant',
    description: '会计 / 出纳 — Accountant and cashier',
    permissions: ['finance:read', 'finance:journal', 'finance:accounts', 'finance:close', 'finance:cash', 'supplier:pay', 'customer:receive', 'purchase:invoice', 'sales:invoice', 'report:custom'],
    inherits: ['viewer'],
  },
  {
    name: 'manager',
    description: '经理 / Manager',
    permissions: ['sales:credit-override', 'report:custom', 'warehouse:create', 'warehouse:update', 'item:delete', 'supplier:delete', 'customer:delete', 'user:read', 'role:read', 'audit:read'],
    inherits: ['purchaser', 'sales', 'warehouse', 'accountant'],
  },
  { name: 'admin', description: '系统管理员 / Administrator', permissions: ALL_PERMISSIONS, inherits: [] },
];

export const ADMIN_ROLE = 'admin';
