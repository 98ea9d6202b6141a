import type { Transaction } from 'sequelize';
import type { SalesInvoiceRequest, SalesInvoiceView } from '../../../contract/sales-invoices';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { postOpeningBalance } from '../purchase-invoices/post-opening-payable';
import type { CustomerFacts } from '../sales-orders/customer-refs';
import { CUSTOMERS } from '../supplier-payments/partner-sides';
import { getSalesInvoice } from './invoice-store';

/**
 * What a customer owed when the books started: Dr receivable / Cr
 * openingOffset (4199) for the amount at its rate, and an open item a
 * receipt can be allocated to. No goods, no tax, no cost.
 */
export async function postOpeningReceivable(services: Services, actor: Actor, customer: CustomerFacts, date: string, input: SalesInvoiceRequest, tx: Transaction): Promise<SalesInvoiceView> {
  const errors: FieldIssue[] = [];
  if (input.amount === undefined) errors.push(fieldError(['amount'], msg('validation.required')));
  if (input.lines?.length) errors.push(fieldError(['lines'], msg('sales-invoice.opening-no-lines')));
  if (input.shipmentIds?.length) errors.push(fieldError(['shipmentIds'], msg('sales-invoice.opening-no-lines')));
  if (errors.length) throw invalid(errors[0]!.message, errors);
  const { id } = await postOpeningBalance(services, actor, { side: CUSTOMERS, partner: customer, date, input: { ...input, amount: input.amount! }, memo: input.note ?? null, columns: { base_cost: 0 } }, tx);
  return getSalesInvoice(services.db, id, tx);
}
