import { Router } from 'express';
import { roleRequest, updateRoleRequest } from '../../../contract/platform';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { moduleOf, PERMISSIONS } from '../../platform/permissions/catalogue';
import { expectedVersions } from '../../platform/versions';
import { createRole, deleteRole, listRoles, updateRole } from './use-cases';

export function roleRoutes(http: Http): Router {
  const router = Router();
  const entity = 'role';

  router.get('/', http.requirePermission('role:read'), http.read({}, async ({ services }) => {
    const data = await listRoles(services.models);
    return { data, total: data.length };
  }));

  router.get('/:id', http.requirePermission('role:read'), http.read({ params: idParams }, async ({ services, params }) => {
    const role = (await listRoles(services.models)).find((r) => r.id === params.id);
    if (!role) throw notFound(msg('entity.role', { id: params.id }));
    return role;
  }));

  router.post('/', http.requirePermission('role:create'), http.write({ action: 'create', entity, body: roleRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const role = await createRole(services.models, actor, body, tx);
    return { body: role, entityId: role.id, detail: { after: role } };
  }));

  router.patch('/:id', http.requirePermission('role:update'), http.write({ action: 'update', entity, body: updateRoleRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const { before, after } = await updateRole(services.models, actor, params.id, changes, expectedVersions(ifMatch, version), tx);
    return { body: after, entityId: after.id, detail: { before: { permissions: before.permissions, inherits: before.inherits }, after: { permissions: after.permissions, inherits: after.inherits } } };
  }));

  router.delete('/:id', http.requirePermission('role:delete'), http.write({ action: 'delete', entity, params: idParams }, async ({ services, params, tx }) => {
    const role = await deleteRole(services.models, params.id, tx);
    return { body: null, status: 204, entityId: role.id, detail: { before: role } };
  }));

  return router;
}

export function permissionRoutes(http: Http): Router {
  const router = Router();
  router.get('/', http.requirePermission('role:read'), http.read({}, async () => {
    const data = Object.entries(PERMISSIONS).map(([name, d]) => ({ name, module: moduleOf(name), description: d.en, descriptionZh: d.zh }));
    return { data, total: data.length };
  }));
  return router;
}
