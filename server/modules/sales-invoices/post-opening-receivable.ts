import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { SalesInvoiceRequest, SalesInvoiceView } from '../../../contract/sales-invoices';
import { toBase } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { dueDateOf } from '../purchase-invoices/invoice-header';
import type { CustomerFacts } from '../sales-orders/customer-refs';
import { getSalesInvoice } from './invoice-store';

/**
 * What a customer owed when the books started: Dr receivable / Cr
 * openingOffset (4199) for the amount at its rate, and an open item a
 * receipt can be allocated to. No goods, no tax, no cost.
 */
export async function postOpeningReceivable(services: Services, actor: Actor, customer: CustomerFacts, date: string, input: SalesInvoiceRequest, tx: Transaction): Promise<SalesInvoiceView> {
  const { db, generalLedger: gl } = services;
  const errors: FieldIssue[] = [];
  if (input.amount === undefined) errors.push(fieldError(['amount'], msg('validation.required')));
  if (input.lines?.length) errors.push(fieldError(['lines'], msg('sales-invoice.opening-no-lines')));
  if (input.shipmentIds?.length) errors.push(fieldError(['shipmentIds'], msg('sales-invoice.opening-no-lines')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
  const dueDate = dueDateOf(date, customer, input.dueDate);
  const currency = input.currency ?? customer.currency;
  const given = input.rate === undefined ? undefined : toScaled(input.rate, 'rate');
  const rate = await services.exchangeRates.documentRate({ currency, date, rate: given }, ['rate'], tx);
  const amount = toScaled(input.amount!, 'money');
  const base = toBase(amount, rate);
  const mapping = await gl.mapping(tx);
  const journal = await gl.prepareJournal(
    {
      date,
      memo: input.note ?? null,
      userId: actor.id,
      lines: [
        { accountCode: mapping.receivable, debit: base, currency, rate, amount },
        { accountCode: mapping.openingOffset, credit: base },
      ],
    },
    tx,
  );
  const { id, number } = await insertNumbered(db, tx, 'sales_invoices', 'SI', date, {
    kind: 'opening',
    customer_id: customer.id,
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
    base_cost: 0,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  if (journal) await gl.applyJournal(journal, { type: 'SI', id, number }, tx);
  await services.openItems.openItem(
    { partnerType: 'customer', partnerId: customer.id, kind: 'invoice', document: { type: 'SI', id, number }, date, dueDate, currency, rate, amount, baseAmount: base, accountCode: mapping.receivable },
    tx,
  );
  return getSalesInvoice(db, id, tx);
}
