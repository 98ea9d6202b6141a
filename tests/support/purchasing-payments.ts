import { insertNumbered } from '../../server/documents/numbering';
import { baseValue } from '../../server/ledgers/allocation-math';
import type { TestApp } from './test-app';

/**
 * Supplier invoices and debit notes straight in the database, as the
 * invoices part posts them (the invoice API is built in parallel): a
 * purchase_invoices row, its journal through the money gate (invoice Dr 6602
 * / Cr 2202.01, a debit note the other way round, in its currency at its
 * rate) and its open item, in one transaction. Amounts in cents.
 */
export interface SupplierInvoiceInput {
  supplierId: number;
  date: string;
  dueDate?: string;
  currency?: string;
  /** ×1,000,000 */
  rate?: number;
  amount: number;
  status?: 'open' | 'held';
  kind?: 'invoice' | 'debit-note';
  supplierInvoiceNo?: string;
}

let invoiceNos = 0;

export async function createSupplierInvoice(t: TestApp, input: SupplierInvoiceInput): Promise<{ id: number; number: string; baseTotal: number }> {
  const { services } = t;
  const currency = input.currency ?? 'CNY';
  const rate = input.rate ?? 1_000_000;
  const kind = input.kind ?? 'invoice';
  const base = baseValue(input.amount, rate);
  const sign = kind === 'invoice' ? 1 : -1;
  return services.db.transaction(async (tx) => {
    const doc = await insertNumbered(services.db, tx, 'purchase_invoices', 'PI', input.date, {
      kind,
      supplier_id: input.supplierId,
      supplier_invoice_no: input.supplierInvoiceNo ?? `SUP-${++invoiceNos}-${Date.now()}`,
      status: input.status ?? 'open',
      date: input.date,
      due_date: input.dueDate ?? input.date,
      currency,
      rate,
      subtotal: sign * input.amount,
      tax: 0,
      total: sign * input.amount,
      base_subtotal: sign * base,
      base_tax: 0,
      base_total: sign * base,
      variance_base: 0,
      created_at: services.calendar.now(),
    });
    const own = { currency, amount: input.amount, rate };
    const lines =
      kind === 'invoice'
        ? [{ accountCode: '6602', debit: base, ...own }, { accountCode: '2202.01', credit: base, ...own }]
        : [{ accountCode: '2202.01', debit: base, ...own }, { accountCode: '6602', credit: base, ...own }];
    await services.generalLedger.postJournal({ date: input.date, source: { type: 'PI', ...doc }, lines, userId: null }, tx);
    await services.openItems.openItem(
      { partnerType: 'supplier', partnerId: input.supplierId, kind, document: { type: 'PI', ...doc }, date: input.date, dueDate: input.dueDate, currency, rate, amount: input.amount, baseAmount: base },
      tx,
    );
    return { ...doc, baseTotal: sign * base };
  });
}
