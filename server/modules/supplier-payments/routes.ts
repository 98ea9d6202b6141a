import { Router } from 'express';
import {
  ageingQuery,
  allocationsRequest,
  AllocationsRequest,
  payablesQuery,
  statementQuery,
  supplierPaymentRequest,
  SupplierPaymentRequest,
  supplierPaymentsQuery,
} from '../../../contract/supplier-payments';
import type { Http, WriteContext } from '../../platform/http';
import { idParams, IdParams } from '../../platform/params';
import { allocateDebitNote } from './debit-note-allocations';
import { listPayables, payablesAgeing } from './payables';
import { listPayments, paymentView } from './payment-views';
import { allocatePayment, postSupplierPayment } from './post-supplier-payment';
import { supplierStatement } from './supplier-statement';

/** Purchasing: supplier payments and their allocations, payables, ageing, statements (mounted at the API root; paths are API.md's). */
export function supplierPaymentsRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('purchase:read');
  const pay = http.requirePermission('supplier:pay');

  const payment = { action: 'post', entity: 'supplier-payment', body: supplierPaymentRequest, status: 201 };
  const postPayment = async ({ services, actor, body, tx }: WriteContext<SupplierPaymentRequest, Record<string, string>>) => {
    const view = await postSupplierPayment(services, actor, body, tx);
    return { body: view, entityId: view.id, detail: { number: view.number, supplier: view.supplierCode, cashAccount: view.cashAccountCode, amount: view.amount, currency: view.currency, allocated: view.allocated } };
  };
  const allocated = (entity: string, run: typeof allocatePayment) =>
    http.write({ action: 'allocate', entity, body: allocationsRequest, params: idParams }, async ({ services, actor, body, params, tx }: WriteContext<AllocationsRequest, IdParams>) => {
      const view = await run(services, actor, params.id, body, tx);
      return { body: view, entityId: view.id, detail: { number: view.number, allocations: body.allocations.length, allocated: view.allocated, unallocated: view.unallocated } };
    });

  router.get('/supplier-payments', read, http.read({ query: supplierPaymentsQuery, entity: 'supplier-payment' }, ({ services, query }) => listPayments(services, query)));
  router.get('/supplier-payments/:id', read, http.read({ params: idParams, entity: 'supplier-payment' }, ({ services, params }) => paymentView(services, params.id)));
  router.post('/supplier-payments', pay, http.write(payment, postPayment));
  router.post('/supplier-payments/batch', pay, http.batch({ ...payment, singlePath: '/api/v1/supplier-payments' }, postPayment));
  router.post('/supplier-payments/:id/allocations', pay, allocated('supplier-payment', allocatePayment));
  router.post('/purchase-invoices/:id/allocations', pay, allocated('purchase-invoice', allocateDebitNote));

  router.get('/payables', read, http.read({ query: payablesQuery, entity: 'payable' }, ({ services, query }) => listPayables(services, query)));
  router.get('/payables/ageing', read, http.read({ query: ageingQuery, entity: 'payable' }, ({ services, query }) => payablesAgeing(services, query)));
  router.get('/suppliers/:id/statement', read, http.read({ params: idParams, query: statementQuery, entity: 'supplier' }, ({ services, params, query }) => supplierStatement(services, params.id, query)));

  return router;
}
