import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Finance: periods (mounted at the API root; paths are API.md's). */
export function periodsRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
