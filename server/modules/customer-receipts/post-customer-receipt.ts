import type { Transaction } from 'sequelize';
import type { AllocationsRequest, CustomerReceiptRequest, CustomerReceiptView } from '../../../contract/customer-receipts';
import type { Actor } from '../../platform/actor';
import type { Services } from '../../platform/services';
import { resolveCustomer } from '../sales-orders/customer-refs';
import { allocateNote } from '../supplier-payments/debit-note-allocations';
import { CUSTOMERS } from '../supplier-payments/partner-sides';
import { allocatePayer, postPayer } from '../supplier-payments/post-supplier-payment';
import { asCustomerReceipt } from './receipt-views';

/**
 * Receives from a customer into a cash or bank account, exactly as a supplier
 * is paid (server/modules/supplier-payments): Dr the cash leaf / Cr 2203 for
 * the whole base, then each allocation moves its share from 2203 to 1122
 * with the realized FX (for receivables a positive difference is a gain);
 * what is not allocated stays a customer advance (预收).
 */
export async function postCustomerReceipt(services: Services, actor: Actor, input: CustomerReceiptRequest, tx: Transaction): Promise<CustomerReceiptView> {
  const { customerId, customerCode, ...rest } = input;
  // What an inactive customer still owes may still be received.
  const customer = await resolveCustomer(services.db, { customerId, customerCode }, tx, { inactiveAllowed: true });
  return asCustomerReceipt(await postPayer(services, CUSTOMERS, actor, { ...rest, partner: customer }, tx));
}

/** Allocates what is left of a receipt to invoices later. */
export async function allocateReceipt(services: Services, actor: Actor, receiptId: number, input: AllocationsRequest, tx: Transaction): Promise<CustomerReceiptView> {
  return asCustomerReceipt(await allocatePayer(services, CUSTOMERS, actor, receiptId, input, tx));
}

/** Sets a credit note (a negative receivable) against invoices of its customer and currency. */
export async function allocateCreditNote(services: Services, actor: Actor, noteId: number, input: AllocationsRequest, tx: Transaction): Promise<CustomerReceiptView> {
  return asCustomerReceipt(await allocateNote(services, CUSTOMERS, actor, noteId, input, tx));
}
