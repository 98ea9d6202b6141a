import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { fromScaled } from '../../../contract/decimals';
import { msgKey } from '../../../contract/validation-issues';
import type { BalanceRow, LedgerRow } from '../../../contract/stock';
import type { Actor } from '../../platform/actor';
import { warehouseScopeSql } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { averageCost } from '../../ledgers/valuation';

const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};
const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const date = z.iso.date({ error: msgKey('validation.format:date') }).optional();

export const balancesQuery = z.object({
  ...page,
  warehouseId: optionalId,
  warehouseCode: z.string().max(32).optional(),
  itemId: optionalId,
  sku: z.string().max(64).optional(),
  batchNo: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
  includeZero: z.enum(['true', 'false']).optional(),
  withReservations: z.enum(['true', 'false']).optional(),
});

export const ledgerQuery = z.object({
  ...page,
  itemId: optionalId,
  sku: z.string().max(64).optional(),
  warehouseId: optionalId,
  docType: z.string().max(16).optional(),
  docNumber: z.string().max(32).optional(),
  from: date,
  to: date,
});

/** WHERE fragments and their replacements, with the actor's warehouse scope always applied. */
class Filter {
  readonly clauses: string[] = [];
  readonly replacements: Record<string, unknown> = {};

  constructor(actor: Actor, column: string, warehouseId: number | undefined) {
    this.clauses.push(warehouseScopeSql(actor, column, warehouseId));
  }

  add(clause: string, replacements: Record<string, unknown>): this {
    this.clauses.push(clause);
    Object.assign(this.replacements, replacements);
    return this;
  }

  get where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

async function warehouseIdOf(services: Services, id: number | undefined, code: string | undefined): Promise<number | undefined> {
  if (id !== undefined || code === undefined) return id;
  const row = await services.models.Warehouse.findOne({ where: { code }, attributes: ['id'], raw: true });
  return row ? row.id : -1;
}

/** Ordered by item, warehouse and batch: the order of the balances' own index, so no page needs a sort. */
export async function listBalances(services: Services, actor: Actor, q: z.infer<typeof balancesQuery>): Promise<{ data: BalanceRow[]; total: number }> {
  const f = new Filter(actor, 'b.warehouse_id', await warehouseIdOf(services, q.warehouseId, q.warehouseCode));
  if (q.includeZero !== 'true') f.add('(b.on_hand <> 0 OR b.reserved <> 0)', {});
  if (q.itemId !== undefined) f.add('b.item_id = :itemId', { itemId: q.itemId });
  if (q.batchNo !== undefined) f.add('b.batch_no = :batchNo', { batchNo: q.batchNo });
  // Item filters need the items table; without them a page is cut from the balances alone
  // (in their index's order) and only its own rows are joined, however deep the offset.
  const byItem = q.sku !== undefined || q.category !== undefined;
  if (q.sku !== undefined) f.add('i.sku = :sku', { sku: q.sku });
  if (q.category !== undefined) f.add('i.category = :category', { category: q.category });
  const balances = byItem ? 'stock_balances b JOIN items i ON i.id = b.item_id' : 'stock_balances b';
  const { sequelize } = services.db;
  const replacements = { ...f.replacements, limit: q.limit, offset: q.offset };
  const [count] = await sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${balances} ${f.where}`, { replacements, type: QueryTypes.SELECT });
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT p.item_id, i.sku, i.name, i.unit, i.category, p.warehouse_id, w.code AS warehouse_code, p.batch_no, p.expiry_date, p.on_hand, p.reserved, p.value
       FROM (SELECT b.item_id, b.warehouse_id, b.batch_no, b.expiry_date, b.on_hand, b.reserved, b.value FROM ${balances} ${f.where}
             ORDER BY b.item_id, b.warehouse_id, b.batch_no LIMIT :limit OFFSET :offset) p
       JOIN items i ON i.id = p.item_id JOIN warehouses w ON w.id = p.warehouse_id
      ORDER BY p.item_id, p.warehouse_id, p.batch_no`,
    { replacements, type: QueryTypes.SELECT },
  );
  const today = services.calendar.today();
  const data = rows.map((r): BalanceRow => {
    const onHand = Number(r.on_hand);
    const reserved = Number(r.reserved);
    const value = Number(r.value);
    const expired = r.expiry_date != null && (r.expiry_date as string) < today;
    return {
      itemId: Number(r.item_id),
      sku: r.sku as string,
      name: r.name as string,
      unit: r.unit as string,
      category: (r.category as string | null) ?? null,
      warehouseId: Number(r.warehouse_id),
      warehouseCode: r.warehouse_code as string,
      batchNo: (r.batch_no as string) || null,
      expiryDate: (r.expiry_date as string | null) ?? null,
      onHand: fromScaled(onHand, 'qty'),
      reserved: fromScaled(reserved, 'qty'),
      available: expired ? 0 : fromScaled(onHand - reserved, 'qty'),
      unitCost: fromScaled(averageCost(onHand, value), 'price'),
      value: fromScaled(value, 'money'),
    };
  });
  if (q.withReservations === 'true') await attachReservations(services, data);
  return { data, total: Number(count?.n ?? 0) };
}

/** Who holds each row's reserved stock, read for the page's rows only. */
async function attachReservations(services: Services, rows: BalanceRow[]): Promise<void> {
  const key = (itemId: number, warehouseId: number, batchNo: string) => `${itemId}|${warehouseId}|${batchNo}`;
  for (const r of rows) r.reservedBy = [];
  const reserved = rows.filter((r) => r.reserved !== 0);
  if (!reserved.length) return;
  const byKey = new Map(rows.map((r) => [key(r.itemId, r.warehouseId, r.batchNo ?? ''), r]));
  const seen = new Set<string>(); // parts may share an item and warehouse
  for (let i = 0; i < reserved.length; i += 500) {
    const part = reserved.slice(i, i + 500);
    const found = await services.db.sequelize.query<Record<string, unknown>>(
      `SELECT doc_type, doc_id, doc_number, item_id, warehouse_id, batch_no, SUM(qty) AS qty FROM stock_reservations
        WHERE item_id IN (:items) AND warehouse_id IN (:warehouses)
        GROUP BY doc_type, doc_id, doc_number, item_id, warehouse_id, batch_no ORDER BY doc_type, doc_id`,
      { replacements: { items: [...new Set(part.map((r) => r.itemId))], warehouses: [...new Set(part.map((r) => r.warehouseId))] }, type: QueryTypes.SELECT },
    );
    for (const f of found) {
      const at = key(Number(f.item_id), Number(f.warehouse_id), String(f.batch_no));
      const row = byKey.get(at);
      if (!row || seen.has(`${f.doc_type}|${f.doc_id}|${at}`)) continue;
      seen.add(`${f.doc_type}|${f.doc_id}|${at}`);
      row.reservedBy!.push({ docType: String(f.doc_type), docId: Number(f.doc_id), number: String(f.doc_number), qty: fromScaled(Number(f.qty), 'qty') });
    }
  }
}

export async function listLedger(services: Services, actor: Actor, q: z.infer<typeof ledgerQuery>): Promise<{ data: LedgerRow[]; total: number }> {
  const f = new Filter(actor, 'm.warehouse_id', q.warehouseId);
  if (q.itemId !== undefined) f.add('m.item_id = :itemId', { itemId: q.itemId });
  if (q.sku !== undefined) f.add('i.sku = :sku', { sku: q.sku });
  if (q.docType !== undefined) f.add('m.doc_type = :docType', { docType: q.docType });
  if (q.docNumber !== undefined) f.add('m.doc_number = :docNumber', { docNumber: q.docNumber });
  if (q.from !== undefined) f.add('m.date >= :from', { from: q.from });
  if (q.to !== undefined) f.add('m.date <= :to', { to: q.to });
  const from = 'FROM stock_moves m JOIN items i ON i.id = m.item_id';
  const { sequelize } = services.db;
  const [count] = await sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n ${from} ${f.where}`, { replacements: f.replacements, type: QueryTypes.SELECT });
  const rows = await sequelize.query<Record<string, unknown>>(
    `SELECT m.*, i.sku ${from} ${f.where} ORDER BY m.id LIMIT :limit OFFSET :offset`,
    { replacements: { ...f.replacements, limit: q.limit, offset: q.offset }, type: QueryTypes.SELECT },
  );
  const data = rows.map((r): LedgerRow => ({
    id: Number(r.id),
    at: new Date(r.at as string).toISOString(),
    date: r.date as string,
    itemId: Number(r.item_id),
    sku: r.sku as string,
    warehouseId: Number(r.warehouse_id),
    batchNo: (r.batch_no as string) || null,
    qty: fromScaled(Number(r.qty), 'qty'),
    unitCost: fromScaled(Number(r.unit_cost), 'price'),
    value: fromScaled(Number(r.value), 'money'),
    docType: r.doc_type as string,
    docId: Number(r.doc_id),
    docNumber: r.doc_number as string,
    userId: r.user_id == null ? null : Number(r.user_id),
  }));
  return { data, total: Number(count?.n ?? 0) };
}
