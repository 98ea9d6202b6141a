import type { Transaction } from 'sequelize';
import type { ProblemFieldError } from '../../../contract/problem';
import type { Database } from '../../db/database';
import type { WarehouseRow } from '../../db/models';
import { selectOne, selectRows } from '../../db/sql';
import { invalid } from '../../platform/errors';

const CHUNK = 500;

/** A warehouse named by id or code (API.md "References"). */
export async function resolveWarehouse(
  db: Database,
  ref: { id?: number; code?: string },
  field: string,
  tx?: Transaction,
): Promise<WarehouseRow> {
  const codeField = field.replace(/Id$/, 'Code');
  if (ref.id === undefined && ref.code === undefined) throw invalid(`${field} or ${codeField} is required.`, [{ path: field, message: 'is required' }]);
  const found = await selectOne<{ id: number; code: string; name: string; address: string | null; active: boolean | number; version: number }>(
    db,
    `SELECT id, code, name, address, active, version FROM warehouses WHERE ${ref.id !== undefined ? 'id = :id' : 'code = :code'}`,
    { id: ref.id, code: ref.code },
    tx,
  );
  const row: WarehouseRow | null = found && { ...found, id: Number(found.id), active: Boolean(found.active) };
  if (!row) {
    const path = ref.id !== undefined ? field : codeField;
    throw invalid(`Unknown warehouse ${ref.id ?? ref.code}.`, [{ path, message: `unknown warehouse ${ref.id ?? ref.code}` }]);
  }
  if (ref.id !== undefined && ref.code !== undefined && row.code !== ref.code) {
    throw invalid(`${field} and ${codeField} name different warehouses.`, [{ path: codeField, message: `does not match ${field} ${ref.id}` }]);
  }
  if (!row.active) throw invalid(`Warehouse ${row.code} is inactive.`, [{ path: field, message: 'the warehouse is inactive' }]);
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
  const errors: ProblemFieldError[] = [];
  const items = lines.map((line, i) => {
    const item = line.itemId !== undefined ? byId.get(line.itemId) : line.sku !== undefined ? bySku.get(line.sku) : undefined;
    if (line.itemId === undefined && line.sku === undefined) errors.push({ path: `lines[${i}].sku`, message: 'sku or itemId is required', row: i });
    else if (!item) {
      const path = line.itemId !== undefined ? 'itemId' : 'sku';
      errors.push({ path: `lines[${i}].${path}`, message: `unknown item ${line.itemId ?? line.sku}`, row: i });
    } else if (line.itemId !== undefined && line.sku !== undefined && item.sku !== line.sku) {
      errors.push({ path: `lines[${i}].sku`, message: `does not match item ${line.itemId}`, row: i });
    }
    return item!;
  });
  if (errors.length) throw invalid(`${errors.length} line(s) name an unknown item; nothing was posted.`, errors);
  return items;
}

