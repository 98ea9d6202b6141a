import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Sales invoices, credit notes and opening receivables (mounted at the API root; paths are API.md's). */
export function salesInvoicesRoutes(http: Http): Router {
  void http;
  return Router();
}
