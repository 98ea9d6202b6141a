import { QueryTypes } from 'sequelize';
import type { TestApp } from './test-app';

let counter = 0;

export interface ItemOptions {
  sku?: string;
  name?: string;
  batchTracked?: boolean;
  [field: string]: unknown;
}

/** Factories for inventory scenarios, all through the HTTP API as an admin. */
export async function createItem(t: TestApp, options: ItemOptions = {}): Promise<{ id: number; sku: string }> {
  const sku = options.sku ?? `SKU-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await t.post('/items', { unit: 'pcs', name: `Item ${sku}`, ...options, sku }, await t.adminToken());
  if (res.status !== 201) throw new Error(`create item failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function adjust(t: TestApp, warehouseId: number, lines: unknown[], reason = 'correction', token?: string) {
  return t.post('/stock/adjustments', { warehouseId, reason, lines }, token ?? (await t.adminToken()));
}

export async function receive(t: TestApp, warehouseId: number, itemId: number, qty: number, unitCost: number, extra: Record<string, unknown> = {}) {
  const res = await adjust(t, warehouseId, [{ itemId, qty, unitCost, ...extra }], 'opening');
  if (res.status !== 201) throw new Error(`receipt failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function balance(t: TestApp, warehouseId: number, itemId: number, batchNo?: string) {
  const query = `/stock/balances?warehouseId=${warehouseId}&itemId=${itemId}&includeZero=true${batchNo ? `&batchNo=${encodeURIComponent(batchNo)}` : ''}`;
  const res = await t.get(query, await t.adminToken());
  if (res.status !== 200) throw new Error(`balances failed: ${res.status} ${JSON.stringify(res.body)}`);
  const rows = res.body.data as Array<{ onHand: number; value: number; available: number; reserved: number; batchNo: string | null }>;
  return {
    rows,
    onHand: rows.reduce((s, r) => s + r.onHand * 1000, 0) / 1000,
    value: rows.reduce((s, r) => s + Math.round(r.value * 100), 0) / 100,
  };
}

export async function transfer(t: TestApp, fromWarehouseId: number, toWarehouseId: number, lines: unknown[], token?: string) {
  return t.post('/stock/transfers', { fromWarehouseId, toWarehouseId, lines }, token ?? (await t.adminToken()));
}

export async function createPartner(t: TestApp, kind: 'suppliers' | 'customers', options: Record<string, unknown> = {}): Promise<{ id: number; code: string }> {
  const code = (options.code as string | undefined) ?? `P-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await t.post(`/${kind}`, { name: `Partner ${code}`, ...options, code }, await t.adminToken());
  if (res.status !== 201) throw new Error(`create ${kind} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A date `days` from the business date (today in Asia/Shanghai, the default BUSINESS_TIMEZONE), as the API writes dates. */
export function daysFromToday(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const testHolders = new Map<string, { docType: string; docId: number; number: string }>();

/**
 * Sets what is reserved of a balance, through the stock gate (the only writer of
 * reservations), standing in for the sales orders that will reserve stock.
 * `qty` as the API writes it.
 */
export async function setReserved(t: TestApp, warehouseId: number, itemId: number, qty: number, batchNo = ''): Promise<void> {
  const key = `${warehouseId}|${itemId}|${batchNo}`;
  const holder = testHolders.get(key) ?? { docType: 'TEST', docId: testHolders.size + 1, number: `TEST-${testHolders.size + 1}` };
  testHolders.set(key, holder);
  await t.services.db.transaction(async (tx) => {
    await t.services.stockLedger.release(holder, tx);
    if (qty > 0) await t.services.stockLedger.reserve([{ line: 0, itemId, warehouseId, batchNo: batchNo || null, qty: Math.round(qty * 1000) }], holder, tx);
  });
}

/** Moves a batch's expiry straight in the database (a batch received long ago, now past its date). */
export async function setExpiry(t: TestApp, warehouseId: number, itemId: number, batchNo: string, expiryDate: string): Promise<void> {
  await t.services.db.sequelize.query(
    'UPDATE stock_balances SET expiry_date = :expiryDate WHERE warehouse_id = :warehouseId AND item_id = :itemId AND batch_no = :batchNo',
    { replacements: { expiryDate, warehouseId, itemId, batchNo } },
  );
}

/**
 * Everything stock-related a refused request must leave as it was: the ledger,
 * the balances, the documents and stocktakes.
 */
export async function stockState(t: TestApp) {
  const { sequelize } = t.services.db;
  const count = async (table: string) => Number(((await sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`, { type: QueryTypes.SELECT })) as Array<{ n: number | string }>)[0]!.n);
  const balances = await sequelize.query(
    'SELECT item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value FROM stock_balances ORDER BY item_id, warehouse_id, batch_no',
    { type: QueryTypes.SELECT },
  );
  return {
    moves: await count('stock_moves'),
    documents: await count('stock_documents'),
    stocktakeLines: await count('stocktake_lines'),
    balances: balances.map((b) => Object.fromEntries(Object.entries(b as Record<string, unknown>).map(([k, v]) => [k, v == null ? null : String(v)]))),
  };
}

/** The ledger rows of one document, in the order they were written. */
export async function ledgerOf(t: TestApp, docNumber: string) {
  const res = await t.get(`/stock/ledger?docNumber=${encodeURIComponent(docNumber)}`, await t.adminToken());
  if (res.status !== 200) throw new Error(`ledger failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Array<{ itemId: number; warehouseId: number; batchNo: string | null; qty: number; unitCost: number; value: number; docType: string; docNumber: string; userId: number | null }>;
}
