import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { PurchaseInvoiceRequest, PurchaseInvoiceView } from '../../../contract/purchase-invoices';
import { toBase } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { assertNewSupplierInvoiceNo, dueDateOf, SupplierFacts } from './invoice-header';
import { getPurchaseInvoice } from './invoice-store';

/**
 * What was owed to a supplier when the books started: Dr openingOffset (4199)
 * / Cr payable for the amount at its rate, and an open item a payment can be
 * allocated to. No goods, no tax.
 */
export async function postOpeningPayable(services: Services, actor: Actor, supplier: SupplierFacts, date: string, input: PurchaseInvoiceRequest, tx: Transaction): Promise<PurchaseInvoiceView> {
  const { db, generalLedger: gl } = services;
  const errors: FieldIssue[] = [];
  if (input.amount === undefined) errors.push(fieldError(['amount'], msg('validation.required')));
  if (input.lines?.length) errors.push(fieldError(['lines'], msg('purchase-invoice.opening-no-lines')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
  await assertNewSupplierInvoiceNo(db, supplier, input.supplierInvoiceNo, tx);
  const dueDate = dueDateOf(date, supplier, input.dueDate);
  const currency = input.currency ?? supplier.currency;
  const given = input.rate === undefined ? undefined : toScaled(input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: given }, ['rate'], tx);
  const amount = toScaled(input.amount!, 'money');
  const base = toBase(amount, rate);
  const mapping = await gl.mapping(tx);
  const journal = await gl.prepareJournal(
    {
      date,
      memo: input.supplierInvoiceNo ?? null,
      userId: actor.id,
      lines: [
        { accountCode: mapping.openingOffset, debit: base },
        { accountCode: mapping.payable, credit: base, currency, rate, amount },
      ],
    },
    tx,
  );
  const { id, number } = await insertNumbered(db, tx, 'purchase_invoices', 'PI', date, {
    kind: 'opening',
    supplier_id: supplier.id,
    supplier_invoice_no: input.supplierInvoiceNo ?? null,
    status: 'open',
    date,
    due_date: dueDate,
    currency,
    rate,
    subtotal: amount,
    tax: 0,
    total: amount,
    base_subtotal: base,
    base_tax: 0,
    base_total: base,
    variance_base: 0,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  if (journal) await gl.applyJournal(journal, { type: 'PI', id, number }, tx);
  await services.openItems.openItem(
    { partnerType: 'supplier', partnerId: supplier.id, kind: 'invoice', document: { type: 'PI', id, number }, date, dueDate, currency, rate, amount, baseAmount: base },
    tx,
  );
  return getPurchaseInvoice(db, id, tx);
}
