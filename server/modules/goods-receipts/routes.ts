import { Router } from 'express';
import { BatchReceiptRequest, batchReceiptRequest, receiptRequest, receiptsQuery, returnRequest } from '../../../contract/goods-receipts';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { cancelReceipt } from './cancel-receipt';
import { postReceipt } from './post-receipt';
import { getReturn, postReturn } from './post-return';
import { getReceipt, listReceipts } from './queries';

/** Purchasing: goods receipts and purchase returns (mounted at the API root; paths are API.md's). */
export function goodsReceiptsRoutes(http: Http): Router {
  const router = Router();
  const receipt = { action: 'post', entity: 'goods-receipt', status: 201 };

  router.post(
    '/purchase-orders/:id/receipts',
    http.requirePermission('purchase:receive'),
    http.write({ ...receipt, body: receiptRequest, params: idParams }, async ({ services, actor, body, params, tx }) => {
      const doc = await postReceipt(services, actor, params.id, body, tx);
      return { body: doc, entityId: doc.id, detail: { number: doc.number, order: doc.purchaseOrderNumber, lines: body.lines.length } };
    }),
  );

  // The sheet's way in: the order named in the body, one document per ref.
  const post = async ({ services, actor, body, tx }: WriteContext<BatchReceiptRequest, Record<string, string>>) => {
    const { purchaseOrderId, ...document } = body;
    const doc = await postReceipt(services, actor, purchaseOrderId, document, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, order: doc.purchaseOrderNumber, lines: body.lines.length } };
  };
  router.post('/goods-receipts', http.requirePermission('purchase:receive'), http.write({ ...receipt, body: batchReceiptRequest }, post));
  router.post('/goods-receipts/batch', http.requirePermission('purchase:receive'), http.batch({ ...receipt, body: batchReceiptRequest, singlePath: '/api/v1/goods-receipts' }, post));

  router.get('/goods-receipts', http.requirePermission('purchase:read'), http.read({ query: receiptsQuery, entity: 'goods-receipt' }, ({ services, actor, query }) => listReceipts(services, actor, query)));
  router.get('/goods-receipts/:id', http.requirePermission('purchase:read'), http.read({ params: idParams, entity: 'goods-receipt' }, ({ services, actor, params }) => getReceipt(services, actor, params.id)));
  router.post(
    '/goods-receipts/:id/cancel',
    http.requirePermission('purchase:cancel'),
    http.write({ action: 'cancel', entity: 'goods-receipt', params: idParams, status: 201 }, async ({ services, actor, params, tx }) => {
      const reversal = await cancelReceipt(services, actor, params.id, tx);
      return { body: reversal, entityId: params.id, detail: { reversal: reversal.number } };
    }),
  );

  router.post(
    '/purchase-returns',
    http.requirePermission('purchase:return'),
    http.write({ action: 'post', entity: 'purchase-return', body: returnRequest, status: 201 }, async ({ services, actor, body, tx }) => {
      const doc = await postReturn(services, actor, body, tx);
      return { body: doc, entityId: doc.id, detail: { number: doc.number, receiptId: body.receiptId, lines: body.lines.length, debitNoteId: doc.debitNoteId } };
    }),
  );
  router.get('/purchase-returns/:id', http.requirePermission('purchase:read'), http.read({ params: idParams, entity: 'purchase-return' }, ({ services, actor, params }) => getReturn(services, actor, params.id)));

  return router;
}
