import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Sales orders: drafts, approval (credit check, reservation), cancel, close, open lines, credit, tracking (mounted at the API root; paths are API.md's). */
export function salesOrdersRoutes(http: Http): Router {
  void http;
  return Router();
}
