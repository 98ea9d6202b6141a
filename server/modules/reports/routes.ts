import { Router } from 'express';
import { createDefinitionRequest, customReportSpec, definitionsQuery, exportQuery, exportReportRequest, functionsRequest, runReportRequest, updateDefinitionRequest } from '../../../contract/reports';
import { z } from 'zod';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { expectedVersions } from '../../platform/versions';
import { listDatasets, runCustomReport } from '../../reports/custom';
import { exportReport } from '../../reports/export';
import { evaluateFunctions } from '../../reports/functions';
import { listReports } from '../../reports/registry';
import { runReport } from './run-report';
import { createDefinition, deleteDefinition, getDefinition, listDefinitions, updateDefinition } from './definitions';

/**
 * Reports (API.md "Reports"): the catalogue and runs of standard reports
 * (`report:read` plus each report's own data permission), custom reports
 * and saved definitions (`report:custom`), export, and the batch behind the
 * =JXC.* functions. Reads answer in the request's language.
 */
export function reportsRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('report:read');
  const custom = http.requirePermission('report:custom');
  const entity = 'report';

  router.get('/reports', read, http.read({ entity }, async ({ services, actor, language }) => ({ data: listReports(actor, language, services.calendar.today()) })));
  router.post('/reports/run', read, http.query({ body: runReportRequest, entity }, ({ services, actor, language, body }) => runReport(services, actor, language, body.id, body.parameters)));
  router.get('/reports/datasets', custom, http.read({ entity }, async ({ language }) => ({ data: listDatasets(language) })));
  router.post('/reports/custom', custom, http.query({ body: customReportSpec, entity }, ({ services, actor, language, body }) => runCustomReport(services, actor, language, body)));
  // A custom report's export also needs report:custom (checked by the export itself).
  router.post('/reports/export', read, http.query({ body: exportReportRequest, query: exportQuery, entity }, ({ services, actor, language, body, query }, res) => exportReport(services, actor, language, body, query.format, res)));
  router.post('/reports/functions', read, http.query({ body: functionsRequest, entity: 'report-function' }, ({ services, actor, language, body }) => evaluateFunctions(services, actor, language, body)));

  const definition = 'report-definition';
  router.get('/report-definitions', custom, http.read({ query: definitionsQuery, entity: definition }, ({ services, actor, query }) => listDefinitions(services, actor, query)));
  router.get('/report-definitions/:id', custom, http.read({ params: idParams, entity: definition }, ({ services, actor, params }) => getDefinition(services, actor, params.id)));
  router.post('/report-definitions', custom, http.write({ action: 'create', entity: definition, body: createDefinitionRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const after = await createDefinition(services, actor, body, tx);
    return { body: after, entityId: after.id, detail: { after } };
  }));
  router.patch('/report-definitions/:id', custom, http.write({ action: 'update', entity: definition, body: updateDefinitionRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const { before, after } = await updateDefinition(services, actor, params.id, changes, expectedVersions(ifMatch, version), tx);
    return { body: after, entityId: after.id, detail: { before, after } };
  }));
  router.delete('/report-definitions/:id', custom, http.write({ action: 'delete', entity: definition, params: idParams, body: z.object({ version: z.number().int().positive().optional() }) }, async ({ services, actor, params, tx, ifMatch, body }) => {
    const before = await deleteDefinition(services, actor, params.id, expectedVersions(ifMatch, body.version), tx);
    return { body: null, status: 204, entityId: before.id, detail: { before } };
  }));
  return router;
}
