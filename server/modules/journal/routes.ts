import { Router } from 'express';
import { accountBalancesQuery, JournalEntryRequest, journalEntriesQuery, journalEntryRequest, reverseJournalRequest } from '../../../contract/finance';
import type { Http, WriteContext } from '../../platform/http';
import { idParams } from '../../platform/params';
import { accountBalances } from './account-balances';
import { journalEntry, listJournalEntries } from './journal-queries';
import { postJournalEntry } from './post-journal-entry';
import { reverseJournalEntry } from './reverse-journal-entry';

/** Finance: journal (mounted at the API root; paths are API.md's). */
export function journalRoutes(http: Http): Router {
  const router = Router();
  const read = http.requirePermission('finance:read');
  const journal = http.requirePermission('finance:journal');

  router.get('/journal-entries', read, http.read({ query: journalEntriesQuery, entity: 'journal-entry' }, ({ services, query }) => listJournalEntries(services, query)));
  router.get('/journal-entries/:id', read, http.read({ params: idParams, entity: 'journal-entry' }, ({ services, params }) => journalEntry(services, params.id)));
  router.get('/finance/account-balances', read, http.read({ query: accountBalancesQuery, entity: 'account' }, ({ services, query }) => accountBalances(services, query)));

  const entry = { action: 'post', entity: 'journal-entry', body: journalEntryRequest, status: 201 };
  const post = async ({ services, actor, body, tx }: WriteContext<JournalEntryRequest, Record<string, string>>) => {
    const doc = await postJournalEntry(services, actor, body, tx);
    return { body: doc, entityId: doc.id, detail: { number: doc.number, date: doc.date, lines: doc.lines.length } };
  };
  router.post('/journal-entries', journal, http.write(entry, post));
  router.post('/journal-entries/batch', journal, http.batch({ ...entry, singlePath: '/api/v1/journal-entries' }, post));
  router.post(
    '/journal-entries/:id/reverse',
    journal,
    http.write({ action: 'reverse', entity: 'journal-entry', body: reverseJournalRequest, params: idParams, status: 201 }, async ({ services, actor, body, params, tx }) => {
      const reversal = await reverseJournalEntry(services, actor, params.id, body, tx);
      return { body: reversal, entityId: params.id, detail: { reversal: reversal.number, date: reversal.date } };
    }),
  );

  return router;
}
