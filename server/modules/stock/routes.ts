import { Router } from 'express';
import { AdjustmentRequest, adjustmentRequest, TransferRequest, transferRequest } from '../../../contract/stock';
import type { Http, WriteContext } from '../../platform/http';
import { alertsQuery, listAlerts } from './alerts';
import { cancelStockDocument } from './cancel-document';
import { idParams } from '../../platform/params';
import { postAdjustment } from './post-adjustment';
import { postTransfer } from './post-transfer';
import { balancesQuery, ledgerQuery, listBalances, listLedger } from './queries';

export function stockRoutes(http: Http): Router {
  const router = Router();

  router.get('/balances', http.requirePermission('stock:read'), http.read({ query: balancesQuery }, ({ services, actor, query }) => listBalances(services, actor, query)));
  router.get('/ledger', http.requirePermission('stock:read'), http.read({ query: ledgerQuery }, ({ services, actor, query }) => listLedger(services, actor, query)));
  router.get('/alerts', http.requirePermission('stock:read'), http.read({ query: alertsQuery }, ({ services, actor, query }) => listAlerts(services, actor, query)));

  const adjustment = { action: 'post', entity: 'stock-adjustment', body: adjustmentRequest, status: 201 };
  const adjust = async ({ services, actor, body, tx }: WriteContext<AdjustmentRequest, Record<string, string>>) => {
    const doc = await postAdjustment(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, warehouseId: body.warehouseId ?? body.warehouseCode, reason: body.reason, lines: body.lines.length } };
  };
  router.post('/adjustments', http.requirePermission('stock:adjust'), http.write(adjustment, adjust));
  router.post('/adjustments/batch', http.requirePermission('stock:adjust'), http.batch({ ...adjustment, singlePath: '/api/v1/stock/adjustments' }, adjust));

  const transfer = { action: 'post', entity: 'stock-transfer', body: transferRequest, status: 201 };
  const move = async ({ services, actor, body, tx }: WriteContext<TransferRequest, Record<string, string>>) => {
    const doc = await postTransfer(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, from: body.fromWarehouseId ?? body.fromWarehouseCode, to: body.toWarehouseId ?? body.toWarehouseCode, lines: body.lines.length } };
  };
  router.post('/transfers', http.requirePermission('stock:transfer'), http.write(transfer, move));
  router.post('/transfers/batch', http.requirePermission('stock:transfer'), http.batch({ ...transfer, singlePath: '/api/v1/stock/transfers' }, move));

  for (const [path, docType, entity, permission] of [
    ['/adjustments/:id/cancel', 'ADJ', 'stock-adjustment', 'stock:adjust'],
    ['/transfers/:id/cancel', 'TRF', 'stock-transfer', 'stock:transfer'],
  ] as const) {
    router.post(
      path,
      http.requirePermission(permission),
      http.write({ action: 'cancel', entity, params: idParams, status: 201 }, async ({ services, actor, params, tx }) => {
        const reversal = await cancelStockDocument(services, actor, docType, params.id, tx);
        return { body: reversal, entityId: params.id, detail: { cancelled: reversal.reversalOf.number, reversal: reversal.number } };
      }),
    );
  }

  return router;
}
