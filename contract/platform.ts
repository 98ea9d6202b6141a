import { z } from 'zod';
import { decimalNumber } from './decimals';

/** A missing field says so; a field of the wrong type says what it should be. */
const expected = (what: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what);
const text = (max: number) => z.string({ error: expected('must be text') }).trim().min(1, 'is required').max(max, `at most ${max} characters`);
const optionalText = (max: number) => z.string({ error: 'must be text' }).max(max, `at most ${max} characters`).nullable().optional();
export const id = z.number({ error: 'must be an id' }).int('must be an id').positive('must be an id');
/**
 * The version of a master-data record a PATCH was based on (as If-Match is):
 * a record changed since is refused with 412 instead of overwritten.
 */
export const version = z.number({ error: 'must be a version number' }).int('must be a version number').positive('must be a version number');

export const loginRequest = z.strictObject({
  username: z.string({ error: 'is required' }).min(1, 'is required').max(100),
  password: z.string({ error: 'is required' }).min(1, 'is required').max(200),
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
  .string({ error: expected('must be text') })
  .trim()
  .min(2, 'at least 2 characters')
  .max(64, 'at most 64 characters')
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
const password = z.string({ error: expected('must be text') }).min(8, 'at least 8 characters').max(200, 'at most 200 characters');
const roleNames = z.array(text(64), { error: 'must be a list of role names' }).max(50);
const warehouseIds = z.array(id, { error: 'must be a list of warehouse ids, or null for all' }).max(1000).nullable();

const approvalLimit = decimalNumber('money', { min: 0 }).nullable();

export const createUserRequest = z.strictObject({
  username,
  /** Omitted or blank: the username. */
  displayName: z.string({ error: 'must be text' }).trim().max(100, 'at most 100 characters').nullable().optional(),
  password,
  roles: roleNames.default([]),
  warehouseIds: warehouseIds.default(null),
  approvalLimit: approvalLimit.default(0),
  active: z.boolean({ error: 'must be true or false' }).default(true),
});
export type CreateUserRequest = z.infer<typeof createUserRequest>;

export const updateUserRequest = z.strictObject({
  displayName: text(100).optional(),
  password: password.optional(),
  roles: roleNames.optional(),
  warehouseIds: warehouseIds.optional(),
  approvalLimit: approvalLimit.optional(),
  active: z.boolean({ error: 'must be true or false' }).optional(),
  version: version.optional(),
});
export type UpdateUserRequest = z.infer<typeof updateUserRequest>;

const permissionNames = z.array(z.string({ error: 'must be text' }), { error: 'must be a list of permissions' }).max(500);

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
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: 'must be a number' }).int().min(0).default(0),
  q: z.string().max(100).optional(),
});

export const auditQuery = listQuery.extend({
  userId: z.coerce.number().int().positive().optional(),
  entity: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
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
  active: z.boolean({ error: 'must be true or false' }).default(true),
});
/** Spelled out for the same reason as updateRoleRequest: a default `active: true` would reactivate on every PATCH. */
export const updateWarehouseRequest = z.strictObject({
  code: text(32).optional(),
  name: text(100).optional(),
  address: optionalText(300),
  active: z.boolean({ error: 'must be true or false' }).optional(),
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
