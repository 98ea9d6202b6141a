import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Purchasing: purchase-orders (mounted at the API root; paths are API.md's). */
export function purchaseOrdersRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
