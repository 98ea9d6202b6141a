import { RequestHandler, Router } from 'express';
import {
  approveSalesOrderRequest,
  CreateSalesOrderRequest,
  createSalesOrderRequest,
  openLinesQuery,
  salesOrdersQuery,
  SalesOrderView,
  updateSalesOrderRequest,
} from '../../../contract/sales-orders';
import { fromScaled } from '../../../contract/decimals';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import type { Permission } from '../../platform/permissions/catalogue';
import { createOrder, updateOrder } from './manage-orders';
import { changeOrderStatus, CreditDecision } from './order-actions';
import { openLines } from './open-lines';
import { creditView, getOrder, listOrders } from './order-queries';
import { orderTracking } from './order-tracking';

/** Sales orders: drafts, approval (credit check, reservation), reopen, cancel, close, credit (mounted at the API root; paths are API.md's). */
export function salesOrdersRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('sales:read');
  const create = http.requirePermission('sales:create');

  router.get('/customers/:id/credit', eitherPermission(http, 'customer:read', 'sales:read'), http.read({ params: idParams, entity: 'customer' }, ({ services, params }) => creditView(services, params.id)));

  const draft = { action: 'create', entity: 'sales-order', body: createSalesOrderRequest, status: 201 };
  const createDraft = async ({ services, actor, body, tx }: WriteContext<CreateSalesOrderRequest, Record<string, string>>) => {
    const order = await createOrder(services, actor, body, tx);
    return { body: order, entityId: order.id, detail: { number: order.number, customer: order.customerCode, total: order.total, currency: order.currency, lines: order.lines.length } };
  };
  router.get('/sales-orders', read, http.read({ query: salesOrdersQuery, entity: 'sales-order' }, ({ services, actor, query }) => listOrders(services, actor, query)));
  router.get('/sales-orders/open-lines', read, http.read({ query: openLinesQuery, entity: 'sales-order' }, ({ services, actor, query }) => openLines(services, actor, query)));
  router.get('/sales-orders/:id/tracking', read, http.read({ params: idParams, entity: 'sales-order' }, ({ services, actor, params }) => orderTracking(services, actor, params.id)));
  router.get('/sales-orders/:id', read, http.read({ params: idParams, entity: 'sales-order' }, ({ services, actor, params }) => getOrder(services, actor, params.id)));
  router.post('/sales-orders', create, http.write(draft, createDraft));
  router.post('/sales-orders/batch', create, http.batch({ ...draft, singlePath: '/api/v1/sales-orders' }, createDraft));
  router.patch(
    '/sales-orders/:id',
    create,
    http.write({ action: 'update', entity: 'sales-order', body: updateSalesOrderRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
      const { before, after } = await updateOrder(services, actor, params.id, body, ifMatch, tx);
      return { body: after, entityId: after.id, detail: { before: summary(before), after: summary(after) } };
    }),
  );

  router.post(
    '/sales-orders/:id/approve',
    http.requirePermission('sales:approve'),
    http.write({ action: 'approve', entity: 'sales-order', body: approveSalesOrderRequest, params: idParams }, async ({ services, actor, body, params, tx }) => {
      const { from, after, credit } = await changeOrderStatus(services, actor, params.id, 'approve', body, tx);
      return { body: after, entityId: after.id, detail: { ...transitionDetail(from, after), ...(credit && { credit: creditDetail(credit) }) } };
    }),
  );
  for (const [action, permission] of [['reopen', 'sales:approve'], ['cancel', 'sales:cancel'], ['close', 'sales:cancel']] as const) {
    router.post(
      `/sales-orders/:id/${action}`,
      http.requirePermission(permission),
      http.write({ action, entity: 'sales-order', params: idParams }, async ({ services, actor, params, tx }) => {
        const { from, after } = await changeOrderStatus(services, actor, params.id, action, {}, tx);
        return { body: after, entityId: after.id, detail: transitionDetail(from, after) };
      }),
    );
  }
  return router;
}

/** A guard letting through holders of either permission (declared as the first, for the route inventory). */
function eitherPermission(http: Http, first: Permission, second: Permission): RequestHandler {
  const guard = http.requirePermission(first);
  const either: RequestHandler = (req, res, next) => (req.user?.permissions.has(second) ? next() : guard(req, res, next));
  Object.defineProperty(either, 'permission', { value: first });
  return either;
}

const summary = (o: { status: string; total: number; currency: string; lines: unknown[] }) => ({ status: o.status, total: o.total, currency: o.currency, lines: o.lines.length });
const transitionDetail = (from: string, after: SalesOrderView) => ({ number: after.number, from, to: after.status, baseTotal: after.baseTotal });
const creditDetail = (c: CreditDecision) => ({ limit: fromScaled(c.limit, 'money'), used: fromScaled(c.used, 'money'), order: fromScaled(c.order, 'money'), overridden: c.overridden });
