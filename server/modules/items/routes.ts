import { Router } from 'express';
import { WhereOptions } from 'sequelize';
import { z } from 'zod';
import { itemRequest, updateItemRequest } from '../../../contract/master-data';
import { listQuery } from '../../../contract/platform';
import type { ItemRow } from '../../db/inventory-models';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { containsText } from '../../platform/search';
import { expectedVersions } from '../../platform/versions';
import { createItem, deleteItem, findItem, loadItemViews, updateItem } from './use-cases';

const itemsQuery = listQuery.extend({
  category: z.string().max(64).optional(),
  active: z.enum(['true', 'false']).optional(),
});

export function itemRoutes(http: Http): Router {
  const router = Router();
  const entity = 'item';

  router.get('/', http.requirePermission('item:read'), http.read({ query: itemsQuery }, async ({ query, services }) => {
    const where: WhereOptions<ItemRow> = {
      ...(query.category !== undefined && { category: query.category }),
      ...(query.active !== undefined && { active: query.active === 'true' }),
      ...(query.q && containsText(services.db.dialect, ['sku', 'name', 'barcode'], query.q)),
    };
    const { rows, count } = await services.models.Item.findAndCountAll({ where, order: [['sku', 'ASC']], limit: query.limit, offset: query.offset, raw: true });
    return { data: await loadItemViews(services.models, rows), total: count };
  }));

  router.get('/:id', http.requirePermission('item:read'), http.read({ params: idParams }, ({ services, params }) => findItem(services.models, params.id)));

  router.post('/', http.requirePermission('item:create'), http.write({ action: 'create', entity, body: itemRequest, status: 201 }, async ({ services, body, tx }) => {
    const item = await createItem(services, body, tx);
    return { body: item, entityId: item.id, detail: { after: item } };
  }));

  router.patch('/:id', http.requirePermission('item:update'), http.write({ action: 'update', entity, body: updateItemRequest, params: idParams }, async ({ services, body, params, tx, ifMatch }) => {
    const { before, after } = await updateItem(services, params.id, body, expectedVersions(ifMatch, body.version), tx);
    return { body: after, entityId: after.id, detail: { before, after } };
  }));

  router.delete('/:id', http.requirePermission('item:delete'), http.write({ action: 'delete', entity, params: idParams }, async ({ services, params, tx }) => {
    const item = await deleteItem(services, params.id, tx);
    return { body: null, status: 204, entityId: item.id, detail: { before: item } };
  }));

  return router;
}
