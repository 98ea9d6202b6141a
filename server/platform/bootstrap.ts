import { randomBytes } from 'node:crypto';
import { literal, Op } from 'sequelize';
import type { Services } from './services';
import { ADMIN_ROLE, BUILT_IN_ROLES } from './permissions/built-in-roles';

/** Seeds the built-in roles; the admin role is kept holding every permission in the catalogue. */
async function seedRoles(services: Services): Promise<void> {
  const { models, db } = services;
  await db.transaction(async (tx) => {
    const created = new Set<string>();
    for (const role of BUILT_IN_ROLES) {
      const existing = await models.Role.findOne({ where: { name: role.name }, transaction: tx, raw: true });
      if (!existing) {
        await models.Role.create({ name: role.name, description: role.description, permissions: JSON.stringify(role.permissions), builtIn: true }, { transaction: tx });
        created.add(role.name);
      } else if (role.name === ADMIN_ROLE) {
        // A release with new permissions changes the role like any edit would, so its version moves on; an unchanged one is left alone.
        const permissions = JSON.stringify(role.permissions);
        await models.Role.update(
          { permissions, builtIn: true, version: literal('version + 1') as unknown as number },
          { where: { id: existing.id, [Op.or]: [{ permissions: { [Op.ne]: permissions } }, { builtIn: false }] }, transaction: tx },
        );
      }
    }
    // Inheritance is seeded only with the role itself: an admin may have changed it since.
    for (const role of BUILT_IN_ROLES.filter((r) => created.has(r.name))) {
      const self = await models.Role.findOne({ where: { name: role.name }, transaction: tx, raw: true });
      for (const parentName of role.inherits) {
        const parent = await models.Role.findOne({ where: { name: parentName }, transaction: tx, raw: true });
        await models.RoleInherit.create({ roleId: self!.id, parentId: parent!.id }, { transaction: tx });
      }
    }
  });
}

/** On first start (no users at all) creates `admin`; the password is ADMIN_PASSWORD or generated and printed once. */
async function createFirstAdmin(services: Services, announce: Announce): Promise<void> {
  const { models, db, config, passwords, audit } = services;
  if ((await models.User.count()) > 0) return;
  const generated = !config.adminPassword;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  await db.transaction(async (tx) => {
    const role = await models.Role.findOne({ where: { name: ADMIN_ROLE }, transaction: tx, raw: true });
    const user = await models.User.create(
      { username: 'admin', displayName: 'Administrator', passwordHash: await passwords.hash(password), active: true, allWarehouses: true, approvalLimit: null },
      { transaction: tx },
    );
    const id = Number(user.get('id'));
    await models.UserRole.create({ userId: id, roleId: role!.id }, { transaction: tx });
    // No user acts on first start; the record names the system so the log shows who created admin.
    await audit.append({ userId: null, username: 'system', action: 'create', entity: 'user', entityId: id, ok: true, detail: { bootstrap: true, username: 'admin' } }, tx);
  });
  if (generated) announce(`First start: created user "admin" with generated password ${password} — it is shown only this once; sign in and change it.`, true);
  else announce('First start: created user "admin" with the password from ADMIN_PASSWORD.', false);
}

/** `secret` marks a line that carries a password: shown once to the operator, kept out of logs. */
export type Announce = (line: string, secret: boolean) => void;

export async function bootstrap(services: Services, announce: Announce): Promise<void> {
  await seedRoles(services);
  await createFirstAdmin(services, announce);
}
