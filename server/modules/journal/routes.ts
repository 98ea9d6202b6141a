import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Finance: journal (mounted at the API root; paths are API.md's). */
export function journalRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
