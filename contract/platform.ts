import { z } from 'zod';
import { decimalNumber } from './decimals';
import { expected, msgKey } from './validation-issues';

const text = (max: number) =>
  z.string({ error: expected('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const optionalText = (max: number) => z.string({ error: msgKey('validation.type:text') }).max(max, msgKey('validation.too-long')).nullable().optional();
const flag = z.boolean({ error: expected('validation.type:boolean') });
const notAnId = msgKey('validation.type:id');
export const id = z.number({ error: expected('validation.type:id') }).int(notAnId).positive(notAnId);
const notAVersion = msgKey('validation.type:version');
/**
 * The version of a master-data record a PATCH was based on (as If-Match is):
 * a record changed since is refused with 412 instead of overwritten.
 */
export const version = z.number({ error: expected('validation.type:version') }).int(notAVersion).positive(notAVersion);

export const loginRequest = z.strictObject({
  username: z.string({ error: msgKey('validation.required') }).min(1, msgKey('validation.required')).max(100),
  password: z.string({ error: msgKey('validation.required') }).min(1, msgKey('validation.required')).max(200),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  permissions: string[];
  /** null = every warehouse */
  warehouseIds: number[] | null;
  /** The highest baseTotal the user may approve: null = no limit, 0 = may not approve. */
  approvalLimit: number | null;
  active: boolean;
  version: number;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: UserView;
}

const username = z
  .string({ error: expected('validation.type:text') })
  .trim()
  .min(2, msgKey('validation.too-short'))
  .max(64, msgKey('validation.too-long'))
  .regex(/^[\p{L}\p{N}._@-]+$/u, msgKey('validation.format:username'));
const password = z.string({ error: expected('validation.type:text') }).min(8, msgKey('validation.too-short')).max(200, msgKey('validation.too-long'));
const roleNames = z.array(text(64), { error: expected('validation.type:role-list') }).max(50);
const warehouseIds = z.array(id, { error: expected('validation.type:warehouse-list') }).max(1000).nullable();

const approvalLimit = decimalNumber('money', { min: 0 }).nullable();

export const createUserRequest = z.strictObject({
  username,
  /** Omitted or blank: the username. */
  displayName: z.string({ error: msgKey('validation.type:text') }).trim().max(100, msgKey('validation.too-long')).nullable().optional(),
  password,
  roles: roleNames.default([]),
  warehouseIds: warehouseIds.default(null),
  approvalLimit: approvalLimit.default(0),
  active: flag.default(true),
});
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const updateUserRequest = z.strictObject({
  displayName: text(100).optional(),
  password: password.optional(),
  roles: roleNames.optional(),
  warehouseIds: warehouseIds.optional(),
  approvalLimit: approvalLimit.optional(),
  active: flag.optional(),
  version: version.optional(),
});
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

const permissionNames = z.array(z.string({ error: msgKey('validation.type:text') }), { error: expected('validation.type:permission-list') }).max(500);

export const roleRequest = z.strictObject({
  name: text(64),
  description: optionalText(200),
  permissions: permissionNames.default([]),
  inherits: roleNames.default([]),
});
/** Spelled out rather than `roleRequest.partial()`: zod applies defaults inside optional fields, which would wipe what a PATCH leaves out. */
export const updateRoleRequest = z.strictObject({
  name: text(64).optional(),
  description: optionalText(200),
  permissions: permissionNames.optional(),
  inherits: roleNames.optional(),
  version: version.optional(),
});
export type RoleRequest = z.infer<typeof roleRequest>;

export interface RoleView {
  id: number;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: string[];
  inherits: string[];
  /** Every permission the role grants, its own and inherited. */
  effectivePermissions: string[];
  version: number;
}

export const listQuery = z.object({
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
  q: z.string().max(100).optional(),
});

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: msgKey('validation.format:datetime') });

export const auditQuery = listQuery.extend({
  userId: z.coerce.number().int().positive().optional(),
  entity: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
});

export interface AuditRecord {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ok: boolean;
  detail: unknown;
  ip: string | null;
}

export const warehouseRequest = z.strictObject({
  code: text(32),
  name: text(100),
  address: optionalText(300),
  active: flag.default(true),
});
/** Spelled out for the same reason as updateRoleRequest: a default `active: true` would reactivate on every PATCH. */
export const updateWarehouseRequest = z.strictObject({
  code: text(32).optional(),
  name: text(100).optional(),
  address: optionalText(300),
  active: flag.optional(),
  version: version.optional(),
});
export type WarehouseRequest = z.infer<typeof warehouseRequest>;

export interface WarehouseView {
  id: number;
  code: string;
  name: string;
  address: string | null;
  active: boolean;
  version: number;
}
