import { Router } from 'express';
import {
  acceptSuggestionsRequest,
  CreatePurchaseOrderRequest,
  createPurchaseOrderRequest,
  purchaseOrdersQuery,
  suggestionsQuery,
  updatePurchaseOrderRequest,
} from '../../../contract/purchase-orders';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { acceptSuggestions } from './accept-suggestions';
import { createOrder, updateOrder } from './manage-orders';
import { changeOrderStatus } from './order-actions';
import { getOrder, listOrders } from './order-queries';
import { reorderSuggestions, suggestionView } from './reorder-suggestions';

/** Purchasing: purchase orders and reorder suggestions (mounted at the API root; paths are API.md's). */
export function purchaseOrdersRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('purchase:read');
  const create = http.requirePermission('purchase:create');

  router.get(
    '/purchase-orders/suggestions',
    read,
    http.read({ query: suggestionsQuery, entity: 'purchase-order' }, async ({ services, actor, query }) => {
      const rows = await reorderSuggestions(services, actor, query.warehouseId);
      return { data: rows.slice(query.offset, query.offset + query.limit).map(suggestionView), total: rows.length };
    }),
  );
  router.post(
    '/purchase-orders/suggestions/accept',
    create,
    http.write({ action: 'accept-suggestions', entity: 'purchase-order', body: acceptSuggestionsRequest, status: 201 }, async ({ services, actor, body, tx }) => {
      const result = await acceptSuggestions(services, actor, body, tx);
      return { body: result, detail: { orders: result.orders.map((o) => o.number) } };
    }),
  );

  const draft = { action: 'create', entity: 'purchase-order', body: createPurchaseOrderRequest, status: 201 };
  const createDraft = async ({ services, actor, body, tx }: WriteContext<CreatePurchaseOrderRequest, Record<string, string>>) => {
    const order = await createOrder(services, actor, body, tx);
    return { body: order, entityId: order.id, detail: { number: order.number, supplier: order.supplierCode, total: order.total, currency: order.currency, lines: order.lines.length } };
  };
  router.get('/purchase-orders', read, http.read({ query: purchaseOrdersQuery, entity: 'purchase-order' }, ({ services, actor, query }) => listOrders(services, actor, query)));
  router.get('/purchase-orders/:id', read, http.read({ params: idParams, entity: 'purchase-order' }, ({ services, actor, params }) => getOrder(services, actor, params.id)));
  router.post('/purchase-orders', create, http.write(draft, createDraft));
  router.post('/purchase-orders/batch', create, http.batch({ ...draft, singlePath: '/api/v1/purchase-orders' }, createDraft));
  router.patch(
    '/purchase-orders/:id',
    create,
    http.write({ action: 'update', entity: 'purchase-order', body: updatePurchaseOrderRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
      const { before, after } = await updateOrder(services, actor, params.id, body, ifMatch, tx);
      return { body: after, entityId: after.id, detail: { before: summary(before), after: summary(after) } };
    }),
  );

  for (const [action, permission] of [['approve', 'purchase:approve'], ['cancel', 'purchase:cancel'], ['close', 'purchase:cancel']] as const) {
    router.post(
      `/purchase-orders/:id/${action}`,
      http.requirePermission(permission),
      http.write({ action, entity: 'purchase-order', params: idParams }, async ({ services, actor, params, tx }) => {
        const { before, after } = await changeOrderStatus(services, actor, params.id, action, tx);
        return { body: after, entityId: after.id, detail: { number: after.number, from: before.status, to: after.status, baseTotal: after.baseTotal } };
      }),
    );
  }
  return router;
}

const summary = (o: { status: string; total: number; currency: string; lines: unknown[] }) => ({ status: o.status, total: o.total, currency: o.currency, lines: o.lines.length });
