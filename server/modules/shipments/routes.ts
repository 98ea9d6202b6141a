import { Router } from 'express';
import { BatchShipmentRequest, batchShipmentRequest, shipmentRequest, shipmentsQuery } from '../../../contract/shipments';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { postShipment } from './post-shipment';
import { getShipment, listShipments } from './queries';

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

  return router;
}
