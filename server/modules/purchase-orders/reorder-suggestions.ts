import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { ReorderSuggestion } from '../../../contract/purchase-orders';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { contractPrices } from './order-references';

/** A suggestion in the stored scales (thousandths, ten-thousandths), for accepting it. */
export interface Suggestion {
  itemId: number;
  sku: string;
  name: string;
  warehouseId: number;
  warehouseCode: string;
  available: number;
  onOrder: number;
  projected: number;
  safetyStock: number;
  maxStock: number | null;
  reorderQty: number | null;
  suggestedQty: number;
  supplierId: number | null;
  supplierCode: string | null;
  supplierCurrency: string | null;
  unitPrice: number | null;
}

const OPEN_ORDER = "('draft', 'approved', 'partial')";

/**
 * DESIGN §4 "Alerts and reorder": per item × warehouse, available = unexpired
 * on hand − reserved (as the stock alerts count it), onOrder = what draft and
 * approved or partly received orders still bring (qty − received + returned),
 * projected = available + onOrder; a suggestion when projected < safety stock
 * (the warehouse's own, else the item's), for
 * max(reorderQty, (maxStock ?? safetyStock) − projected).
 */
export async function reorderSuggestions(services: Services, actor: Actor, warehouseId: number | undefined, tx?: Transaction): Promise<Suggestion[]> {
  const { db } = services;
  const scope = (column: string) => warehouseScopeSql(actor, column, warehouseId);
  const active = db.dialect === 'postgres' ? 'TRUE' : '1';
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT p.item_id, p.warehouse_id, i.sku, i.name, w.code AS warehouse_code, i.reorder_qty, i.purchase_price,
            i.default_supplier_id, sup.code AS supplier_code, sup.currency AS supplier_currency,
            COALESCE(s.available, 0) AS available, COALESCE(oo.on_order, 0) AS on_order,
            COALESCE(o.safety_stock, i.safety_stock) AS safety_stock, COALESCE(o.max_stock, i.max_stock) AS max_stock
       FROM (SELECT item_id, warehouse_id FROM stock_balances
             UNION SELECT item_id, warehouse_id FROM item_warehouse_settings
             UNION SELECT l.item_id, po.warehouse_id FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.order_id WHERE po.status IN ${OPEN_ORDER}) p
       JOIN items i ON i.id = p.item_id
       JOIN warehouses w ON w.id = p.warehouse_id
       LEFT JOIN suppliers sup ON sup.id = i.default_supplier_id
       LEFT JOIN (SELECT item_id, warehouse_id,
                         SUM(on_hand - reserved) - SUM(CASE WHEN expiry_date IS NOT NULL AND expiry_date < :today THEN on_hand - reserved ELSE 0 END) AS available
                    FROM stock_balances GROUP BY item_id, warehouse_id) s
              ON s.item_id = p.item_id AND s.warehouse_id = p.warehouse_id
       LEFT JOIN (SELECT l.item_id, po.warehouse_id,
                         SUM(CASE WHEN l.qty - l.received + l.returned > 0 THEN l.qty - l.received + l.returned ELSE 0 END) AS on_order
                    FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.order_id
                   WHERE po.status IN ${OPEN_ORDER} GROUP BY l.item_id, po.warehouse_id) oo
              ON oo.item_id = p.item_id AND oo.warehouse_id = p.warehouse_id
       LEFT JOIN item_warehouse_settings o ON o.item_id = p.item_id AND o.warehouse_id = p.warehouse_id
      WHERE ${scope('p.warehouse_id')} AND i.active = ${active} AND w.active = ${active}
        AND COALESCE(o.safety_stock, i.safety_stock) IS NOT NULL
      ORDER BY w.code, i.sku`,
    { today: services.calendar.today() },
    tx,
  );
  const suggestions: Suggestion[] = [];
  for (const r of rows) {
    const available = Number(r.available);
    const onOrder = Number(r.on_order);
    const projected = available + onOrder;
    const safetyStock = Number(r.safety_stock);
    if (projected >= safetyStock) continue;
    const maxStock = r.max_stock == null ? null : Number(r.max_stock);
    const reorderQty = r.reorder_qty == null ? null : Number(r.reorder_qty);
    suggestions.push({
      itemId: Number(r.item_id),
      sku: String(r.sku),
      name: String(r.name),
      warehouseId: Number(r.warehouse_id),
      warehouseCode: String(r.warehouse_code),
      available,
      onOrder,
      projected,
      safetyStock,
      maxStock,
      reorderQty,
      suggestedQty: Math.max(reorderQty ?? 0, (maxStock ?? safetyStock) - projected),
      supplierId: r.default_supplier_id == null ? null : Number(r.default_supplier_id),
      supplierCode: (r.supplier_code as string | null) ?? null,
      supplierCurrency: (r.supplier_currency as string | null) ?? null,
      unitPrice: r.purchase_price == null ? null : Number(r.purchase_price),
    });
  }
  return withContractPrices(services, suggestions, tx);
}

/** The default supplier's contract price today, where there is one, in the supplier's currency. */
async function withContractPrices(services: Services, suggestions: Suggestion[], tx?: Transaction): Promise<Suggestion[]> {
  const date = services.calendar.today();
  const bySupplier = new Map<number, Suggestion[]>();
  for (const s of suggestions) if (s.supplierId !== null) bySupplier.set(s.supplierId, [...(bySupplier.get(s.supplierId) ?? []), s]);
  for (const [supplierId, group] of bySupplier) {
    const prices = await contractPrices(services.db, { supplierId, date, currency: group[0]!.supplierCurrency! }, group.map((s) => ({ itemId: s.itemId, qty: s.suggestedQty })), tx);
    group.forEach((s, i) => (s.unitPrice = prices[i] ?? s.unitPrice));
  }
  return suggestions;
}

export function suggestionView(s: Suggestion): ReorderSuggestion {
  const qty = (v: number) => fromScaled(v, 'qty');
  return {
    itemId: s.itemId,
    sku: s.sku,
    name: s.name,
    warehouseId: s.warehouseId,
    warehouseCode: s.warehouseCode,
    available: qty(s.available),
    onOrder: qty(s.onOrder),
    projected: qty(s.projected),
    safetyStock: qty(s.safetyStock),
    maxStock: s.maxStock === null ? null : qty(s.maxStock),
    reorderQty: s.reorderQty === null ? null : qty(s.reorderQty),
    suggestedQty: qty(s.suggestedQty),
    supplierId: s.supplierId,
    supplierCode: s.supplierCode,
    unitPrice: s.unitPrice === null ? null : fromScaled(s.unitPrice, 'price'),
  };
}
