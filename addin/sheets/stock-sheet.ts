/**
 * The stock sheet: balances per item × warehouse × batch, pulled from the
 * server and replaced in place on every pull. Read-only for the clerk.
 */
import type { BalanceRow } from '../../contract/stock';
import type { Cell } from './cells';
import type { SheetLayout } from './layout';

export const STOCK_LAYOUT: SheetLayout = {
  kind: 'stock',
  names: { zh: '库存', en: 'Stock' },
  tablePrefix: 'JxcStock',
  columns: [
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90 },
    { key: 'name', zh: '名称', en: 'Name', kind: 'text', width: 150 },
    { key: 'unit', zh: '单位', en: 'Unit', kind: 'text', width: 40 },
    { key: 'category', zh: '类别', en: 'Category', kind: 'text', width: 80 },
    { key: 'warehouse', zh: '仓库', en: 'Warehouse', kind: 'text', width: 70 },
    { key: 'batchNo', zh: '批号', en: 'Batch', kind: 'text', width: 75 },
    { key: 'expiryDate', zh: '有效期至', en: 'Expiry', kind: 'date', width: 75 },
    { key: 'onHand', zh: '账面数量', en: 'On hand', kind: 'qty', width: 75 },
    { key: 'reserved', zh: '已预留', en: 'Reserved', kind: 'qty', width: 70 },
    { key: 'available', zh: '可用数量', en: 'Available', kind: 'qty', width: 75 },
    { key: 'unitCost', zh: '单位成本', en: 'Unit cost', kind: 'price', width: 75 },
    { key: 'value', zh: '金额', en: 'Value', kind: 'money', width: 90 },
  ],
};

export interface StockFilter {
  warehouseId?: number;
  category?: string;
  sku?: string;
}

export function balanceRows(balances: BalanceRow[]): Cell[][] {
  return balances.map((b) => [
    b.sku,
    b.name,
    b.unit ?? '',
    b.category ?? '',
    b.warehouseCode,
    b.batchNo ?? '',
    b.expiryDate ?? '',
    b.onHand,
    b.reserved,
    b.available,
    b.unitCost,
    b.value,
  ]);
}
