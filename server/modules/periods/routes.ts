import { Router } from 'express';
import { periodParams } from '../../../contract/finance';
import { verifyLedgers } from '../../ledgers/verification';
import type { Http } from '../../platform/http';
import { closePeriod } from './close-period';
import { listPeriods } from './list-periods';
import { reopenPeriod } from './reopen-period';

/** Finance: periods and verification (mounted at the API root; paths are API.md's). */
export function periodsRoutes(http: Http): Router {
  const router = Router();

  router.get('/finance/periods', http.requirePermission('finance:read'), http.read({ entity: 'period' }, ({ services }) => listPeriods(services)));
  router.post(
    '/finance/periods/:period/close',
    http.requirePermission('finance:close'),
    http.write({ action: 'close', entity: 'period', params: periodParams }, async ({ services, actor, params, tx }) => {
      const period = await closePeriod(services, actor, params.period, tx);
      return { body: period, entityId: params.period, detail: { period: params.period, closingEntry: period.closingEntry?.number ?? null } };
    }),
  );
  router.post(
    '/finance/periods/:period/reopen',
    http.requirePermission('finance:close'),
    http.write({ action: 'reopen', entity: 'period', params: periodParams }, async ({ services, actor, params, tx }) => {
      const period = await reopenPeriod(services, actor, params.period, tx);
      return { body: period, entityId: params.period, detail: { period: params.period, reversal: period.reversal?.number ?? null } };
    }),
  );

  router.get('/finance/verify', http.requirePermission('finance:read'), http.read({ entity: 'finance' }, ({ services }) => verifyLedgers(services)));

  return router;
}
