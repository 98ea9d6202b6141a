import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Customer receipts, allocations, receivables, ageing and statements (mounted at the API root; paths are API.md's). */
export function customerReceiptsRoutes(http: Http): Router {
  void http;
  return Router();
}
