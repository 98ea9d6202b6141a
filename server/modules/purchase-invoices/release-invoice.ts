import type { Transaction } from 'sequelize';
import type { PurchaseInvoiceView } from '../../../contract/purchase-invoices';
import { execute, selectOne } from '../../db/sql';
import { INVOICE_STATUS, InvoiceStatus, transition } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { getPurchaseInvoice } from './invoice-store';

/** A held invoice (a price beyond tolerance) released for payment: held → open, who and when recorded. */
export async function releasePurchaseInvoice(services: Services, actor: Actor, id: number, tx: Transaction): Promise<{ before: InvoiceStatus; invoice: PurchaseInvoiceView }> {
  const { db } = services;
  const lock = db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  const row = await selectOne<{ status: InvoiceStatus }>(db, `SELECT status FROM purchase_invoices WHERE id = :id${lock}`, { id }, tx);
  if (!row) throw notFound(msg('purchase-invoice.not-found', { id }));
  const status = transition(INVOICE_STATUS, row.status, 'release');
  await execute(db, 'UPDATE purchase_invoices SET status = :status, released_by = :userId, released_at = :now WHERE id = :id', { status, userId: actor.id, now: services.calendar.now(), id }, tx);
  return { before: row.status, invoice: await getPurchaseInvoice(db, id, tx) };
}
