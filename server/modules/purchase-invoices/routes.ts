import { Router } from 'express';
import { PurchaseInvoiceRequest, purchaseInvoiceRequest, purchaseInvoicesQuery, uninvoicedQuery } from '../../../contract/purchase-invoices';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { getPurchaseInvoice, listPurchaseInvoices } from './invoice-store';
import { postPurchaseInvoice } from './post-purchase-invoice';
import { releasePurchaseInvoice } from './release-invoice';
import { listUninvoicedLines } from './uninvoiced-lines';

/** Purchasing: supplier invoices and opening payables (mounted at the API root; paths are API.md's). */
export function purchaseInvoicesRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('purchase:read');
  const enter = http.requirePermission('purchase:invoice');

  const invoice = { action: 'post', entity: 'purchase-invoice', body: purchaseInvoiceRequest, status: 201 };
  const postInvoice = async ({ services, actor, body, tx }: WriteContext<PurchaseInvoiceRequest, Record<string, string>>) => {
    const doc = await postPurchaseInvoice(services, actor, body, tx);
    return {
      body: doc,
      entityId: doc.id,
      detail: { number: doc.number, kind: doc.kind, supplier: doc.supplierCode, supplierInvoiceNo: doc.supplierInvoiceNo, status: doc.status, total: doc.total, currency: doc.currency, lines: doc.lines.length },
    };
  };

  // The invoice sheet's "pull received, not invoiced"; before any /purchase-orders/:id route.
  router.get('/purchase-orders/uninvoiced', read, http.read({ query: uninvoicedQuery, entity: 'purchase-invoice' }, ({ services, query }) => listUninvoicedLines(services.db, query)));
  router.get('/purchase-invoices', read, http.read({ query: purchaseInvoicesQuery, entity: 'purchase-invoice' }, ({ services, query }) => listPurchaseInvoices(services.db, query)));
  router.get('/purchase-invoices/:id', read, http.read({ params: idParams, entity: 'purchase-invoice' }, ({ services, params }) => getPurchaseInvoice(services.db, params.id)));
  router.post('/purchase-invoices', enter, http.write(invoice, postInvoice));
  router.post('/purchase-invoices/batch', enter, http.batch({ ...invoice, singlePath: '/api/v1/purchase-invoices' }, postInvoice));
  router.post(
    '/purchase-invoices/:id/release',
    http.requirePermission('purchase:approve'),
    http.write({ action: 'release', entity: 'purchase-invoice', params: idParams }, async ({ services, actor, params, tx }) => {
      const { before, invoice: doc } = await releasePurchaseInvoice(services, actor, params.id, tx);
      return { body: doc, entityId: doc.id, detail: { number: doc.number, before, after: doc.status } };
    }),
  );
  return router;
}
