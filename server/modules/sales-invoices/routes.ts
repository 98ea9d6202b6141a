import { Router } from 'express';
import { SalesInvoiceRequest, salesInvoiceRequest, salesInvoicesQuery, SalesInvoiceView, uninvoicedShipmentsQuery } from '../../../contract/sales-invoices';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { cancelSalesInvoice } from './cancel-invoice';
import { getSalesInvoice, listSalesInvoices } from './invoice-store';
import { postSalesInvoice } from './post-sales-invoice';
import { listUninvoicedShipmentLines } from './uninvoiced-shipments';

/**
 * Sales invoices, credit notes and opening receivables (mounted at the API
 * root; paths are API.md's). Credit notes are set against invoices by the
 * receipts' router (POST /sales-invoices/:id/allocations), as purchasing's
 * debit notes are by the payments'.
 */
export function salesInvoicesRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('sales:read');
  const invoice = http.requirePermission('sales:invoice');

  const audited = (doc: SalesInvoiceView) => ({ number: doc.number, kind: doc.kind, customer: doc.customerCode, status: doc.status, total: doc.total, currency: doc.currency, lines: doc.lines.length });
  const post = { action: 'post', entity: 'sales-invoice', body: salesInvoiceRequest, status: 201 };
  const postInvoice = async ({ services, actor, body, tx }: WriteContext<SalesInvoiceRequest, Record<string, string>>) => {
    const doc = await postSalesInvoice(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: audited(doc) };
  };

  // The invoices sheet's "pull shipped, not invoiced"; mounted before the shipments router, so it wins over /shipments/:id.
  router.get('/shipments/uninvoiced', read, http.read({ query: uninvoicedShipmentsQuery, entity: 'sales-invoice' }, ({ services, query }) => listUninvoicedShipmentLines(services.db, query)));
  router.get('/sales-invoices', read, http.read({ query: salesInvoicesQuery, entity: 'sales-invoice' }, ({ services, query }) => listSalesInvoices(services.db, query)));
  router.get('/sales-invoices/:id', read, http.read({ params: idParams, entity: 'sales-invoice' }, ({ services, params }) => getSalesInvoice(services.db, params.id)));
  router.post('/sales-invoices', invoice, http.write(post, postInvoice));
  router.post('/sales-invoices/batch', invoice, http.batch({ ...post, singlePath: '/api/v1/sales-invoices' }, postInvoice));
  router.post(
    '/sales-invoices/:id/cancel',
    invoice,
    http.write({ action: 'cancel', entity: 'sales-invoice', params: idParams }, async ({ services, actor, params, tx }) => {
      const doc = await cancelSalesInvoice(services, actor, params.id, tx);
      return { body: doc, entityId: doc.id, detail: audited(doc) };
    }),
  );
  return router;
}
