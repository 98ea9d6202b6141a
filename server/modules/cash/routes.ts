import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Finance: cash (mounted at the API root; paths are API.md's). */
export function cashRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
