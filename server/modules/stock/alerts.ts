import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { fromScaled } from '../../../contract/decimals';
import { msgKey } from '../../../contract/validation-issues';
import type { AlertRow } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';

export const alertsQuery = z.object({
  warehouseId: z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional(),
  days: z.coerce.number({ error: msgKey('validation.type:days') }).int().min(0).max(3650).default(30),
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Paged like every list: low and over first (by warehouse and SKU), then
 * expiring and expired batches (by expiry date).
 *
 * Low (available ≤ safety stock), over (on hand > max stock) per item ×
 * warehouse, with per-warehouse overrides; expiring and expired batches.
 */
export async function listAlerts(services: Services, actor: Actor, q: z.infer<typeof alertsQuery>): Promise<{ data: AlertRow[]; total: number }> {
  const { sequelize } = services.db;
  const now = services.calendar.today();
  const scope = (column: string) => warehouseScopeSql(actor, column, q.warehouseId);
  // Every item × warehouse that has stock history or its own thresholds.
  const levels = await sequelize.query<Record<string, unknown>>(
    `SELECT p.item_id, p.warehouse_id, i.sku, i.name, w.code AS warehouse_code,
            COALESCE(s.on_hand, 0) AS on_hand, COALESCE(s.reserved, 0) AS reserved, COALESCE(s.expired, 0) AS expired,
            COALESCE(o.safety_stock, i.safety_stock) AS safety_stock, COALESCE(o.max_stock, i.max_stock) AS max_stock
       FROM (SELECT item_id, warehouse_id FROM stock_balances UNION SELECT item_id, warehouse_id FROM item_warehouse_settings) p
       JOIN items i ON i.id = p.item_id
       JOIN warehouses w ON w.id = p.warehouse_id
       LEFT JOIN (SELECT item_id, warehouse_id, SUM(on_hand) AS on_hand, SUM(reserved) AS reserved,
                         SUM(CASE WHEN expiry_date IS NOT NULL AND expiry_date < :today THEN on_hand - reserved ELSE 0 END) AS expired
                    FROM stock_balances GROUP BY item_id, warehouse_id) s
              ON s.item_id = p.item_id AND s.warehouse_id = p.warehouse_id
       LEFT JOIN item_warehouse_settings o ON o.item_id = p.item_id AND o.warehouse_id = p.warehouse_id
      WHERE ${scope('p.warehouse_id')} AND i.active = ${services.db.dialect === 'postgres' ? 'TRUE' : '1'}
        AND (COALESCE(o.safety_stock, i.safety_stock) IS NOT NULL OR COALESCE(o.max_stock, i.max_stock) IS NOT NULL)
      ORDER BY w.code, i.sku`,
    { replacements: { today: now }, type: QueryTypes.SELECT },
  );
  const data: AlertRow[] = [];
  for (const r of levels) {
    const onHand = Number(r.on_hand);
    // An expired lot is not available, whatever is on hand (API.md "Business dates").
    const available = onHand - Number(r.reserved) - Number(r.expired);
    const base = { itemId: Number(r.item_id), sku: r.sku as string, name: r.name as string, warehouseId: Number(r.warehouse_id), warehouseCode: r.warehouse_code as string, batchNo: null, expiryDate: null };
    if (r.safety_stock != null && available <= Number(r.safety_stock)) {
      data.push({ ...base, kind: 'low', available: fromScaled(available, 'qty'), threshold: fromScaled(Number(r.safety_stock), 'qty') });
    }
    if (r.max_stock != null && onHand > Number(r.max_stock)) {
      data.push({ ...base, kind: 'over', available: fromScaled(available, 'qty'), threshold: fromScaled(Number(r.max_stock), 'qty') });
    }
  }
  const batches = await sequelize.query<Record<string, unknown>>(
    `SELECT b.item_id, b.warehouse_id, b.batch_no, b.expiry_date, b.on_hand, b.reserved, i.sku, i.name, w.code AS warehouse_code
       FROM stock_balances b JOIN items i ON i.id = b.item_id JOIN warehouses w ON w.id = b.warehouse_id
      WHERE ${scope('b.warehouse_id')} AND b.on_hand > 0 AND b.expiry_date IS NOT NULL AND b.expiry_date <= :until
      ORDER BY b.expiry_date, w.code, i.sku`,
    { replacements: { until: addDays(now, q.days) }, type: QueryTypes.SELECT },
  );
  for (const b of batches) {
    const expiry = b.expiry_date as string;
    data.push({
      kind: expiry < now ? 'expired' : 'expiring',
      itemId: Number(b.item_id),
      sku: b.sku as string,
      name: b.name as string,
      warehouseId: Number(b.warehouse_id),
      warehouseCode: b.warehouse_code as string,
      batchNo: b.batch_no as string,
      available: fromScaled(Number(b.on_hand) - Number(b.reserved), 'qty'),
      threshold: null,
      expiryDate: expiry,
    });
  }
  return { data: data.slice(q.offset, q.offset + q.limit), total: data.length };
}
