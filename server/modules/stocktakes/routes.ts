import { Router } from 'express';
import { z } from 'zod';
import { stocktakeCountsRequest, stocktakeRequest } from '../../../contract/stock';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import { findStocktake, listStocktakes, stocktakeView } from './stocktake-repository';
import { openStocktake, postStocktake, recordCounts } from './use-cases';

const stocktakesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
  status: z.enum(['open', 'posted']).optional(),
  warehouseId: z.coerce.number().int().positive().optional(),
});

export function stocktakeRoutes(http: Http): Router {
  const router = Router();
  const entity = 'stocktake';

  router.get('/', http.requirePermission('stocktake:read'), http.read({ query: stocktakesQuery }, ({ services, actor, query }) => {
    if (query.warehouseId !== undefined) assertWarehouseInScope(actor, query.warehouseId);
    return listStocktakes(services, actor.warehouseIds, query);
  }));

  router.get('/:id', http.requirePermission('stocktake:read'), http.read({ params: idParams }, async ({ services, actor, params }) => {
    const st = await findStocktake(services, params.id);
    assertWarehouseInScope(actor, st.warehouseId);
    return stocktakeView(services, st);
  }));

  router.post('/', http.requirePermission('stocktake:create'), http.write({ action: 'open', entity, body: stocktakeRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const st = await openStocktake(services, actor, body, tx);
    return { body: st, entityId: st.id, detail: { number: st.number, warehouseId: st.warehouseId, lines: st.lines.length } };
  }));

  router.put('/:id/counts', http.requirePermission('stocktake:count'), http.write({ action: 'count', entity, body: stocktakeCountsRequest, params: idParams }, async ({ services, actor, body, params, tx }) => {
    const st = await recordCounts(services, actor, params.id, body, tx);
    return { body: st, entityId: st.id, detail: { number: st.number, counted: body.lines.length } };
  }));

  router.post('/:id/post', http.requirePermission('stocktake:post'), http.write({ action: 'post', entity, params: idParams }, async ({ services, actor, params, tx }) => {
    const result = await postStocktake(services, actor, params.id, tx);
    return { body: result, entityId: result.id, detail: { number: result.number, variances: result.variances.length } };
  }));

  return router;
}
