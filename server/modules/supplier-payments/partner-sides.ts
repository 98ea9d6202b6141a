import type { MappingRole } from '../../../contract/finance';
import type { DocType } from '../../documents/numbering';
import type { PartnerType } from '../../ledgers/open-items';

/**
 * What tells the payables from the receivables in the tables and the ledger,
 * so one implementation of payments, allocations, open-item lists, ageing
 * and statements serves both (API.md: customer receipts are "as supplier
 * payments"). Only names and directions differ; the rules are the same.
 */
export interface PartnerSide {
  partnerType: PartnerType;
  /** The partners' table, and the column a document names its partner by. */
  partners: 'suppliers' | 'customers';
  partnerColumn: 'supplier_id' | 'customer_id';
  invoices: 'purchase_invoices' | 'sales_invoices';
  invoiceType: Extract<DocType, 'PI' | 'SI'>;
  /** The negative invoice: set against invoices like a payment. */
  noteKind: 'debit-note' | 'credit-note';
  payments: 'supplier_payments' | 'customer_receipts';
  paymentType: Extract<DocType, 'SP' | 'CR'>;
  paymentKind: 'payment' | 'receipt';
  /** Where a payment's (receipt's) whole base waits until it is allocated. */
  advanceRole: Extract<MappingRole, 'supplierAdvance' | 'customerAdvance'>;
  /** Whether the money leaves the cash account (a payment) or comes into it (a receipt). */
  cash: 'out' | 'in';
  /** The prefix of the side's own message keys. */
  messages: 'supplier-payment' | 'customer-receipt';
  /** The statement column of a movement that raises the partner's balance: what we owe a supplier is a credit, what a customer owes us a debit. */
  raises: 'credit' | 'debit';
}

export const SUPPLIERS: PartnerSide = {
  partnerType: 'supplier',
  partners: 'suppliers',
  partnerColumn: 'supplier_id',
  invoices: 'purchase_invoices',
  invoiceType: 'PI',
  noteKind: 'debit-note',
  payments: 'supplier_payments',
  paymentType: 'SP',
  paymentKind: 'payment',
  advanceRole: 'supplierAdvance',
  cash: 'out',
  messages: 'supplier-payment',
  raises: 'credit',
};

export const CUSTOMERS: PartnerSide = {
  partnerType: 'customer',
  partners: 'customers',
  partnerColumn: 'customer_id',
  invoices: 'sales_invoices',
  invoiceType: 'SI',
  noteKind: 'credit-note',
  payments: 'customer_receipts',
  paymentType: 'CR',
  paymentKind: 'receipt',
  advanceRole: 'customerAdvance',
  cash: 'in',
  messages: 'customer-receipt',
  raises: 'debit',
};
