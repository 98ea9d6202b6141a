import { toScaled } from '../../contract/decimals';
import { insertRow } from '../../server/db/sql';
import type { TestApp } from './test-app';

/**
 * Purchasing rows for scorecard scenarios, written straight into the tables
 * (the orders, receipts, returns and invoices APIs are other parts' work):
 * consistent with the schema (0010-purchasing), in API units here and scaled
 * as stored. They move no stock and journal nothing, so the ledgers'
 * invariants are untouched; the lead may switch these to the APIs.
 */
let counter = 0;
const next = (prefix: string) => `${prefix}-T-${String(++counter).padStart(6, '0')}`;
const now = () => new Date();
const money = { currency: 'CNY', rate: 1_000_000, subtotal: 0, tax: 0, total: 0, base_subtotal: 0, base_tax: 0, base_total: 0 };

export interface OrderLineInput {
  itemId: number;
  qty: number;
  received?: number;
}

export async function insertOrder(
  t: TestApp,
  o: { supplierId: number; warehouseId: number; date: string; expectedDate?: string | null; status?: string; lines: OrderLineInput[] },
): Promise<{ id: number; lineIds: number[] }> {
  const db = t.services.db;
  const id = await insertRow(db, 'purchase_orders', {
    number: next('PO'), status: o.status ?? 'approved', supplier_id: o.supplierId, warehouse_id: o.warehouseId, date: o.date,
    expected_date: o.expectedDate ?? null, prices_include_tax: false, ...money, version: 1, created_at: now(), updated_at: now(),
  });
  const lineIds: number[] = [];
  for (const [i, l] of o.lines.entries()) {
    lineIds.push(await insertRow(db, 'purchase_order_lines', {
      order_id: id, line: i + 1, item_id: l.itemId, qty: toScaled(l.qty, 'qty'), unit_price: 0, discount: 0, tax_rate: 0, amount: 0, tax: 0,
      base_amount: 0, base_tax: 0, base_unit_cost: 0, received: toScaled(l.received ?? 0, 'qty'), returned: 0, invoiced: 0,
    }));
  }
  return { id, lineIds };
}

export async function insertReceipt(
  t: TestApp,
  r: { orderId: number; supplierId: number; warehouseId: number; date: string; status?: string; lines: Array<{ orderLineId: number; itemId: number; qty: number; value: number }> },
): Promise<{ id: number; lineIds: number[] }> {
  const db = t.services.db;
  const baseValue = r.lines.reduce((s, l) => s + toScaled(l.value, 'money'), 0);
  const id = await insertRow(db, 'goods_receipts', {
    number: next('GR'), purchase_order_id: r.orderId, supplier_id: r.supplierId, warehouse_id: r.warehouseId, date: r.date,
    status: r.status ?? 'posted', base_value: baseValue, created_at: now(),
  });
  const lineIds: number[] = [];
  for (const [i, l] of r.lines.entries()) {
    const qty = toScaled(l.qty, 'qty');
    const value = toScaled(l.value, 'money');
    lineIds.push(await insertRow(db, 'goods_receipt_lines', {
      receipt_id: id, line: i + 1, order_line_id: l.orderLineId, item_id: l.itemId, batch_no: '', qty, unit_cost: Math.round((value * 100 * 1000) / qty), value, returned: 0, invoiced: 0,
    }));
  }
  return { id, lineIds };
}

export async function insertReturn(
  t: TestApp,
  r: { receiptId: number; supplierId: number; warehouseId: number; date: string; lines: Array<{ receiptLineId: number; orderLineId: number; itemId: number; qty: number; value: number }> },
): Promise<number> {
  const db = t.services.db;
  const id = await insertRow(db, 'purchase_returns', {
    number: next('PRT'), supplier_id: r.supplierId, receipt_id: r.receiptId, warehouse_id: r.warehouseId, date: r.date,
    base_value: r.lines.reduce((s, l) => s + toScaled(l.value, 'money'), 0), created_at: now(),
  });
  for (const [i, l] of r.lines.entries()) {
    await insertRow(db, 'purchase_return_lines', {
      return_id: id, line: i + 1, receipt_line_id: l.receiptLineId, order_line_id: l.orderLineId, item_id: l.itemId, batch_no: '',
      qty: toScaled(l.qty, 'qty'), unit_cost: 0, value: toScaled(l.value, 'money'),
    });
  }
  return id;
}

/** An invoice whose lines carry a base amount and a price variance (money, signed). */
export async function insertInvoice(
  t: TestApp,
  i: { supplierId: number; date: string; kind?: string; status?: string; lines: Array<{ baseAmount: number; varianceBase: number }> },
): Promise<number> {
  const db = t.services.db;
  const id = await insertRow(db, 'purchase_invoices', {
    number: next('PI'), kind: i.kind ?? 'invoice', supplier_id: i.supplierId, supplier_invoice_no: next('INV'), status: i.status ?? 'open',
    date: i.date, due_date: i.date, ...money, variance_base: i.lines.reduce((s, l) => s + toScaled(l.varianceBase, 'money'), 0), created_at: now(),
  });
  for (const [n, l] of i.lines.entries()) {
    await insertRow(db, 'purchase_invoice_lines', {
      invoice_id: id, line: n + 1, qty: 0, unit_price: 0, order_price: 0, tax_rate: 0, amount: toScaled(l.baseAmount, 'money'), tax: 0,
      base_amount: toScaled(l.baseAmount, 'money'), base_tax: 0, base_receipt_value: 0, variance_base: toScaled(l.varianceBase, 'money'),
    });
  }
  return id;
}

/** Evaluations through the API (they are this part's own). */
export async function rate(t: TestApp, supplierId: number, date: string, scores: [quality: number, delivery: number, price: number, service: number]): Promise<void> {
  const [quality, delivery, price, service] = scores;
  const res = await t.post(`/suppliers/${supplierId}/evaluations`, { date, quality, delivery, price, service }, await t.adminToken());
  if (res.status !== 201) throw new Error(`evaluation failed: ${res.status} ${JSON.stringify(res.body)}`);
}
