import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { execute, insertRow, selectRows } from '../db/sql';

export type PartnerType = 'customer' | 'supplier';
export type OpenItemKind = 'invoice' | 'credit-note' | 'receipt' | 'debit-note' | 'payment';

/** A document as callers name it: its type (SI, CR, PI, SP, …) and id. */
export interface DocumentKey {
  type: string;
  id: number;
}

/** One open item; amounts signed (invoices positive; receipts, payments and notes negative), in cents. */
export interface OpenItemView {
  id: number;
  partnerType: PartnerType;
  partnerId: number;
  kind: OpenItemKind;
  docType: string;
  docId: number;
  docNumber: string;
  date: string;
  dueDate: string;
  currency: string;
  /** ×1,000,000 */
  rate: number;
  amount: number;
  baseAmount: number;
  openAmount: number;
  openBase: number;
  accountCode: string;
}

/** One allocation; amounts as positive magnitudes. */
export interface AllocationView {
  id: number;
  invoiceItemId: number;
  paymentItemId: number;
  invoice: { type: string; id: number; number: string };
  payment: { type: string; id: number; number: string };
  date: string;
  currency: string;
  amount: number;
  invoiceBase: number;
  paymentBase: number;
  /** paymentBase − invoiceBase: a gain on receivables when positive, a loss on payables. */
  fxDifference: number;
  journalEntryId: number | null;
  reversedOn: string | null;
  reversalEntryId: number | null;
}

export interface NewAllocation {
  invoiceItemId: number;
  paymentItemId: number;
  date: string;
  amount: number;
  invoiceBase: number;
  paymentBase: number;
  fxDifference: number;
  userId: number | null;
  createdAt: Date;
}

const nullableId = (v: unknown) => (v === null || v === undefined ? null : Number(v));

const ITEM_COLUMNS =
  'id, partner_type, partner_id, kind, doc_type, doc_id, doc_number, date, due_date, currency, rate, amount, base_amount, open_amount, open_base, account_code';

function toItem(r: Record<string, unknown>): OpenItemView {
  return {
    id: Number(r.id),
    partnerType: r.partner_type as PartnerType,
    partnerId: Number(r.partner_id),
    kind: r.kind as OpenItemKind,
    docType: String(r.doc_type),
    docId: Number(r.doc_id),
    docNumber: String(r.doc_number),
    date: String(r.date),
    dueDate: String(r.due_date),
    currency: String(r.currency),
    rate: Number(r.rate),
    amount: Number(r.amount),
    baseAmount: Number(r.base_amount),
    openAmount: Number(r.open_amount),
    openBase: Number(r.open_base),
    accountCode: String(r.account_code),
  };
}

const ALLOCATION_SELECT = `SELECT a.id, a.invoice_item_id, a.payment_item_id, a.date, a.amount, a.invoice_base, a.payment_base, a.fx_difference,
       a.journal_entry_id, a.reversed_on, a.reversal_entry_id, i.currency,
       i.doc_type AS invoice_type, i.doc_id AS invoice_id, i.doc_number AS invoice_number,
       p.doc_type AS payment_type, p.doc_id AS payment_id, p.doc_number AS payment_number
  FROM open_item_allocations a
  JOIN open_items i ON i.id = a.invoice_item_id
  JOIN open_items p ON p.id = a.payment_item_id`;

function toAllocation(r: Record<string, unknown>): AllocationView {
  return {
    id: Number(r.id),
    invoiceItemId: Number(r.invoice_item_id),
    paymentItemId: Number(r.payment_item_id),
    invoice: { type: String(r.invoice_type), id: Number(r.invoice_id), number: String(r.invoice_number) },
    payment: { type: String(r.payment_type), id: Number(r.payment_id), number: String(r.payment_number) },
    date: String(r.date),
    currency: String(r.currency),
    amount: Number(r.amount),
    invoiceBase: Number(r.invoice_base),
    paymentBase: Number(r.payment_base),
    fxDifference: Number(r.fx_difference),
    journalEntryId: nullableId(r.journal_entry_id),
    reversedOn: (r.reversed_on as string | null) ?? null,
    reversalEntryId: nullableId(r.reversal_entry_id),
  };
}

/** What one item held on a date: its base less what allocations in force then had taken. */
export interface AgeingRow {
  partnerId: number;
  kind: OpenItemKind;
  date: string;
  dueDate: string;
  openBase: number;
}

/** The SQL behind the open-items ledger; plain rows in, plain objects out. */
export class OpenItemStore {
  constructor(private readonly db: Database) {}

  private get lock(): string {
    return this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
  }

  async insertItem(row: Record<string, unknown>, tx: Transaction): Promise<number> {
    return insertRow(this.db, 'open_items', row, tx);
  }

  async item(id: number, tx?: Transaction): Promise<OpenItemView | null> {
    const [row] = await selectRows<Record<string, unknown>>(this.db, `SELECT ${ITEM_COLUMNS} FROM open_items WHERE id = :id`, { id }, tx);
    return row ? toItem(row) : null;
  }

  async itemOf(doc: DocumentKey, tx?: Transaction): Promise<OpenItemView | null> {
    const [row] = await selectRows<Record<string, unknown>>(this.db, `SELECT ${ITEM_COLUMNS} FROM open_items WHERE doc_type = :type AND doc_id = :id`, { ...doc }, tx);
    return row ? toItem(row) : null;
  }

  /** The items of an invoice and a payment, row-locked (PostgreSQL) in id order, so two allocations of one item wait for each other. */
  async lockPair(invoice: DocumentKey, payment: DocumentKey, tx: Transaction): Promise<[OpenItemView | null, OpenItemView | null]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      `SELECT ${ITEM_COLUMNS} FROM open_items
        WHERE (doc_type = :invoiceType AND doc_id = :invoiceId) OR (doc_type = :paymentType AND doc_id = :paymentId)
        ORDER BY id${this.lock}`,
      { invoiceType: invoice.type, invoiceId: invoice.id, paymentType: payment.type, paymentId: payment.id },
      tx,
    );
    const items = rows.map(toItem);
    const find = (d: DocumentKey) => items.find((i) => i.docType === d.type && i.docId === d.id) ?? null;
    return [find(invoice), find(payment)];
  }

  async itemsOf(partnerType: PartnerType, partnerId: number, filter: { currency?: string; openOnly: boolean }, tx?: Transaction): Promise<OpenItemView[]> {
    const where = ['partner_type = :partnerType', 'partner_id = :partnerId'];
    if (filter.currency) where.push('currency = :currency');
    if (filter.openOnly) where.push('open_amount <> 0');
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      `SELECT ${ITEM_COLUMNS} FROM open_items WHERE ${where.join(' AND ')} ORDER BY date, id`,
      { partnerType, partnerId, currency: filter.currency },
      tx,
    );
    return rows.map(toItem);
  }

  /** Moves an item's open amount and base by signed deltas. */
  async addToOpen(itemId: number, amount: number, base: number, tx: Transaction): Promise<void> {
    await execute(this.db, 'UPDATE open_items SET open_amount = open_amount + :amount, open_base = open_base + :base WHERE id = :itemId', { itemId, amount, base }, tx);
  }

  async insertAllocation(a: NewAllocation, tx: Transaction): Promise<number> {
    return insertRow(
      this.db,
      'open_item_allocations',
      {
        invoice_item_id: a.invoiceItemId,
        payment_item_id: a.paymentItemId,
        date: a.date,
        amount: a.amount,
        invoice_base: a.invoiceBase,
        payment_base: a.paymentBase,
        fx_difference: a.fxDifference,
        journal_entry_id: null,
        reversed_on: null,
        reversal_entry_id: null,
        user_id: a.userId,
        created_at: a.createdAt,
      },
      tx,
    );
  }

  async setAllocationJournal(id: number, journalEntryId: number, tx: Transaction): Promise<void> {
    await execute(this.db, 'UPDATE open_item_allocations SET journal_entry_id = :journalEntryId WHERE id = :id', { id, journalEntryId }, tx);
  }

  async markReversed(id: number, date: string, reversalEntryId: number | null, tx: Transaction): Promise<void> {
    await execute(this.db, 'UPDATE open_item_allocations SET reversed_on = :date, reversal_entry_id = :reversalEntryId WHERE id = :id', { id, date, reversalEntryId }, tx);
  }

  async allocation(id: number, tx?: Transaction, lock = false): Promise<AllocationView | null> {
    const [row] = await selectRows<Record<string, unknown>>(this.db, `${ALLOCATION_SELECT} WHERE a.id = :id${lock && this.db.dialect === 'postgres' ? ' FOR UPDATE OF a' : ''}`, { id }, tx);
    return row ? toAllocation(row) : null;
  }

  /** A document's allocations, on either side, oldest first; undone ones included. */
  async allocationsOf(doc: DocumentKey, tx?: Transaction): Promise<AllocationView[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      `${ALLOCATION_SELECT} WHERE (i.doc_type = :type AND i.doc_id = :id) OR (p.doc_type = :type AND p.doc_id = :id) ORDER BY a.id`,
      { ...doc },
      tx,
    );
    return rows.map(toAllocation);
  }

  /**
   * Each item of a ledger dated on or before `asOf`, with the base it still
   * held that day: allocations count from their date until the day they were undone.
   */
  async openAsOf(partnerType: PartnerType, asOf: string, partnerId: number | null, tx?: Transaction): Promise<AgeingRow[]> {
    const inForce = 'a.date <= :asOf AND (a.reversed_on IS NULL OR a.reversed_on > :asOf)';
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      `SELECT o.partner_id, o.kind, o.date, o.due_date,
              o.base_amount
              - COALESCE((SELECT SUM(a.invoice_base) FROM open_item_allocations a WHERE a.invoice_item_id = o.id AND ${inForce}), 0)
              + COALESCE((SELECT SUM(a.payment_base) FROM open_item_allocations a WHERE a.payment_item_id = o.id AND ${inForce}), 0) AS open_base
         FROM open_items o
        WHERE o.partner_type = :partnerType AND o.date <= :asOf${partnerId === null ? '' : ' AND o.partner_id = :partnerId'}
        ORDER BY o.partner_id, o.date, o.id`,
      { partnerType, asOf, partnerId },
      tx,
    );
    return rows
      .map((r) => ({ partnerId: Number(r.partner_id), kind: r.kind as OpenItemKind, date: String(r.date), dueDate: String(r.due_date), openBase: Number(r.open_base) }))
      .filter((r) => r.openBase !== 0);
  }

  async partners(partnerType: PartnerType, ids: number[], tx?: Transaction): Promise<Map<number, { code: string; name: string }>> {
    if (!ids.length) return new Map();
    const table = partnerType === 'customer' ? 'customers' : 'suppliers';
    const rows = await selectRows<{ id: number; code: string; name: string }>(this.db, `SELECT id, code, name FROM ${table} WHERE id IN (:ids)`, { ids }, tx);
    return new Map(rows.map((r) => [Number(r.id), { code: r.code, name: r.name }]));
  }

  /** Σ open base per control account and partner type. */
  async openBaseByAccount(tx?: Transaction): Promise<Array<{ accountCode: string; partnerType: PartnerType; openBase: number }>> {
    const rows = await selectRows<{ account_code: string; partner_type: PartnerType; open_base: number | string }>(
      this.db,
      'SELECT account_code, partner_type, SUM(open_base) AS open_base FROM open_items GROUP BY account_code, partner_type',
      {},
      tx,
    );
    return rows.map((r) => ({ accountCode: r.account_code, partnerType: r.partner_type, openBase: Number(r.open_base) }));
  }
}
