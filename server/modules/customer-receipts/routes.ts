import { Router } from 'express';
import {
  allocationsRequest,
  AllocationsRequest,
  customerReceiptRequest,
  CustomerReceiptRequest,
  customerReceiptsQuery,
  receivablesAgeingQuery,
  receivablesQuery,
  statementQuery,
} from '../../../contract/customer-receipts';
import type { Http, WriteContext } from '../../platform/http';
import { idParams, IdParams } from '../../platform/params';
import { customerStatement } from './customer-statement';
import { allocateCreditNote, allocateReceipt, postCustomerReceipt } from './post-customer-receipt';
import { listReceipts, receiptView } from './receipt-views';
import { listReceivables, receivablesAgeing } from './receivables';

/**
 * Customer receipts and their allocations, credit notes set against invoices,
 * receivables, ageing and statements (mounted at the API root; paths are
 * API.md's). Permissions mirror purchasing's: reading needs sales:read (as
 * payables need purchase:read), posting and allocating customer:receive.
 */
export function customerReceiptsRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('sales:read');
  const receive = http.requirePermission('customer:receive');

  const receipt = { action: 'post', entity: 'customer-receipt', body: customerReceiptRequest, status: 201 };
  const postReceipt = async ({ services, actor, body, tx }: WriteContext<CustomerReceiptRequest, Record<string, string>>) => {
    const view = await postCustomerReceipt(services, actor, body, tx);
    return { body: view, entityId: view.id, detail: { number: view.number, customer: view.customerCode, cashAccount: view.cashAccountCode, amount: view.amount, currency: view.currency, allocated: view.allocated } };
  };
  const allocated = (entity: string, run: typeof allocateReceipt) =>
    http.write({ action: 'allocate', entity, body: allocationsRequest, params: idParams }, async ({ services, actor, body, params, tx }: WriteContext<AllocationsRequest, IdParams>) => {
      const view = await run(services, actor, params.id, body, tx);
      return { body: view, entityId: view.id, detail: { number: view.number, allocations: body.allocations.length, allocated: view.allocated, unallocated: view.unallocated } };
    });

  router.get('/customer-receipts', read, http.read({ query: customerReceiptsQuery, entity: 'customer-receipt' }, ({ services, query }) => listReceipts(services, query)));
  router.get('/customer-receipts/:id', read, http.read({ params: idParams, entity: 'customer-receipt' }, ({ services, params }) => receiptView(services, params.id)));
  router.post('/customer-receipts', receive, http.write(receipt, postReceipt));
  router.post('/customer-receipts/batch', receive, http.batch({ ...receipt, singlePath: '/api/v1/customer-receipts' }, postReceipt));
  router.post('/customer-receipts/:id/allocations', receive, allocated('customer-receipt', allocateReceipt));
  router.post('/sales-invoices/:id/allocations', receive, allocated('sales-invoice', allocateCreditNote));

  router.get('/receivables', read, http.read({ query: receivablesQuery, entity: 'receivable' }, ({ services, query }) => listReceivables(services, query)));
  router.get('/receivables/ageing', read, http.read({ query: receivablesAgeingQuery, entity: 'receivable' }, ({ services, query }) => receivablesAgeing(services, query)));
  router.get('/customers/:id/statement', read, http.read({ params: idParams, query: statementQuery, entity: 'customer' }, ({ services, params, query }) => customerStatement(services, params.id, query)));

  return router;
}
