import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Shipments against sales orders and sales returns against shipments (mounted at the API root; paths are API.md's). */
export function shipmentsRoutes(http: Http): Router {
  void http;
  return Router();
}
