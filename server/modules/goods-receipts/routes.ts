import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Purchasing: goods-receipts (mounted at the API root; paths are API.md's). */
export function goodsReceiptsRoutes(_http: Http): Router {
  const router = Router();
  return router;
}
