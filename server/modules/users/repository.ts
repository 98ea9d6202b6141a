import { Transaction } from 'sequelize';
import type { UserView } from '../../../contract/platform';
import type { Dialect } from '../../db/database';
import type { PlatformModels, UserRow } from '../../db/models';
import { loadUserViews } from '../../platform/actor';
import { ADMIN_ROLE } from '../../platform/permissions/built-in-roles';
import { containsText } from '../../platform/search';

export class UserRepository {
  constructor(
    private readonly models: PlatformModels,
    private readonly dialect: Dialect,
  ) {}

  async list(filter: { q?: string; limit: number; offset: number }): Promise<{ data: UserView[]; total: number }> {
    const where = filter.q ? containsText(this.dialect, ['username', 'display_name'], filter.q) : {};
    const { rows, count } = await this.models.User.findAndCountAll({ where, order: [['id', 'ASC']], limit: filter.limit, offset: filter.offset, raw: true });
    return { data: await loadUserViews(this.models, rows), total: count };
  }

  async find(id: number, tx?: Transaction): Promise<UserRow | null> {
    return this.models.User.findOne({ where: { id }, transaction: tx, raw: true });
  }

  async findByUsername(username: string, tx?: Transaction): Promise<UserRow | null> {
    return this.models.User.findOne({ where: { username }, transaction: tx, raw: true });
  }

  async view(id: number, tx?: Transaction): Promise<UserView | null> {
    const row = await this.find(id, tx);
    return row ? (await loadUserViews(this.models, [row], tx))[0]! : null;
  }

  async insert(row: Omit<UserRow, 'id' | 'version'>, tx: Transaction): Promise<number> {
    const created = await this.models.User.create(row, { transaction: tx });
    return Number(created.get('id'));
  }

  async update(id: number, changes: Partial<UserRow>, tx: Transaction): Promise<void> {
    await this.models.User.update(changes, { where: { id }, transaction: tx });
  }

  async remove(id: number, tx: Transaction): Promise<void> {
    await this.models.User.destroy({ where: { id }, transaction: tx });
  }

  async setRoles(userId: number, roleIds: number[], tx: Transaction): Promise<void> {
    await this.models.UserRole.destroy({ where: { userId }, transaction: tx });
    if (roleIds.length) await this.models.UserRole.bulkCreate(roleIds.map((roleId) => ({ userId, roleId })), { transaction: tx });
  }

  async setWarehouses(userId: number, warehouseIds: number[] | null, tx: Transaction): Promise<void> {
    await this.models.UserWarehouse.destroy({ where: { userId }, transaction: tx });
    await this.models.User.update({ allWarehouses: warehouseIds === null }, { where: { id: userId }, transaction: tx });
    if (warehouseIds?.length) {
      await this.models.UserWarehouse.bulkCreate(warehouseIds.map((warehouseId) => ({ userId, warehouseId })), { transaction: tx });
    }
  }

  /**
   * Ids of active users holding the admin role. Locks the admin role's row
   * (PostgreSQL), so two requests each removing a different one of the last two
   * admins are taken one after the other and the second sees the first.
   */
  async activeAdminIds(tx: Transaction): Promise<number[]> {
    const admin = await this.models.Role.findOne({ where: { name: ADMIN_ROLE }, lock: tx.LOCK.NO_KEY_UPDATE, transaction: tx, raw: true });
    if (!admin) return [];
    const links = await this.models.UserRole.findAll({ where: { roleId: admin.id }, transaction: tx, raw: true });
    const users = await this.models.User.findAll({ where: { id: links.map((l) => l.userId), active: true }, attributes: ['id'], transaction: tx, raw: true });
    return users.map((u) => u.id);
  }

  /** Whether the user ever acted (signed in, changed anything): such a user is deactivated, not deleted. */
  async hasHistory(userId: number, tx: Transaction): Promise<boolean> {
    return (await this.models.AuditLog.count({ where: { userId }, transaction: tx })) > 0;
  }
}
