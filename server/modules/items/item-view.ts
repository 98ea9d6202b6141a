import Decimal from 'decimal.js';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { ItemRequest, ItemView, UpdateItemRequest } from '../../../contract/master-data';
import type { ItemRow, ItemWarehouseSettingRow } from '../../db/inventory-models';

const scaledOrNull = (v: number | null | undefined, kind: 'qty' | 'price' | 'rate') => (v == null ? null : fromScaled(v, kind));
const toScaledOrNull = (v: number | null | undefined, kind: 'qty' | 'price' | 'rate') => (v == null ? null : toScaled(v, kind));

/** A tolerance is stored as a fraction ×1,000,000 (5 % = 50000), given and answered in percent. */
const MILLIONTHS_PER_PERCENT = 10_000;
const percentOrNull = (v: number | string | null | undefined) => (v == null ? null : new Decimal(String(v)).dividedBy(MILLIONTHS_PER_PERCENT).toNumber());
const millionthsOrNull = (v: number | null | undefined) => (v == null ? null : new Decimal(v).times(MILLIONTHS_PER_PERCENT).toNumber());

export function itemView(row: ItemRow, overrides: ItemWarehouseSettingRow[]): ItemView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    category: row.category ?? null,
    barcode: row.barcode ?? null,
    batchTracked: Boolean(row.batchTracked),
    safetyStock: scaledOrNull(row.safetyStock, 'qty'),
    reorderQty: scaledOrNull(row.reorderQty, 'qty'),
    maxStock: scaledOrNull(row.maxStock, 'qty'),
    defaultSupplierId: row.defaultSupplierId ?? null,
    purchasePrice: scaledOrNull(row.purchasePrice, 'price'),
    salePrice: scaledOrNull(row.salePrice, 'price'),
    taxRate: scaledOrNull(row.taxRate, 'rate'),
    overReceiptTolerance: percentOrNull(row.overReceiptTolerance),
    active: Boolean(row.active),
    warehouseOverrides: overrides.map((o) => ({ warehouseId: o.warehouseId, safetyStock: scaledOrNull(o.safetyStock, 'qty'), maxStock: scaledOrNull(o.maxStock, 'qty') })),
    version: row.version,
  };
}

/** The columns a request sets; fields it leaves out are left alone. */
export function itemColumns(input: ItemRequest | UpdateItemRequest): Partial<ItemRow> {
  const out: Partial<ItemRow> = {};
  const plain = ['sku', 'name', 'unit', 'category', 'barcode', 'batchTracked', 'active', 'defaultSupplierId'] as const;
  for (const key of plain) if (input[key] !== undefined) (out as Record<string, unknown>)[key] = input[key];
  const scaled = { safetyStock: 'qty', reorderQty: 'qty', maxStock: 'qty', purchasePrice: 'price', salePrice: 'price', taxRate: 'rate' } as const;
  for (const [key, kind] of Object.entries(scaled) as Array<[keyof typeof scaled, 'qty' | 'price' | 'rate']>) {
    if (input[key] !== undefined) out[key] = toScaledOrNull(input[key], kind);
  }
  if (input.overReceiptTolerance !== undefined) out.overReceiptTolerance = millionthsOrNull(input.overReceiptTolerance);
  return out;
}
