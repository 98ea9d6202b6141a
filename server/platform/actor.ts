import type { Transaction } from 'sequelize';
import type { UserView } from '../../contract/platform';
import { fromScaled } from '../../contract/decimals';
import type { PlatformModels, UserRow } from '../db/models';
import { ADMIN_ROLE } from './permissions/built-in-roles';
import { effectivePermissions, loadRoleGraph } from './permissions/resolve-roles';

/** Who is making a request, with everything the permission checks and scopes need. */
export interface Actor {
  id: number;
  username: string;
  permissions: Set<string>;
  /** null = every warehouse */
  warehouseIds: number[] | null;
  /** In cents; null = no limit. */
  approvalLimit: number | null;
  isAdmin: boolean;
  view: UserView;
}

export async function loadUserViews(models: PlatformModels, users: UserRow[], tx?: Transaction): Promise<UserView[]> {
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  // One after another: inside a transaction they share one connection.
  const g = await loadRoleGraph(models, tx);
  const userRoles = await models.UserRole.findAll({ where: { userId: ids }, raw: true, transaction: tx });
  const userWarehouses = await models.UserWarehouse.findAll({ where: { userId: ids }, raw: true, transaction: tx });
  return users.map((u) => {
    const roleIds = userRoles.filter((r) => r.userId === u.id).map((r) => r.roleId);
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: roleIds.map((id) => g.byId.get(id)?.name ?? '').filter(Boolean).sort(),
      permissions: [...effectivePermissions(g, roleIds)].sort(),
      warehouseIds: u.allWarehouses
        ? null
        : userWarehouses.filter((w) => w.userId === u.id).map((w) => w.warehouseId).sort((a, b) => a - b),
      approvalLimit: u.approvalLimit === null ? null : fromScaled(u.approvalLimit, 'money'),
      active: Boolean(u.active),
      version: u.version,
    };
  });
}

export async function loadActor(models: PlatformModels, userId: number): Promise<Actor | null> {
  const user = await models.User.findOne({ where: { id: userId, active: true }, raw: true });
  if (!user) return null;
  const [view] = await loadUserViews(models, [user]);
  return {
    id: user.id,
    username: user.username,
    permissions: new Set(view!.permissions),
    warehouseIds: view!.warehouseIds,
    approvalLimit: user.approvalLimit === null ? null : Number(user.approvalLimit),
    isAdmin: view!.roles.includes(ADMIN_ROLE),
    view: view!,
  };
}
