import { DataTypes, Model, ModelStatic, Sequelize } from 'sequelize';
import { defineInventoryModels, InventoryModels, versionAttribute } from './inventory-models';

/** A model whose rows are read as plain objects of T (queries use `raw: true`). */
export type Table<T extends object> = ModelStatic<Model<T, Partial<T>> & T>;

export interface WarehouseRow {
  id: number;
  code: string;
  name: string;
  address: string | null;
  active: boolean;
  version: number;
}
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  active: boolean;
  allWarehouses: boolean;
  /** Cents; null = no limit. */
  approvalLimit: number | null;
  version: number;
}
export interface RoleRow {
  id: number;
  name: string;
  description: string | null;
  permissions: string;
  builtIn: boolean;
  version: number;
}
export interface AuthTokenRow {
  id: number;
  userId: number;
  tokenHash: string;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}
export interface AuditRow {
  id: number;
  at: Date;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ok: boolean;
  detail: string;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface PlatformModels {
  Warehouse: Table<WarehouseRow>;
  User: Table<UserRow>;
  Role: Table<RoleRow>;
  RoleInherit: Table<{ roleId: number; parentId: number }>;
  UserRole: Table<{ userId: number; roleId: number }>;
  UserWarehouse: Table<{ userId: number; warehouseId: number }>;
  AuthToken: Table<AuthTokenRow>;
  AuditLog: Table<AuditRow>;
  AuditHead: Table<{ id: number; lastId: number; lastHash: string }>;
}

const options = { underscored: true, timestamps: false, freezeTableName: true } as const;
const pk = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true };

export function definePlatformModels(s: Sequelize): PlatformModels {
  const stamps = { underscored: true, timestamps: true, freezeTableName: true } as const;
  return {
    Warehouse: s.define('warehouses', {
      id: pk,
      code: DataTypes.STRING,
      name: DataTypes.STRING,
      address: DataTypes.STRING,
      active: DataTypes.BOOLEAN,
      version: versionAttribute,
    }, stamps) as unknown as Table<WarehouseRow>,
    User: s.define('users', {
      id: pk,
      username: DataTypes.STRING,
      displayName: DataTypes.STRING,
      passwordHash: DataTypes.STRING,
      active: DataTypes.BOOLEAN,
      allWarehouses: DataTypes.BOOLEAN,
      approvalLimit: DataTypes.BIGINT,
      version: versionAttribute,
    }, stamps) as unknown as Table<UserRow>,
    Role: s.define('roles', {
      id: pk,
      name: DataTypes.STRING,
      description: DataTypes.STRING,
      permissions: DataTypes.TEXT,
      builtIn: DataTypes.BOOLEAN,
      version: versionAttribute,
    }, stamps) as unknown as Table<RoleRow>,
    RoleInherit: s.define('role_inherits', {
      roleId: { type: DataTypes.INTEGER, primaryKey: true },
      parentId: { type: DataTypes.INTEGER, primaryKey: true },
    }, options) as unknown as Table<{ roleId: number; parentId: number }>,
    UserRole: s.define('user_roles', {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      roleId: { type: DataTypes.INTEGER, primaryKey: true },
    }, options) as unknown as Table<{ userId: number; roleId: number }>,
    UserWarehouse: s.define('user_warehouses', {
      userId: { type: DataTypes.INTEGER, primaryKey: true },
      warehouseId: { type: DataTypes.INTEGER, primaryKey: true },
    }, options) as unknown as Table<{ userId: number; warehouseId: number }>,
    AuthToken: s.define('auth_tokens', {
      id: pk,
      userId: DataTypes.INTEGER,
      tokenHash: DataTypes.STRING,
      expiresAt: DataTypes.DATE,
      revokedAt: DataTypes.DATE,
      createdAt: DataTypes.DATE,
    }, options) as unknown as Table<AuthTokenRow>,
    AuditLog: s.define('audit_log', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      at: DataTypes.DATE,
      userId: DataTypes.INTEGER,
      username: DataTypes.STRING,
      action: DataTypes.STRING,
      entity: DataTypes.STRING,
      entityId: DataTypes.STRING,
      ok: DataTypes.BOOLEAN,
      detail: DataTypes.TEXT,
      ip: DataTypes.STRING,
      prevHash: DataTypes.STRING,
      hash: DataTypes.STRING,
    }, options) as unknown as Table<AuditRow>,
    AuditHead: s.define('audit_head', {
      id: { type: DataTypes.INTEGER, primaryKey: true },
      lastId: DataTypes.BIGINT,
      lastHash: DataTypes.STRING,
    }, options) as unknown as Table<{ id: number; lastId: number; lastHash: string }>,
  };
}

export type Models = PlatformModels & InventoryModels;

export function defineModels(s: Sequelize): Models {
  return { ...definePlatformModels(s), ...defineInventoryModels(s) };
}
