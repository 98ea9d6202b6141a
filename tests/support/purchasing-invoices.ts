import { QueryTypes } from 'sequelize';
import { insertNumbered } from '../../server/documents/numbering';
import { insertRow } from '../../server/db/sql';
import { refreshOrderStatus } from '../../server/modules/purchase-orders/order-progress';
import { mulDivRound, receiptValue } from '../../server/ledgers/valuation';
import type { TestApp } from './test-app';

/*
 * Purchase orders and goods receipts for the invoice tests, written straight
 * into the tables (the order and receipt APIs are built in parallel), with
 * their stock and journal posted through the real gates exactly as a receipt
 * posts them: stock in at the order line's base unit cost, Dr 1405 / Cr 2202.99.
 * Amounts in the API's units (qty, price, rate as decimals).
 */

export interface OrderLineSpec {
  itemId: number;
  qty: number;
  unitPrice: number;
  taxRate?: number;
  discount?: number;
}

export interface OrderSpec {
  supplierId: number;
  warehouseId: number;
  date: string;
  currency?: string;
  rate?: number;
  pricesIncludeTax?: boolean;
  lines: OrderLineSpec[];
}

export interface FactoryOrder {
  id: number;
  number: string;
  lines: Array<{ id: number; itemId: number; baseUnitCost: number }>;
}

const scaled = (n: number, places: number) => Math.round(n * 10 ** places);

/** An approved order; each line's base unit cost = net price (less discount, less VAT when prices include it) × rate, ×10000. */
export async function approvedOrder(t: TestApp, spec: OrderSpec): Promise<FactoryOrder> {
  const rate = scaled(spec.rate ?? 1, 6);
  const now = new Date();
  return t.services.db.transaction(async (tx) => {
    const { id, number } = await insertNumbered(t.services.db, tx, 'purchase_orders', 'PO', spec.date, {
      status: 'approved',
      supplier_id: spec.supplierId,
      warehouse_id: spec.warehouseId,
      date: spec.date,
      prices_include_tax: spec.pricesIncludeTax ?? false,
      currency: spec.currency ?? 'CNY',
      rate,
      approved_at: now,
      created_at: now,
      updated_at: now,
    });
    const lines: FactoryOrder['lines'] = [];
    for (const [i, l] of spec.lines.entries()) {
      const unitPrice = scaled(l.unitPrice, 4);
      const discount = scaled(l.discount ?? 0, 6);
      const taxRate = scaled(l.taxRate ?? 0, 6);
      const net = mulDivRound(unitPrice, 1_000_000 - discount, 1_000_000);
      const exTax = spec.pricesIncludeTax ? mulDivRound(net, 1_000_000, 1_000_000 + taxRate) : net;
      const baseUnitCost = mulDivRound(exTax, rate, 1_000_000);
      const lineId = await insertRow(
        t.services.db,
        'purchase_order_lines',
        { order_id: id, line: i, item_id: l.itemId, qty: scaled(l.qty, 3), unit_price: unitPrice, discount, tax_rate: taxRate, base_unit_cost: baseUnitCost },
        tx,
      );
      lines.push({ id: lineId, itemId: l.itemId, baseUnitCost });
    }
    return { id, number, lines };
  });
}

export interface FactoryReceipt {
  id: number;
  number: string;
  lines: Array<{ id: number; orderLineId: number; qty: number; value: number }>;
}

/** A posted receipt of an order's lines: stock in through the stock gate (doc type GR), Dr 1405 / Cr 2202.99, lines' `received` raised. */
export async function postedReceipt(t: TestApp, order: FactoryOrder, date: string, lines: Array<{ orderLineId: number; qty: number; batchNo?: string }>, userId: number | null = null): Promise<FactoryReceipt> {
  const { db, stockLedger, generalLedger } = t.services;
  const [header] = await db.sequelize.query<{ supplier_id: number; warehouse_id: number }>('SELECT supplier_id, warehouse_id FROM purchase_orders WHERE id = :id', {
    replacements: { id: order.id },
    type: QueryTypes.SELECT,
  });
  const warehouseId = Number(header!.warehouse_id);
  return db.transaction(async (tx) => {
    const { id, number } = await insertNumbered(db, tx, 'goods_receipts', 'GR', date, {
      purchase_order_id: order.id,
      supplier_id: Number(header!.supplier_id),
      warehouse_id: warehouseId,
      date,
      status: 'posted',
      created_at: new Date(),
    });
    const moves = lines.map((l, i) => {
      const orderLine = order.lines.find((o) => o.id === l.orderLineId)!;
      return { line: i, itemId: orderLine.itemId, warehouseId, batchNo: l.batchNo ?? null, qty: scaled(l.qty, 3), unitCost: orderLine.baseUnitCost };
    });
    const posted = await stockLedger.post(moves, { docType: 'GR', docId: id, docNumber: number, date, userId }, tx);
    const mapping = await generalLedger.mapping(tx);
    const value = posted.totals.in;
    await generalLedger.postJournal(
      { date, source: { type: 'GR', id, number }, userId, lines: [{ accountCode: mapping.inventory, debit: value }, { accountCode: mapping.grni, credit: value }] },
      tx,
    );
    const stored: FactoryReceipt['lines'] = [];
    for (const m of moves) {
      const lineValue = receiptValue(m.qty, m.unitCost);
      const lineId = await insertRow(
        db,
        'goods_receipt_lines',
        { receipt_id: id, line: m.line, order_line_id: lines[m.line]!.orderLineId, item_id: m.itemId, batch_no: m.batchNo ?? '', qty: m.qty, unit_cost: m.unitCost, value: lineValue },
        tx,
      );
      await db.sequelize.query('UPDATE purchase_order_lines SET received = received + :qty WHERE id = :id', { replacements: { qty: m.qty, id: lines[m.line]!.orderLineId }, transaction: tx });
      stored.push({ id: lineId, orderLineId: lines[m.line]!.orderLineId, qty: m.qty, value: lineValue });
    }
    await db.sequelize.query('UPDATE goods_receipts SET base_value = :value WHERE id = :id', { replacements: { value, id }, transaction: tx });
    await refreshOrderStatus(db, order.id, tx);
    return { id, number, lines: stored };
  });
}

/**
 * 2202.99 against what is received and not invoiced: Σ over posted receipt
 * lines of round((qty − returned − invoiced) × unit cost) — the formula the
 * invoices release against (coordinated for server/ledgers/verification.ts).
 */
export async function grniCheck(t: TestApp): Promise<{ ledger: number; open: number }> {
  const [row] = await t.services.db.sequelize.query<{ ledger: unknown }>(
    "SELECT COALESCE(SUM(debit - credit), 0) AS ledger FROM journal_lines WHERE account_code = (SELECT account_code FROM account_mapping WHERE role = 'grni')",
    { type: QueryTypes.SELECT },
  );
  const lines = await t.services.db.sequelize.query<Record<string, unknown>>(
    "SELECT rl.qty, rl.returned, rl.invoiced, rl.unit_cost FROM goods_receipt_lines rl JOIN goods_receipts r ON r.id = rl.receipt_id WHERE r.status = 'posted'",
    { type: QueryTypes.SELECT },
  );
  const open = lines.reduce((s, l) => s + receiptValue(Number(l.qty) - Number(l.returned) - Number(l.invoiced), Number(l.unit_cost)), 0);
  return { ledger: 0 - Number(row!.ledger) || 0, open };
}
