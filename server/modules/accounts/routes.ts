import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Finance: accounts (mounted at the API root; paths are API.md's). */
export function accountsRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
