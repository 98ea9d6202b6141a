import { Router } from 'express';
import type { Http } from '../../platform/http';

/** Customer management: behaviour (RFM), ABC classes, service tickets (mounted at the API root; paths are API.md's). */
export function customersAdminRoutes(http: Http): Router {
  void http;
  return Router();
}
