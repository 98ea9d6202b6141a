import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { AgeingBuckets, AllocationLine, allocationLine, allocationsRequest, AllocationsRequest, PaymentAllocationView, StatementLine, statementQuery, StatementQuery } from './supplier-payments';
import { expected, msgKey } from './validation-issues';

/*
 * Customer receipts, their allocations to invoices (and credit notes' to
 * invoices), receivables, ageing and the customer statement (对账单) (API.md
 * "Sales and customers": "as supplier payments"). The allocation, ageing and
 * statement shapes are the payables' own.
 */

export { allocationLine, allocationsRequest, statementQuery };
export type { AgeingBuckets, AllocationLine, AllocationsRequest, PaymentAllocationView, StatementLine, StatementQuery };

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const required = (max: number) => text(max).min(1, msgKey('validation.required'));
const currencyCode = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));

export const customerReceiptRequest = z.strictObject({
  customerId: id.optional(),
  customerCode: required(32).optional(),
  cashAccountId: id.optional(),
  cashAccountCode: required(32).optional(),
  date: isoDate.optional(),
  currency: currencyCode.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  amount: decimalNumber('money', { positive: true }),
  reference: text(100).optional(),
  allocations: z.array(allocationLine, { error: expected('validation.type:lines') }).max(5000, msgKey('validation.too-many:lines')).optional(),
});
export type CustomerReceiptRequest = z.infer<typeof customerReceiptRequest>;

export interface CustomerReceiptView {
  id: number;
  number: string;
  customerId: number;
  customerCode: string;
  cashAccountId: number | null;
  cashAccountCode: string | null;
  date: string;
  currency: string;
  rate: number;
  amount: number;
  baseAmount: number;
  reference: string | null;
  allocated: number;
  unallocated: number;
  /** Base: what the receipt brought less what the invoices gave up (a gain on receivables when positive). */
  fxDifference: number;
  journalEntryId: number | null;
  allocations: PaymentAllocationView[];
}

const optionalId = z.coerce.number({ error: expected('validation.type:id') }).int().positive().optional();
const pageOf = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(100000).default(1000),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};

export const customerReceiptsQuery = z.object({ ...pageOf, customerId: optionalId, from: isoDate.optional(), to: isoDate.optional() });
export type CustomerReceiptsQuery = z.infer<typeof customerReceiptsQuery>;

export const receivablesQuery = z.object({
  ...pageOf,
  customerId: optionalId,
  asOf: isoDate.optional(),
  status: z.enum(['open', 'all'], { error: msgKey('validation.choice') }).default('open'),
});
export type ReceivablesQuery = z.infer<typeof receivablesQuery>;

/** One receivable: invoices positive, credit notes and unallocated receipts (advances) negative. */
export interface ReceivableView {
  id: number;
  docType: string;
  kind: 'invoice' | 'credit-note' | 'receipt';
  number: string;
  customerId: number;
  customerCode: string;
  date: string;
  dueDate: string;
  currency: string;
  total: number;
  openAmount: number;
  baseOpenAmount: number;
  daysOverdue: number;
}

export const receivablesAgeingQuery = z.object({
  asOf: isoDate.optional(),
  basis: z.enum(['invoice', 'due'], { error: msgKey('validation.choice') }).default('invoice'),
  customerId: optionalId,
});
export type ReceivablesAgeingQuery = z.infer<typeof receivablesAgeingQuery>;

export interface ReceivablesAgeingRow extends AgeingBuckets {
  customerId: number;
  customerCode: string;
  name: string;
}
export interface ReceivablesAgeingView {
  asOf: string;
  basis: 'invoice' | 'due';
  data: ReceivablesAgeingRow[];
  totals: AgeingBuckets;
}

export interface CustomerStatementView {
  customerId: number;
  customerCode: string;
  name: string;
  from: string | null;
  to: string;
  currency: string;
  opening: number;
  /** For a customer invoices are debits, receipts and credit notes credits; balance = what they owe. */
  lines: StatementLine[];
  closing: number;
}
