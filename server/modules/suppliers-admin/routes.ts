import { Router } from 'express';
import {
  contractsQuery,
  createContractRequest,
  evaluationRequest,
  evaluationsQuery,
  performanceQuery,
  scorecardQuery,
  updateContractRequest,
} from '../../../contract/suppliers-admin';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { expectedVersions } from '../../platform/versions';
import { createContract, getContract, listContracts, terminateContract, updateContract } from './contracts';
import { listEvaluations, rateSupplier } from './evaluations';
import { supplierPerformance, supplierScorecard } from './scorecard';

/**
 * Purchasing: supplier management — contracts, evaluations, scorecards and the
 * performance ranking (mounted at the API root before /suppliers, so that
 * /suppliers/performance is not taken for a supplier's id).
 */
export function suppliersAdminRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('supplier:read');
  const write = http.requirePermission('supplier:update');
  const entity = 'supplier-contract';

  router.get('/supplier-contracts', read, http.read({ query: contractsQuery, entity }, ({ services, query }) => listContracts(services.db, query)));
  router.get('/supplier-contracts/:id', read, http.read({ params: idParams, entity }, ({ services, params }) => getContract(services.db, params.id)));
  router.post('/supplier-contracts', write, http.write({ action: 'create', entity, body: createContractRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const after = await createContract(services, actor.id, body, tx);
    return { body: after, entityId: after.id, detail: { after } };
  }));
  router.patch('/supplier-contracts/:id', write, http.write({ action: 'update', entity, body: updateContractRequest, params: idParams }, async ({ services, body, params, tx, ifMatch }) => {
    const { before, after } = await updateContract(services, params.id, body, expectedVersions(ifMatch, body.version), tx);
    return { body: after, entityId: after.id, detail: { before, after } };
  }));
  router.post('/supplier-contracts/:id/terminate', write, http.write({ action: 'terminate', entity, params: idParams }, async ({ services, params, tx, ifMatch }) => {
    const { after } = await terminateContract(services, params.id, expectedVersions(ifMatch, undefined), tx);
    return { body: after, entityId: after.id, detail: { number: after.number } };
  }));

  router.get('/suppliers/performance', read, http.read({ query: performanceQuery, entity: 'supplier' }, ({ services, query }) => supplierPerformance(services, query)));
  router.get('/suppliers/:id/scorecard', read, http.read({ params: idParams, query: scorecardQuery, entity: 'supplier' }, ({ services, params, query }) => supplierScorecard(services, params.id, query)));
  router.get('/suppliers/:id/evaluations', read, http.read({ params: idParams, query: evaluationsQuery, entity: 'supplier' }, ({ services, params, query }) => listEvaluations(services.db, params.id, query)));
  router.post('/suppliers/:id/evaluations', write, http.write({ action: 'evaluate', entity: 'supplier', body: evaluationRequest, params: idParams, status: 201 }, async ({ services, actor, body, params, tx }) => {
    const evaluation = await rateSupplier(services, actor.id, params.id, body, tx);
    return { body: evaluation, entityId: params.id, detail: { evaluation } };
  }));

  return router;
}
