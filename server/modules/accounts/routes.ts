import { Router } from 'express';
import { z } from 'zod';
import {
  accountCode,
  accountMappingRequest,
  accountsQuery,
  createAccountRequest,
  createCurrencyRequest,
  exchangeRateRequest,
  exchangeRatesQuery,
  updateAccountRequest,
} from '../../../contract/finance';
import { listQuery } from '../../../contract/platform';
import type { Http } from '../../platform/http';
import { expectedVersions } from '../../platform/versions';
import { getMapping, updateMapping } from './account-mapping';
import { createAccount, getAccount, listAccounts, updateAccount } from './accounts';
import { addRate, createCurrency, listCurrencies, listRates } from './currencies';

const codeParams = z.object({ code: accountCode });

/** Finance: accounts, the account mapping, currencies and exchange rates (mounted at the API root; paths are API.md's). */
export function accountsRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('finance:read');
  const manage = http.requirePermission('finance:accounts');

  router.get('/accounts', read, http.read({ query: accountsQuery, entity: 'account' }, ({ services, query }) => listAccounts(services, query)));

  router.get('/accounts/:code', read, http.read({ params: codeParams, entity: 'account' }, ({ services, params }) => getAccount(services, params.code)));

  router.post('/accounts', manage, http.write({ action: 'create', entity: 'account', body: createAccountRequest, status: 201 }, async ({ services, body, tx }) => {
    const account = await createAccount(services, body, tx);
    return { body: account, entityId: account.code, detail: { after: account } };
  }));

  router.patch('/accounts/:code', manage, http.write({ action: 'update', entity: 'account', body: updateAccountRequest, params: codeParams }, async ({ services, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const { before, after } = await updateAccount(services, params.code, changes, expectedVersions(ifMatch, version), tx);
    return { body: after, entityId: after.code, detail: { before, after } };
  }));

  router.get('/finance/account-mapping', read, http.read({ entity: 'account-mapping' }, ({ services }) => getMapping(services)));

  router.patch('/finance/account-mapping', manage, http.write({ action: 'update', entity: 'account-mapping', body: accountMappingRequest }, async ({ services, body, tx }) => {
    const { before, after } = await updateMapping(services, body, tx);
    return { body: after, detail: { before, after } };
  }));

  router.get('/currencies', read, http.read({ query: listQuery, entity: 'currency' }, ({ services, query }) => listCurrencies(services, query)));

  router.post('/currencies', manage, http.write({ action: 'create', entity: 'currency', body: createCurrencyRequest, status: 201 }, async ({ services, body, tx }) => {
    const currency = await createCurrency(services, body, tx);
    return { body: currency, entityId: currency.code, detail: { after: currency } };
  }));

  router.get('/exchange-rates', read, http.read({ query: exchangeRatesQuery, entity: 'exchange-rate' }, ({ services, query }) => listRates(services, query)));

  router.post('/exchange-rates', manage, http.write({ action: 'create', entity: 'exchange-rate', body: exchangeRateRequest, status: 201 }, async ({ services, body, tx }) => {
    const rate = await addRate(services, body, tx);
    return { body: rate, entityId: rate.currency, detail: { after: rate } };
  }));

  return router;
}
