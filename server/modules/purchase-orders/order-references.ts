import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectOne, selectRows } from '../../db/sql';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { resolveLineItems } from '../stock/references';

export interface SupplierRef {
  id: number;
  code: string;
  currency: string;
}

/** A supplier named by id or code (API.md "References"); an inactive one takes no new orders. */
export async function resolveSupplier(db: Database, ref: { id?: number; code?: string }, tx?: Transaction): Promise<SupplierRef> {
  if (ref.id === undefined && ref.code === undefined) {
    throw invalid(msg('validation.required:either', { field: 'supplierId', codeField: 'supplierCode' }), [fieldError(['supplierId'], msg('validation.required'))]);
  }
  const row = await selectOne<{ id: number; code: string; currency: string; active: boolean | number }>(
    db,
    `SELECT id, code, currency, active FROM suppliers WHERE ${ref.id !== undefined ? 'id = :id' : 'code = :code'}`,
    { id: ref.id, code: ref.code },
    tx,
  );
  const path = ref.id !== undefined ? 'supplierId' : 'supplierCode';
  if (!row) throw invalid(msg('purchase-order.supplier-unknown', { ref: (ref.id ?? ref.code)! }), [fieldError([path], msg('reference.unknown:field-supplier', { ref: (ref.id ?? ref.code)! }))]);
  if (ref.id !== undefined && ref.code !== undefined && row.code !== ref.code) {
    throw invalid(msg('purchase-order.supplier-mismatch'), [fieldError(['supplierCode'], msg('purchase-order.supplier-mismatch:field', { id: ref.id }))]);
  }
  if (!row.active) throw invalid(msg('purchase-order.supplier-inactive', { code: row.code }), [fieldError([path], msg('purchase-order.supplier-inactive:field'))]);
  return { id: Number(row.id), code: row.code, currency: row.currency };
}

/** What an order line needs of its item. */
export interface OrderItem {
  id: number;
  sku: string;
  purchasePrice: number | null;
  salePrice: number | null;
  taxRate: number | null;
}

/** Every line's item, all unknown or inactive ones named at once with their line. */
export async function resolveOrderItems(db: Database, lines: Array<{ itemId?: number; sku?: string }>, tx?: Transaction): Promise<OrderItem[]> {
  const items = await resolveLineItems(db, lines, tx);
  const errors: FieldIssue[] = [];
  items.forEach((item, i) => {
    if (!item.active) errors.push(fieldError(['lines', i, lines[i]!.itemId !== undefined ? 'itemId' : 'sku'], msg('item.inactive', { sku: item.sku })));
  });
  if (errors.length) throw invalid(msg('purchase-order.items-inactive', { count: errors.length }), errors);
  const ids = [...new Set(items.map((i) => i.id))];
  const orNull = (v: number | string | null) => (v == null ? null : Number(v));
  const defaults = new Map(
    (await selectRows<{ id: number; tax_rate: number | string | null; sale_price: number | string | null }>(db, 'SELECT id, tax_rate, sale_price FROM items WHERE id IN (:ids)', { ids }, tx)).map(
      (r) => [Number(r.id), { taxRate: orNull(r.tax_rate), salePrice: orNull(r.sale_price) }],
    ),
  );
  return items.map((i) => ({ id: i.id, sku: i.sku, purchasePrice: i.purchasePrice, salePrice: defaults.get(i.id)?.salePrice ?? null, taxRate: defaults.get(i.id)?.taxRate ?? null }));
}

/**
 * The supplier's contract price per item on a date, in the order's currency:
 * active contracts whose dates hold the date, lines whose minimum quantity the
 * line's qty reaches; of several (quantity tiers), the lowest price.
 */
export async function contractPrices(
  db: Database,
  terms: { supplierId: number; date: string; currency: string },
  lines: Array<{ itemId: number; qty: number }>,
  tx?: Transaction,
): Promise<Array<number | null>> {
  const itemIds = [...new Set(lines.map((l) => l.itemId))];
  if (!itemIds.length) return [];
  const rows = await selectRows<{ item_id: number; unit_price: number | string; min_qty: number | string | null }>(
    db,
    `SELECT l.item_id, l.unit_price, l.min_qty
       FROM supplier_contract_lines l JOIN supplier_contracts c ON c.id = l.contract_id
      WHERE c.supplier_id = :supplierId AND c.status = 'active' AND c.start_date <= :date AND c.end_date >= :date
        AND c.currency = :currency AND l.item_id IN (:itemIds)`,
    { ...terms, itemIds },
    tx,
  );
  return lines.map((line) => {
    const prices = rows
      .filter((r) => Number(r.item_id) === line.itemId && (r.min_qty == null || Number(r.min_qty) <= line.qty))
      .map((r) => Number(r.unit_price));
    return prices.length ? Math.min(...prices) : null;
  });
}
