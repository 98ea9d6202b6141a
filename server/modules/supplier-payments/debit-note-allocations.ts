import type { Transaction } from 'sequelize';
import type { AllocationsRequest, SupplierPaymentView } from '../../../contract/supplier-payments';
import { selectOne } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { allocateToInvoices } from './allocate-to-invoices';
import { PartnerSide, SUPPLIERS } from './partner-sides';
import { asSupplierPayment, noteView, PayerView } from './payment-views';

const notANote = (side: PartnerSide, number: string) =>
  side.partnerType === 'supplier'
    ? { problem: msg('supplier-payment.not-debit-note', { number }), says: msg('supplier-payment.not-debit-note:field', { number }) }
    : { problem: msg('customer-receipt.not-credit-note', { number }), says: msg('customer-receipt.not-credit-note:field', { number }) };

/** Sets a debit (credit) note — a negative payable (receivable) — against invoices of its partner and currency. */
export async function allocateNote(services: Services, side: PartnerSide, actor: Actor, noteId: number, input: AllocationsRequest, tx: Transaction): Promise<PayerView> {
  const note = await selectOne<{ number: string; kind: string; partner_id: number; currency: string }>(
    services.db,
    `SELECT number, kind, ${side.partnerColumn} AS partner_id, currency FROM ${side.invoices} WHERE id = :noteId`,
    { noteId },
    tx,
  );
  if (!note) throw notFound(msg(`entity.${side.noteKind}`, { id: noteId }));
  if (note.kind !== side.noteKind) {
    const { problem, says } = notANote(side, note.number);
    throw invalid(problem, [fieldError(['id'], says)]);
  }
  const item = await services.openItems.itemOf({ type: side.invoiceType, id: noteId }, tx);
  const payer = { side, docType: side.invoiceType, id: noteId, number: note.number, partnerId: Number(note.partner_id), currency: note.currency, unallocated: -(item?.openAmount ?? 0) };
  await allocateToInvoices(services, payer, input.allocations, input.date, actor.id, tx);
  return noteView(services, side, noteId, tx);
}

export async function allocateDebitNote(services: Services, actor: Actor, noteId: number, input: AllocationsRequest, tx: Transaction): Promise<SupplierPaymentView> {
  return asSupplierPayment(await allocateNote(services, SUPPLIERS, actor, noteId, input, tx));
}
