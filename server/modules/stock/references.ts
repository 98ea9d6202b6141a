import { Op, Transaction } from 'sequelize';
import type { ProblemFieldError } from '../../../contract/problem';
import type { ItemRow } from '../../db/inventory-models';
import type { Models, WarehouseRow } from '../../db/models';
import { invalid } from '../../platform/errors';

const CHUNK = 500;

/** A warehouse named by id or code (API.md "References"). */
export async function resolveWarehouse(
  models: Models,
  ref: { id?: number; code?: string },
  field: string,
  tx?: Transaction,
): Promise<WarehouseRow> {
  const codeField = field.replace(/Id$/, 'Code');
  if (ref.id === undefined && ref.code === undefined) throw invalid(`${field} or ${codeField} is required.`, [{ path: field, message: 'is required' }]);
  const where = ref.id !== undefined ? { id: ref.id } : { code: ref.code! };
  const row = await models.Warehouse.findOne({ where, transaction: tx, raw: true });
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

/**
 * The item of every line, named by `itemId` or `sku`; all unknown references
 * are reported at once, each with its line.
 */
export async function resolveLineItems(models: Models, lines: Array<{ itemId?: number; sku?: string }>, tx?: Transaction): Promise<ItemRow[]> {
  const ids = [...new Set(lines.flatMap((l) => (l.itemId !== undefined ? [l.itemId] : [])))];
  const skus = [...new Set(lines.flatMap((l) => (l.itemId === undefined && l.sku !== undefined ? [l.sku] : [])))];
  const byId = new Map<number, ItemRow>();
  const bySku = new Map<string, ItemRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const row of await models.Item.findAll({ where: { id: { [Op.in]: ids.slice(i, i + CHUNK) } }, transaction: tx, raw: true })) byId.set(row.id, row);
  }
  for (let i = 0; i < skus.length; i += CHUNK) {
    for (const row of await models.Item.findAll({ where: { sku: { [Op.in]: skus.slice(i, i + CHUNK) } }, transaction: tx, raw: true })) bySku.set(row.sku, row);
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
