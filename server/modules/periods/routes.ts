import { Router } from 'express';
import { verifyLedgers } from '../../ledgers/verification';
import type { Http } from '../../platform/http';

/** Finance: periods and verification (mounted at the API root; paths are API.md's). */
export function periodsRoutes(http: Http): Router {
  const router = Router();

  router.get('/finance/verify', http.requirePermission('finance:read'), http.read({ entity: 'finance' }, ({ services }) => verifyLedgers(services)));

  return router;
}
