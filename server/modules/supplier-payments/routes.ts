import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Purchasing: supplier-payments (mounted at the API root; paths are API.md's). */
export function supplierPaymentsRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
