import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Purchasing: suppliers-admin (mounted at the API root; paths are API.md's). */
export function suppliersAdminRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
