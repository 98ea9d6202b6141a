import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import type { WarehouseRow } from '../../db/models';
import { selectOne, selectRows } from '../../db/sql';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

const CHUNK = 500;

/** A warehouse named by id or code (API.md "References"). */
export async function resolveWarehouse(
  db: Database,
  ref: { id?: number; code?: string },
  field: string,
  tx?: Transaction,
): Promise<WarehouseRow> {
  const codeField = field.replace(/Id$/, 'Code');
  if (ref.id === undefined && ref.code === undefined) throw invalid(msg('validation.required:either', { field, codeField }), [fieldError([field], msg('validation.required'))]);
  const found = await selectOne<{ id: number; code: string; name: string; address: string | null; active: boolean | number; version: number }>(
    db,
    `SELECT id, code, name, address, active, version FROM warehouses WHERE ${ref.id !== undefined ? 'id = :id' : 'code = :code'}`,
    { id: ref.id, code: ref.code },
    tx,
  );
  const row: WarehouseRow | null = found && { ...found, id: Number(found.id), active: Boolean(found.active) };
  if (!row) {
    const path = ref.id !== undefined ? field : codeField;
    const named = { ref: (ref.id ?? ref.code)! };
    throw invalid(msg('reference.unknown:warehouse-ref', named), [fieldError([path], msg('reference.unknown:field-warehouse', named))]);
  }
  if (ref.id !== undefined && ref.code !== undefined && row.code !== ref.code) {
    throw invalid(msg('reference.mismatch:warehouse', { field, codeField }), [fieldError([codeField], msg('reference.mismatch:field-warehouse', { field, id: ref.id }))]);
  }
  if (!row.active) throw invalid(msg('warehouse.inactive', { code: row.code }), [fieldError([field], msg('warehouse.inactive:field'))]);
  return row;
}

/** What posting needs to know of an item. */
export interface ItemRef {
  id: number;
  sku: string;
  name: string;
  unit: string;
  batchTracked: boolean;
  purchasePrice: number | null;
  active: boolean;
}

async function selectItems(db: Database, column: 'id' | 'sku', values: Array<number | string>, tx?: Transaction): Promise<ItemRef[]> {
  const rows = await selectRows<Record<string, unknown>>(
    db,
    `SELECT id, sku, name, unit, batch_tracked, purchase_price, active FROM items WHERE ${column} IN (:values)`,
    { values },
    tx,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    sku: String(r.sku),
    name: String(r.name),
    unit: String(r.unit),
    batchTracked: Boolean(r.batch_tracked),
    purchasePrice: r.purchase_price == null ? null : Number(r.purchase_price),
    active: Boolean(r.active),
  }));
}

/**
 * The item of every line, named by `itemId` or `sku`; all unknown references
 * are reported at once, each with its line.
 */
export async function resolveLineItems(db: Database, lines: Array<{ itemId?: number; sku?: string }>, tx?: Transaction): Promise<ItemRef[]> {
  const ids = [...new Set(lines.flatMap((l) => (l.itemId !== undefined ? [l.itemId] : [])))];
  const skus = [...new Set(lines.flatMap((l) => (l.itemId === undefined && l.sku !== undefined ? [l.sku] : [])))];
  const byId = new Map<number, ItemRef>();
  const bySku = new Map<string, ItemRef>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const row of await selectItems(db, 'id', ids.slice(i, i + CHUNK), tx)) byId.set(row.id, row);
  }
  for (let i = 0; i < skus.length; i += CHUNK) {
    for (const row of await selectItems(db, 'sku', skus.slice(i, i + CHUNK), tx)) bySku.set(row.sku, row);
  }
  const errors: FieldIssue[] = [];
  const items = lines.map((line, i) => {
    const item = line.itemId !== undefined ? byId.get(line.itemId) : line.sku !== undefined ? bySku.get(line.sku) : undefined;
    if (line.itemId === undefined && line.sku === undefined) errors.push(fieldError(['lines', i, 'sku'], msg('validation.required:sku-or-item')));
    else if (!item) {
      const path = line.itemId !== undefined ? 'itemId' : 'sku';
      errors.push(fieldError(['lines', i, path], msg('reference.unknown:field-item', { ref: (line.itemId ?? line.sku)! })));
    } else if (line.itemId !== undefined && line.sku !== undefined && item.sku !== line.sku) {
      errors.push(fieldError(['lines', i, 'sku'], msg('reference.mismatch:field-item', { id: line.itemId })));
    }
    return item!;
  });
  if (errors.length) throw invalid(msg('reference.unknown:items', { count: errors.length }), errors);
  return items;
}

