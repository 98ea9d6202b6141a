import { Router } from 'express';
import { createUserRequest, listQuery, updateUserRequest } from '../../../contract/platform';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { expectedVersions } from '../../platform/versions';
import { UserRepository } from './repository';
import { createUser, deleteUser, updateUser } from './use-cases';

export function userRoutes(http: Http): Router {
  const router = Router();
  const entity = 'user';

  router.get('/', http.requirePermission('user:read'), http.read({ query: listQuery }, ({ query, services }) =>
    new UserRepository(services.models, services.db.dialect).list(query),
  ));

  router.post('/', http.requirePermission('user:create'), http.write({ action: 'create', entity, body: createUserRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const user = await createUser(services, actor, body, tx);
    return { body: user, entityId: user.id, detail: { after: user } };
  }));

  router.get('/:id', http.requirePermission('user:read'), http.read({ params: idParams }, async ({ params, services }) => {
    const user = await new UserRepository(services.models, services.db.dialect).view(params.id);
    if (!user) throw notFound(msg('entity.user', { id: params.id }));
    return user;
  }));

  router.patch('/:id', http.requirePermission('user:update'), http.write({ action: 'update', entity, body: updateUserRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const { before, after } = await updateUser(services, actor, params.id, changes, expectedVersions(ifMatch, version), tx);
    const changed = Object.keys(changes).filter((k) => k !== 'password');
    return { body: after, entityId: after.id, detail: { changed, passwordReset: changes.password !== undefined, before, after } };
  }));

  router.delete('/:id', http.requirePermission('user:delete'), http.write({ action: 'delete', entity, params: idParams }, async ({ services, actor, params, tx }) => {
    const user = await deleteUser(services, actor, params.id, tx);
    return { body: null, status: 204, entityId: user.id, detail: { before: user } };
  }));

  return router;
}
