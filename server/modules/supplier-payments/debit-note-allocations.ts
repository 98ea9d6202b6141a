import type { Transaction } from 'sequelize';
import type { AllocationsRequest, SupplierPaymentView } from '../../../contract/supplier-payments';
import { selectOne } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { allocateToInvoices } from './allocate-to-invoices';
import { debitNoteView } from './payment-views';

/** Sets a debit note (a negative payable) against invoices of its supplier and currency. */
export async function allocateDebitNote(services: Services, actor: Actor, noteId: number, input: AllocationsRequest, tx: Transaction): Promise<SupplierPaymentView> {
  const note = await selectOne<{ number: string; kind: string; supplier_id: number; currency: string }>(
    services.db,
    'SELECT number, kind, supplier_id, currency FROM purchase_invoices WHERE id = :noteId',
    { noteId },
    tx,
  );
  if (!note) throw notFound(msg('entity.debit-note', { id: noteId }));
  if (note.kind !== 'debit-note') throw invalid(msg('supplier-payment.not-debit-note', { number: note.number }), [fieldError(['id'], msg('supplier-payment.not-debit-note:field', { number: note.number }))]);
  const item = await services.openItems.itemOf({ type: 'PI', id: noteId }, tx);
  const payer = { docType: 'PI' as const, id: noteId, number: note.number, supplierId: Number(note.supplier_id), currency: note.currency, unallocated: -(item?.openAmount ?? 0) };
  await allocateToInvoices(services, payer, input.allocations, input.date, actor.id, tx);
  return debitNoteView(services, noteId, tx);
}
