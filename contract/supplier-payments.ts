import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/*
 * Purchasing: supplier payments, their allocations to invoices (and debit
 * notes' to invoices), payables, ageing and the supplier statement (对账单)
 * (API.md "Purchasing and suppliers"). Money as JSON numbers with at most 2
 * decimals, rates at most 6.
 */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
const required = (max: number) => text(max).min(1, msgKey('validation.required'));
const currencyCode = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));

/** An invoice named by id or number; what of the payment (or debit note) goes to it. */
export const allocationLine = z.strictObject({
  invoiceId: id.optional(),
  invoiceNumber: required(32).optional(),
  amount: decimalNumber('money', { positive: true }),
});
export type AllocationLine = z.infer<typeof allocationLine>;
const allocationLines = z.array(allocationLine, { error: expected('validation.type:lines') }).max(5000, msgKey('validation.too-many:lines'));

export const supplierPaymentRequest = z.strictObject({
  supplierId: id.optional(),
  supplierCode: required(32).optional(),
  cashAccountId: id.optional(),
  cashAccountCode: required(32).optional(),
  date: isoDate.optional(),
  currency: currencyCode.optional(),
  rate: decimalNumber('rate', { positive: true }).optional(),
  amount: decimalNumber('money', { positive: true }),
  reference: text(100).optional(),
  allocations: allocationLines.optional(),
});
export type SupplierPaymentRequest = z.infer<typeof supplierPaymentRequest>;

export const allocationsRequest = z.strictObject({
  date: isoDate.optional(),
  allocations: allocationLines.min(1, msgKey('validation.too-few:lines')),
});
export type AllocationsRequest = z.infer<typeof allocationsRequest>;

export interface PaymentAllocationView {
  id: number;
  invoiceId: number;
  invoiceNumber: string;
  date: string;
  amount: number;
  /** Base currency: what the payment gave up less what the invoice did (a loss on payables when positive). */
  fxDifference: number;
  journalEntryId: number | null;
}

/** A payment, or a debit note as its allocations answer it. */
export interface SupplierPaymentView {
  id: number;
  number: string;
  supplierId: number;
  supplierCode: string;
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
  fxDifference: number;
  journalEntryId: number | null;
  allocations: PaymentAllocationView[];
}

const optionalId = z.coerce.number({ error: expected('validation.type:id') }).int().positive().optional();
const pageOf = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(100000).default(1000),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};

export const supplierPaymentsQuery = z.object({ ...pageOf, supplierId: optionalId, from: isoDate.optional(), to: isoDate.optional() });
export type SupplierPaymentsQuery = z.infer<typeof supplierPaymentsQuery>;

export const payablesQuery = z.object({
  ...pageOf,
  supplierId: optionalId,
  asOf: isoDate.optional(),
  status: z.enum(['open', 'all'], { error: msgKey('validation.choice') }).default('open'),
});
export type PayablesQuery = z.infer<typeof payablesQuery>;

/** One payable: invoices positive, debit notes and unallocated payments (advances) negative. */
export interface PayableView {
  id: number;
  docType: string;
  kind: 'invoice' | 'debit-note' | 'payment';
  number: string;
  supplierInvoiceNo: string | null;
  supplierId: number;
  supplierCode: string;
  date: string;
  dueDate: string;
  currency: string;
  total: number;
  openAmount: number;
  baseOpenAmount: number;
  /** asOf − dueDate for an invoice past due, else 0. */
  daysOverdue: number;
}

export const ageingQuery = z.object({
  asOf: isoDate.optional(),
  basis: z.enum(['invoice', 'due'], { error: msgKey('validation.choice') }).default('invoice'),
  supplierId: optionalId,
});
export type AgeingQuery = z.infer<typeof ageingQuery>;

export interface AgeingBuckets {
  notDue: number;
  days0to30: number;
  days31to60: number;
  days61to90: number;
  over90: number;
  total: number;
}
export interface PayablesAgeingRow extends AgeingBuckets {
  supplierId: number;
  supplierCode: string;
  name: string;
}
export interface PayablesAgeingView {
  asOf: string;
  basis: 'invoice' | 'due';
  data: PayablesAgeingRow[];
  totals: AgeingBuckets;
}

export const statementQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
export type StatementQuery = z.infer<typeof statementQuery>;

export interface StatementLine {
  date: string;
  /** PI (invoice, debit note), SP (payment), FX (realized exchange difference of an allocation). */
  docType: string;
  number: string;
  debit: number;
  credit: number;
  /** What is owed to the supplier after this line: credit − debit so far. */
  balance: number;
}
export interface SupplierStatementView {
  supplierId: number;
  supplierCode: string;
  name: string;
  from: string | null;
  to: string;
  currency: string;
  opening: number;
  lines: StatementLine[];
  closing: number;
}
