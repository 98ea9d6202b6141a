import { Router } from 'express';
import { abcQuery, behaviourQuery, createTicketRequest, rfmQuery, ticketsQuery, transitionTicketRequest, updateTicketRequest } from '../../../contract/customers-admin';
import type { Http } from '../../platform/http';
import { idParams } from '../../platform/params';
import { expectedVersions } from '../../platform/versions';
import { abcTable, customerBehaviour, rfmTable } from './customer-analysis';
import { createTicket, transitionTicket, updateTicket } from './service-tickets';
import { getTicket, listTickets } from './ticket-store';

/**
 * Customer management: behaviour (RFM), ABC classes, service tickets
 * (mounted at the API root before /customers, so that /customers/rfm is not
 * taken for a customer's id; paths are API.md's).
 */
export function customersAdminRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('customer:read');
  const service = http.requirePermission('customer:service');
  const entity = 'service-ticket';

  router.get('/customers/rfm', read, http.read({ query: rfmQuery, entity: 'customer' }, ({ services, query }) => rfmTable(services, query)));
  router.get('/customers/abc', read, http.read({ query: abcQuery, entity: 'customer' }, ({ services, query }) => abcTable(services, query)));
  router.get('/customers/:id/behaviour', read, http.read({ params: idParams, query: behaviourQuery, entity: 'customer' }, ({ services, params, query }) => customerBehaviour(services, params.id, query)));

  router.get('/service-tickets', read, http.read({ query: ticketsQuery, entity }, ({ services, query }) => listTickets(services.db, query)));
  router.get('/service-tickets/:id', read, http.read({ params: idParams, entity }, ({ services, params }) => getTicket(services.db, params.id)));
  router.post('/service-tickets', service, http.write({ action: 'create', entity, body: createTicketRequest, status: 201 }, async ({ services, actor, body, tx }) => {
    const after = await createTicket(services, actor.id, body, tx);
    return { body: after, entityId: after.id, detail: { after } };
  }));
  router.patch('/service-tickets/:id', service, http.write({ action: 'update', entity, body: updateTicketRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
    const { version, ...changes } = body;
    const { before, after } = await updateTicket(services, actor.id, params.id, changes, expectedVersions(ifMatch, version), tx);
    return { body: after, entityId: after.id, detail: { before: withoutHistory(before), after: withoutHistory(after) } };
  }));
  router.post('/service-tickets/:id/transition', service, http.write({ action: 'transition', entity, body: transitionTicketRequest, params: idParams }, async ({ services, actor, body, params, tx, ifMatch }) => {
    const { before, after } = await transitionTicket(services, actor.id, params.id, body, expectedVersions(ifMatch, body.version), tx);
    return { body: after, entityId: after.id, detail: { number: after.number, from: before.status, to: after.status, note: body.note ?? null } };
  }));

  return router;
}

/** The audit record keeps what changed; the history is the ticket's own. */
function withoutHistory<T extends { history: unknown }>(ticket: T): Omit<T, 'history'> {
  const { history: _history, ...rest } = ticket;
  return rest;
}
