import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Purchasing: purchase-invoices (mounted at the API root; paths are API.md's). */
export function purchaseInvoicesRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
