import { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { CreateUserRequest, UpdateUserRequest, UserView } from '../../../contract/platform';
import type { PlatformModels } from '../../db/models';
import type { Actor } from '../../platform/actor';
import { conflict, fieldError, forbidden, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { ADMIN_ROLE } from '../../platform/permissions/built-in-roles';
import { effectivePermissions, loadRoleGraph } from '../../platform/permissions/resolve-roles';
import type { Services } from '../../platform/services';
import { claimNextVersion, ExpectedVersions } from '../../platform/versions';
import { UserRepository } from './repository';

async function resolveRoleIds(models: PlatformModels, actor: Actor, names: string[], tx: Transaction): Promise<number[]> {
  const graph = await loadRoleGraph(models, tx);
  const errors = names.flatMap((name, i) => (graph.byName.has(name) ? [] : [fieldError(['roles', i], msg('reference.unknown:field-role', { name }))]));
  if (errors.length) throw invalid(msg('reference.unknown:role'), errors);
  const ids = [...new Set(names.map((n) => graph.byName.get(n)!.id))];
  // Nobody hands out more than they hold themselves.
  const beyond = [...effectivePermissions(graph, ids)].filter((p) => !actor.permissions.has(p));
  if (beyond.length) throw forbidden(msg('permission.beyond-own:grant', { permissions: beyond.slice(0, 5).join(', ') }));
  return ids;
}

/** Nobody hands out warehouses they do not see themselves, nor "every warehouse" when they see only some. */
function assertScopeWithinReach(actor: Actor, warehouseIds: number[] | null): void {
  const own = actor.warehouseIds;
  if (own === null) return;
  if (warehouseIds === null) throw forbidden(msg('permission.beyond-own:all-warehouses'));
  const beyond = warehouseIds.filter((id) => !own.includes(id));
  if (beyond.length) throw forbidden(msg('permission.beyond-own:warehouses', { warehouses: beyond.slice(0, 5).join(', ') }));
}

/**
 * A user who holds more than the actor (permissions or warehouses) is changed
 * only by someone holding at least as much: otherwise resetting their password
 * or roles would be a way to take over what they hold.
 */
function assertUserWithinReach(actor: Actor, user: UserView): void {
  const beyond = user.permissions.filter((p) => !actor.permissions.has(p));
  if (beyond.length) throw forbidden(msg('permission.beyond-own:user-permissions', { username: user.username, permissions: beyond.slice(0, 5).join(', ') }));
  const own = actor.warehouseIds;
  if (own !== null && (user.warehouseIds === null || user.warehouseIds.some((id) => !own.includes(id)))) {
    throw forbidden(msg('permission.beyond-own:user-warehouses', { username: user.username }));
  }
}

async function assertWarehousesExist(models: PlatformModels, ids: number[] | null, tx: Transaction): Promise<void> {
  if (!ids) return;
  const found = new Set((await models.Warehouse.findAll({ where: { id: ids }, attributes: ['id'], transaction: tx, raw: true })).map((w) => w.id));
  const errors = ids.flatMap((id, i) => (found.has(id) ? [] : [fieldError(['warehouseIds', i], msg('reference.unknown:field-warehouse', { ref: id }))]));
  if (errors.length) throw invalid(msg('reference.unknown:warehouse'), errors);
}

/** null = no limit. */
const centsOrNull = (limit: number | null) => (limit === null ? null : toScaled(limit, 'money'));

export async function createUser(services: Services, actor: Actor, input: CreateUserRequest, tx: Transaction): Promise<UserView> {
  const users = new UserRepository(services.models, services.db.dialect);
  const username = input.username.toLowerCase();
  if (await users.findByUsername(username, tx)) throw conflict(msg('record.duplicate:username', { username }), [fieldError(['username'], msg('record.duplicate:field'))]);
  const roleIds = await resolveRoleIds(services.models, actor, input.roles, tx);
  await assertWarehousesExist(services.models, input.warehouseIds, tx);
  assertScopeWithinReach(actor, input.warehouseIds);
  const id = await users.insert(
    {
      username,
      displayName: input.displayName || username,
      passwordHash: await services.passwords.hash(input.password),
      active: input.active,
      allWarehouses: input.warehouseIds === null,
      approvalLimit: centsOrNull(input.approvalLimit),
    },
    tx,
  );
  await users.setRoles(id, roleIds, tx);
  await users.setWarehouses(id, input.warehouseIds, tx);
  return (await users.view(id, tx))!;
}

/** The last active admin must stay an active admin, or nobody could administer the system. */
async function assertNotLastAdmin(users: UserRepository, userId: number, tx: Transaction): Promise<void> {
  const admins = await users.activeAdminIds(tx);
  if (admins.length === 1 && admins[0] === userId) {
    throw conflict(msg('user.last-admin'));
  }
}

export async function updateUser(
  services: Services,
  actor: Actor,
  id: number,
  input: Omit<UpdateUserRequest, 'version'>,
  expected: ExpectedVersions,
  tx: Transaction,
): Promise<{ before: UserView; after: UserView }> {
  const users = new UserRepository(services.models, services.db.dialect);
  const before = await users.view(id, tx);
  if (!before) throw notFound(msg('entity.user', { id }));
  assertUserWithinReach(actor, before);
  await claimNextVersion(services.models.User, id, expected, tx, msg('entity.user', { id: before.username }));
  const losesAdmin = (input.roles !== undefined && !input.roles.includes(ADMIN_ROLE)) || input.active === false;
  if (before.active && before.roles.includes(ADMIN_ROLE) && losesAdmin) await assertNotLastAdmin(users, id, tx);
  if (input.roles) await users.setRoles(id, await resolveRoleIds(services.models, actor, input.roles, tx), tx);
  if (input.warehouseIds !== undefined) {
    await assertWarehousesExist(services.models, input.warehouseIds, tx);
    assertScopeWithinReach(actor, input.warehouseIds);
    await users.setWarehouses(id, input.warehouseIds, tx);
  }
  await users.update(
    id,
    {
      ...(input.displayName !== undefined && { displayName: input.displayName }),
      ...(input.active !== undefined && { active: input.active }),
      ...(input.approvalLimit !== undefined && { approvalLimit: centsOrNull(input.approvalLimit) }),
      ...(input.password !== undefined && { passwordHash: await services.passwords.hash(input.password) }),
    },
    tx,
  );
  // A new password or a deactivation ends every open session of that user.
  if (input.password !== undefined || input.active === false) await services.tokens.revokeAllOf(id, tx);
  return { before, after: (await users.view(id, tx))! };
}

export async function deleteUser(services: Services, actor: Actor, id: number, tx: Transaction): Promise<UserView> {
  const users = new UserRepository(services.models, services.db.dialect);
  const user = await users.view(id, tx);
  if (!user) throw notFound(msg('entity.user', { id }));
  assertUserWithinReach(actor, user);
  if (user.active && user.roles.includes(ADMIN_ROLE)) await assertNotLastAdmin(users, id, tx);
  if (await users.hasHistory(id, tx)) {
    throw conflict(msg('user.has-history'));
  }
  await users.remove(id, tx);
  return user;
}
