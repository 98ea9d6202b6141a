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
