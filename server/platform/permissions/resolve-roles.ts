import type { Transaction } from 'sequelize';
import type { PlatformModels, RoleRow } from '../../db/models';

export interface RoleGraph {
  byName: Map<string, RoleRow>;
  byId: Map<number, RoleRow>;
  /** role id → the ids of the roles it inherits directly */
  parents: Map<number, number[]>;
}

export async function loadRoleGraph(models: PlatformModels, tx?: Transaction): Promise<RoleGraph> {
  // One after another: inside a transaction they share one connection.
  const roles = await models.Role.findAll({ raw: true, transaction: tx });
  const edges = await models.RoleInherit.findAll({ raw: true, transaction: tx });
  const parents = new Map<number, number[]>();
  for (const e of edges) parents.set(e.roleId, [...(parents.get(e.roleId) ?? []), e.parentId]);
  return {
    byName: new Map(roles.map((r) => [r.name, r])),
    byId: new Map(roles.map((r) => [r.id, r])),
    parents,
  };
}

/** Permissions of the given roles and of every role they inherit, at any depth. */
export function effectivePermissions(graph: RoleGraph, roleIds: number[]): Set<string> {
  const out = new Set<string>();
  const seen = new Set<number>();
  const stack = [...roleIds];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const role = graph.byId.get(id);
    if (!role) continue;
    for (const p of JSON.parse(role.permissions) as string[]) out.add(p);
    stack.push(...(graph.parents.get(id) ?? []));
  }
  return out;
}

/** Whether making `roleId` inherit `parentIds` would let a role inherit itself. */
export function wouldCycle(graph: RoleGraph, roleId: number, parentIds: number[]): boolean {
  const stack = [...parentIds];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === roleId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.parents.get(id) ?? []));
  }
  return false;
}
