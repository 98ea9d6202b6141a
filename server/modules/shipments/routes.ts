import { Router } from 'express';
import { BatchShipmentRequest, batchShipmentRequest, SalesReturnRequest, salesReturnRequest, salesReturnsQuery, shipmentRequest, shipmentsQuery } from '../../../contract/shipments';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { cancelShipment } from './cancel-shipment';
import { postSalesReturn } from './post-sales-return';
import { postShipment } from './post-shipment';
import { getShipment, listShipments } from './queries';
import { getSalesReturn, listSalesReturns } from './return-queries';

/** Shipments against sales orders and sales returns against shipments (mounted at the API root; paths are API.md's). */
export function shipmentsRoutes(http: Http): Router {
  const router = Router();
  const shipment = { action: 'post', entity: 'shipment', status: 201 };

  router.post(
    '/sales-orders/:id/shipments',
    http.requirePermission('sales:ship'),
    http.write({ ...shipment, body: shipmentRequest, params: idParams }, async ({ services, actor, body, params, tx }) => {
      const doc = await postShipment(services, actor, params.id, body, tx);
      return { body: doc, entityId: doc.id, detail: { number: doc.number, order: doc.salesOrderNumber, lines: body.lines.length } };
    }),
  );

  // The sheet's way in: the order named in the body, one document per ref.
  const post = async ({ services, actor, body, tx }: WriteContext<BatchShipmentRequest, Record<string, string>>) => {
    const { salesOrderId, ...document } = body;
    const doc = await postShipment(services, actor, salesOrderId, document, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, order: doc.salesOrderNumber, lines: body.lines.length } };
  };
  router.post('/shipments', http.requirePermission('sales:ship'), http.write({ ...shipment, body: batchShipmentRequest }, post));
  router.post('/shipments/batch', http.requirePermission('sales:ship'), http.batch({ ...shipment, body: batchShipmentRequest, singlePath: '/api/v1/shipments' }, post));

  router.get('/shipments', http.requirePermission('sales:read'), http.read({ query: shipmentsQuery, entity: 'shipment' }, ({ services, actor, query }) => listShipments(services, actor, query)));
  router.get('/shipments/:id', http.requirePermission('sales:read'), http.read({ params: idParams, entity: 'shipment' }, ({ services, actor, params }) => getShipment(services, actor, params.id)));

  router.post(
    '/shipments/:id/cancel',
    http.requirePermission('sales:cancel'),
    http.write({ action: 'cancel', entity: 'shipment', params: idParams, status: 201 }, async ({ services, actor, params, tx }) => {
      const reversal = await cancelShipment(services, actor, params.id, tx);
      return { body: reversal, entityId: params.id, detail: { reversal: reversal.number } };
    }),
  );

  const salesReturn = { action: 'post', entity: 'sales-return', status: 201 };
  const postReturn = async ({ services, actor, body, tx }: WriteContext<SalesReturnRequest, Record<string, string>>) => {
    const doc = await postSalesReturn(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, shipment: doc.shipmentNumber, lines: body.lines.length, creditNote: doc.creditNoteNumber } };
  };
  router.post('/sales-returns', http.requirePermission('sales:return'), http.write({ ...salesReturn, body: salesReturnRequest }, postReturn));
  router.post('/sales-returns/batch', http.requirePermission('sales:return'), http.batch({ ...salesReturn, body: salesReturnRequest, singlePath: '/api/v1/sales-returns' }, postReturn));
  router.get('/sales-returns', http.requirePermission('sales:read'), http.read({ query: salesReturnsQuery, entity: 'sales-return' }, ({ services, actor, query }) => listSalesReturns(services, actor, query)));
  router.get('/sales-returns/:id', http.requirePermission('sales:read'), http.read({ params: idParams, entity: 'sales-return' }, ({ services, actor, params }) => getSalesReturn(services, actor, params.id)));

  return router;
}
