import { Transaction } from 'sequelize';
import type { RoleRequest, RoleView } from '../../../contract/platform';
import type { PlatformModels, RoleRow } from '../../db/models';
import type { Actor } from '../../platform/actor';
import { conflict, fieldError, forbidden, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { ADMIN_ROLE } from '../../platform/permissions/built-in-roles';
import { isPermission } from '../../platform/permissions/catalogue';
import { effectivePermissions, loadRoleGraph, RoleGraph, wouldCycle } from '../../platform/permissions/resolve-roles';
import { claimNextVersion, ExpectedVersions } from '../../platform/versions';

export function roleView(graph: RoleGraph, role: RoleRow): RoleView {
  return {
    id: role.id,
    name: role.name,
    description: role.description ?? null,
    builtIn: Boolean(role.builtIn),
    permissions: (JSON.parse(role.permissions) as string[]).sort(),
    inherits: (graph.parents.get(role.id) ?? []).map((id) => graph.byId.get(id)!.name).sort(),
    effectivePermissions: [...effectivePermissions(graph, [role.id])].sort(),
    version: role.version,
  };
}

export async function listRoles(models: PlatformModels): Promise<RoleView[]> {
  const graph = await loadRoleGraph(models);
  return [...graph.byId.values()].sort((a, b) => a.id - b.id).map((r) => roleView(graph, r));
}

function checkPermissions(permissions: string[]): void {
  const errors = permissions.flatMap((p, i) => (isPermission(p) ? [] : [fieldError(['permissions', i], msg('reference.unknown:field-permission', { name: p }))]));
  if (errors.length) throw invalid(msg('reference.unknown:permission'), errors);
}

/** Nobody hands out more than they hold, whether as a role's own permissions or through the roles it inherits. */
function assertWithinReach(actor: Actor, graph: RoleGraph, permissions: string[], parents: number[]): void {
  const granted = new Set([...permissions, ...effectivePermissions(graph, parents)]);
  const beyond = [...granted].filter((p) => !actor.permissions.has(p));
  if (beyond.length) throw forbidden(msg('permission.beyond-own:grant', { permissions: beyond.slice(0, 5).join(', ') }));
}

function parentIds(graph: RoleGraph, roleId: number, names: string[]): number[] {
  const errors = names.flatMap((n, i) => (graph.byName.has(n) ? [] : [fieldError(['inherits', i], msg('reference.unknown:field-role', { name: n }))]));
  if (errors.length) throw invalid(msg('reference.unknown:role-to-inherit'), errors);
  const ids = [...new Set(names.map((n) => graph.byName.get(n)!.id))];
  if (wouldCycle(graph, roleId, ids)) throw invalid(msg('role.cycle'), [fieldError(['inherits'], msg('role.cycle:field'))]);
  return ids;
}

const nameTaken = (name: string) => conflict(msg('record.duplicate:role-name', { name }), [fieldError(['name'], msg('record.duplicate:field'))]);

async function setParents(models: PlatformModels, roleId: number, ids: number[], tx: Transaction): Promise<void> {
  await models.RoleInherit.destroy({ where: { roleId }, transaction: tx });
  if (ids.length) await models.RoleInherit.bulkCreate(ids.map((parentId) => ({ roleId, parentId })), { transaction: tx });
}

async function reload(models: PlatformModels, id: number, tx: Transaction): Promise<RoleView> {
  const graph = await loadRoleGraph(models, tx);
  return roleView(graph, graph.byId.get(id)!);
}

export async function createRole(models: PlatformModels, actor: Actor, input: RoleRequest, tx: Transaction): Promise<RoleView> {
  if (await models.Role.findOne({ where: { name: input.name }, transaction: tx })) {
    throw nameTaken(input.name);
  }
  checkPermissions(input.permissions);
  const graph = await loadRoleGraph(models, tx);
  const parents = parentIds(graph, -1, input.inherits);
  assertWithinReach(actor, graph, input.permissions, parents);
  const created = await models.Role.create(
    { name: input.name, description: input.description ?? null, permissions: JSON.stringify([...new Set(input.permissions)]), builtIn: false },
    { transaction: tx },
  );
  const id = Number(created.get('id'));
  await setParents(models, id, parents, tx);
  return reload(models, id, tx);
}

export async function updateRole(models: PlatformModels, actor: Actor, id: number, input: Partial<RoleRequest>, expected: ExpectedVersions, tx: Transaction): Promise<{ before: RoleView; after: RoleView }> {
  const graph = await loadRoleGraph(models, tx);
  const role = graph.byId.get(id);
  if (!role) throw notFound(msg('entity.role', { id }));
  const before = roleView(graph, role);
  await claimNextVersion(models.Role, id, expected, tx, msg('entity.role', { id: role.name }));
  if (role.name === ADMIN_ROLE && (input.permissions || input.inherits || (input.name && input.name !== role.name))) {
    throw conflict(msg('role.admin-fixed'));
  }
  if (role.builtIn && input.name && input.name !== role.name) throw conflict(msg('role.built-in:rename'), [fieldError(['name'], msg('role.built-in:field'))]);
  if (input.name && input.name !== role.name && graph.byName.has(input.name)) throw nameTaken(input.name);
  if (input.permissions) checkPermissions(input.permissions);
  const parents = input.inherits ? parentIds(graph, id, input.inherits) : [];
  assertWithinReach(actor, graph, input.permissions ?? [], parents);
  if (input.inherits) await setParents(models, id, parents, tx);
  await models.Role.update(
    {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.permissions !== undefined && { permissions: JSON.stringify([...new Set(input.permissions)]) }),
    },
    { where: { id }, transaction: tx },
  );
  return { before, after: await reload(models, id, tx) };
}

export async function deleteRole(models: PlatformModels, id: number, tx: Transaction): Promise<RoleView> {
  const graph = await loadRoleGraph(models, tx);
  const role = graph.byId.get(id);
  if (!role) throw notFound(msg('entity.role', { id }));
  if (role.builtIn) throw conflict(msg('role.built-in:delete'));
  const holders = await models.UserRole.count({ where: { roleId: id }, transaction: tx });
  if (holders > 0) throw conflict(msg('role.in-use:holders', { count: holders }));
  const heirs = await models.RoleInherit.count({ where: { parentId: id }, transaction: tx });
  if (heirs > 0) throw conflict(msg('role.in-use:heirs', { count: heirs }));
  const view = roleView(graph, role);
  await models.RoleInherit.destroy({ where: { roleId: id }, transaction: tx });
  await models.Role.destroy({ where: { id }, transaction: tx });
  return view;
}
