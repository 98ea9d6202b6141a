import { Router } from 'express';
import {
  CashEntryRequest,
  cashEntryRequest,
  CashTransferRequest,
  cashTransferRequest,
  createCashAccountRequest,
  updateCashAccountRequest,
} from '../../../contract/finance';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { cashAccountsQuery, cashAccountView, findCashAccount, listCashAccounts } from './cash-accounts';
import { cashEntriesQuery, cashTransfersQuery, getCashEntry, getCashTransfer, listCashEntries, listCashTransfers } from './cash-queries';
import { createCashAccount, updateCashAccount } from './manage-cash-accounts';
import { postCashEntry } from './post-cash-entry';
import { postCashTransfer } from './post-cash-transfer';

/** Finance: cash and bank accounts, cash entries (收入 / 费用) and transfers (mounted at the API root; paths are API.md's). */
export function cashRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('finance:read');

  router.get('/cash-accounts', read, http.read({ query: cashAccountsQuery, entity: 'cash-account' }, ({ services, query }) => listCashAccounts(services.db, query)));
  router.get('/cash-accounts/:id', read, http.read({ params: idParams, entity: 'cash-account' }, async ({ services, params }) => cashAccountView(await findCashAccount(services.db, params.id))));
  router.post(
    '/cash-accounts',
    http.requirePermission('finance:accounts'),
    http.write({ action: 'create', entity: 'cash-account', body: createCashAccountRequest, status: 201 }, async ({ services, body, tx }) => {
      const view = await createCashAccount(services, body, tx);
      return { body: view, entityId: view.id, detail: { after: view } };
    }),
  );
  router.patch(
    '/cash-accounts/:id',
    http.requirePermission('finance:accounts'),
    http.write({ action: 'update', entity: 'cash-account', body: updateCashAccountRequest, params: idParams }, async ({ services, body, params, tx, ifMatch }) => {
      const { before, after } = await updateCashAccount(services, params.id, body, ifMatch, tx);
      return { body: after, entityId: after.id, detail: { before, after } };
    }),
  );

  const post = http.requirePermission('finance:cash');
  const entry = { action: 'post', entity: 'cash-entry', body: cashEntryRequest, status: 201 };
  const postEntry = async ({ services, actor, body, tx }: WriteContext<CashEntryRequest, Record<string, string>>) => {
    const doc = await postCashEntry(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, kind: doc.kind, cashAccount: doc.cashAccountCode, total: doc.total, currency: doc.currency, lines: doc.lines.length } };
  };
  router.get('/cash-entries', read, http.read({ query: cashEntriesQuery, entity: 'cash-entry' }, ({ services, query }) => listCashEntries(services.db, query)));
  router.get('/cash-entries/:id', read, http.read({ params: idParams, entity: 'cash-entry' }, ({ services, params }) => getCashEntry(services.db, params.id)));
  router.post('/cash-entries', post, http.write(entry, postEntry));
  router.post('/cash-entries/batch', post, http.batch({ ...entry, singlePath: '/api/v1/cash-entries' }, postEntry));

  const transfer = { action: 'post', entity: 'cash-transfer', body: cashTransferRequest, status: 201 };
  const postTransfer = async ({ services, actor, body, tx }: WriteContext<CashTransferRequest, Record<string, string>>) => {
    const doc = await postCashTransfer(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, from: doc.fromCashAccountCode, to: doc.toCashAccountCode, amount: doc.amount, toAmount: doc.toAmount } };
  };
  router.get('/cash-transfers', read, http.read({ query: cashTransfersQuery, entity: 'cash-transfer' }, ({ services, query }) => listCashTransfers(services.db, query)));
  router.get('/cash-transfers/:id', read, http.read({ params: idParams, entity: 'cash-transfer' }, ({ services, params }) => getCashTransfer(services.db, params.id)));
  router.post('/cash-transfers', post, http.write(transfer, postTransfer));
  router.post('/cash-transfers/batch', post, http.batch({ ...transfer, singlePath: '/api/v1/cash-transfers' }, postTransfer));

  return router;
}
