import { QueryTypes } from 'sequelize';
import { toScaled } from '../../contract/decimals';
import { insertRow } from '../../server/db/sql';
import { documentAmounts } from '../../server/documents/amounts';
import { releasedValue } from '../../server/modules/goods-receipts/receipt-value';
import type { TestApp } from './test-app';

let orders = 0;
let invoices = 0;

export interface OrderLineInput {
  itemId: number;
  qty: number;
  /** Net unit cost in base currency: what receipts bring stock in at. */
  unitCost: number;
  taxRate?: number;
}

/**
 * An approved purchase order with its lines, written straight into
 * purchase_orders / purchase_order_lines (the orders API is built elsewhere):
 * base currency, no discount, amounts = qty × unit cost.
 */
export async function insertOrder(t: TestApp, supplierId: number, warehouseId: number, lines: OrderLineInput[], status = 'approved'): Promise<{ id: number; number: string; lineIds: number[] }> {
  const now = new Date();
  const priced = documentAmounts(
    lines.map((l) => ({ qty: toScaled(l.qty, 'qty'), unitPrice: toScaled(l.unitCost, 'price'), taxRate: toScaled(l.taxRate ?? 0, 'rate') })),
    { pricesIncludeTax: false, rate: 1_000_000 },
  );
  const number = `PO-T-${++orders}-${Math.random().toString(36).slice(2, 7)}`;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
  const money = { subtotal: priced.subtotal, tax: priced.tax, total: priced.total, base_subtotal: priced.subtotal, base_tax: priced.tax, base_total: priced.total };
  const id = await insertRow(t.services.db, 'purchase_orders', {
    number, status, supplier_id: supplierId, warehouse_id: warehouseId, date: today, prices_include_tax: false, currency: 'CNY', rate: 1_000_000, ...money, version: 1, created_at: now, updated_at: now,
  });
  const lineIds: number[] = [];
  for (const [i, l] of lines.entries()) {
    const a = priced.lines[i]!;
    const price = toScaled(l.unitCost, 'price');
    lineIds.push(
      await insertRow(t.services.db, 'purchase_order_lines', {
        order_id: id, line: i + 1, item_id: l.itemId, qty: toScaled(l.qty, 'qty'), unit_price: price, discount: 0, tax_rate: toScaled(l.taxRate ?? 0, 'rate'),
        amount: a.amount, tax: a.tax, base_amount: a.amount, base_tax: a.tax, base_unit_cost: price, received: 0, returned: 0, invoiced: 0,
      }),
    );
  }
  return { id, number, lineIds };
}

/** An item's own over-receipt tolerance, a fraction ×1,000,000 (5 % → 50,000); null = the global one. */
export async function setTolerance(t: TestApp, itemId: number, tolerance: number | null): Promise<void> {
  await t.services.db.sequelize.query('UPDATE items SET over_receipt_tolerance = :tolerance WHERE id = :itemId', { replacements: { tolerance, itemId } });
}

/**
 * A supplier invoice of one receipt line, standing in for the invoices API:
 * its row and line, the invoiced counts on the receipt and order lines, its
 * journal (Dr 2202.99 at receipt cost + 2221.01 tax ± price variance / Cr
 * 2202.01 total) and the supplier's open item, in one transaction.
 */
export async function invoiceReceiptLine(t: TestApp, receiptLineId: number, qty: number, unitPrice: number, taxRate: number): Promise<{ id: number; total: number }> {
  const { db, generalLedger, openItems } = t.services;
  return db.transaction(async (tx) => {
    const q = { type: QueryTypes.SELECT, transaction: tx } as const;
    const [line] = await db.sequelize.query<Record<string, unknown>>(
      `SELECT l.*, r.supplier_id, o.unit_price AS order_price FROM goods_receipt_lines l JOIN goods_receipts r ON r.id = l.receipt_id
         JOIN purchase_order_lines o ON o.id = l.order_line_id WHERE l.id = :receiptLineId`,
      { ...q, replacements: { receiptLineId } },
    );
    const qtyMilli = toScaled(qty, 'qty');
    const open = Number(line!.qty) - Number(line!.returned) - Number(line!.invoiced);
    const receiptValue = releasedValue(open, open - qtyMilli, Number(line!.unit_cost));
    const price = toScaled(unitPrice, 'price');
    const a = documentAmounts([{ qty: qtyMilli, unitPrice: price, taxRate: toScaled(taxRate, 'rate') }], { pricesIncludeTax: false, rate: 1_000_000 });
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const number = `PI-T-${++invoices}-${Math.random().toString(36).slice(2, 7)}`;
    const id = await insertRow(
      db,
      'purchase_invoices',
      {
        number, kind: 'invoice', supplier_id: line!.supplier_id, supplier_invoice_no: number, status: 'open', date, due_date: date, currency: 'CNY', rate: 1_000_000,
        subtotal: a.subtotal, tax: a.tax, total: a.total, base_subtotal: a.subtotal, base_tax: a.tax, base_total: a.total, variance_base: a.subtotal - receiptValue, created_at: new Date(),
      },
      tx,
    );
    await db.sequelize.query(
      `INSERT INTO purchase_invoice_lines (invoice_id, line, order_line_id, receipt_line_id, item_id, qty, unit_price, order_price, tax_rate, amount, tax, base_amount, base_tax, base_receipt_value, variance_base)
       VALUES (:id, 1, :orderLineId, :receiptLineId, :itemId, :qty, :price, :orderPrice, :taxRate, :amount, :tax, :amount, :tax, :receiptValue, :variance)`,
      {
        transaction: tx,
        replacements: {
          id,
          orderLineId: line!.order_line_id,
          receiptLineId,
          itemId: line!.item_id,
          qty: qtyMilli,
          price,
          orderPrice: line!.order_price,
          taxRate: toScaled(taxRate, 'rate'),
          amount: a.subtotal,
          tax: a.tax,
          receiptValue,
          variance: a.subtotal - receiptValue,
        },
      },
    );
    await db.sequelize.query('UPDATE goods_receipt_lines SET invoiced = invoiced + :qty WHERE id = :receiptLineId', { transaction: tx, replacements: { qty: qtyMilli, receiptLineId } });
    await db.sequelize.query('UPDATE purchase_order_lines SET invoiced = invoiced + :qty WHERE id = :id', { transaction: tx, replacements: { qty: qtyMilli, id: line!.order_line_id } });
    const variance = a.subtotal - receiptValue;
    await generalLedger.postJournal(
      {
        date,
        source: { type: 'PI', id, number },
        userId: null,
        lines: [
          { accountCode: '2202.99', debit: receiptValue },
          { accountCode: '2221.01', debit: a.tax },
          variance >= 0 ? { accountCode: '6401', debit: variance } : { accountCode: '6401', credit: -variance },
          { accountCode: '2202.01', credit: a.total },
        ],
      },
      tx,
    );
    await openItems.openItem({ partnerType: 'supplier', partnerId: Number(line!.supplier_id), kind: 'invoice', document: { type: 'PI', id, number }, date, currency: 'CNY', rate: 1_000_000, amount: a.total }, tx);
    return { id, total: a.total };
  });
}

type Line = [account: string, debit: number, credit: number];

/** The journal of one source document: every entry's lines, in order. */
export async function journalOf(t: TestApp, sourceType: string, sourceId: number): Promise<Line[][]> {
  const { sequelize } = t.services.db;
  const entries = await sequelize.query<{ id: number }>('SELECT id FROM journal_entries WHERE source_type = :sourceType AND source_id = :sourceId ORDER BY id', {
    replacements: { sourceType, sourceId },
    type: QueryTypes.SELECT,
  });
  const out: Line[][] = [];
  for (const e of entries) {
    const lines = await sequelize.query<{ account_code: string; debit: number; credit: number }>('SELECT account_code, debit, credit FROM journal_lines WHERE entry_id = :id ORDER BY line', {
      replacements: { id: e.id },
      type: QueryTypes.SELECT,
    });
    out.push(lines.map((l): Line => [l.account_code, Number(l.debit), Number(l.credit)]));
  }
  return out;
}

/** An order line's progress, in API units. */
export async function orderLine(t: TestApp, lineId: number): Promise<{ received: number; returned: number; invoiced: number; status: string }> {
  const [row] = await t.services.db.sequelize.query<Record<string, unknown>>(
    'SELECT l.received, l.returned, l.invoiced, o.status FROM purchase_order_lines l JOIN purchase_orders o ON o.id = l.order_id WHERE l.id = :lineId',
    { replacements: { lineId }, type: QueryTypes.SELECT },
  );
  return { received: Number(row!.received) / 1000, returned: Number(row!.returned) / 1000, invoiced: Number(row!.invoiced) / 1000, status: String(row!.status) };
}
