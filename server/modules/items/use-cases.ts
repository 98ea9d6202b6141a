import { Op, QueryTypes, Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { ItemRequest, ItemView, UpdateItemRequest } from '../../../contract/master-data';
import type { ItemRow, ItemWarehouseSettingRow } from '../../db/inventory-models';
import type { Models } from '../../db/models';
import { conflict, FieldIssue, fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { claimNextVersion, ExpectedVersions } from '../../platform/versions';
import { itemColumns, itemView } from './item-view';

export async function loadItemViews(models: Models, rows: ItemRow[], tx?: Transaction): Promise<ItemView[]> {
  if (!rows.length) return [];
  const overrides = await models.ItemWarehouseSetting.findAll({ where: { itemId: { [Op.in]: rows.map((r) => r.id) } }, transaction: tx, raw: true });
  return rows.map((r) => itemView(r, overrides.filter((o) => o.itemId === r.id)));
}

export async function findItem(models: Models, id: number, tx?: Transaction): Promise<ItemView> {
  const row = await models.Item.findOne({ where: { id }, transaction: tx, raw: true });
  if (!row) throw notFound(msg('entity.item', { id }));
  return (await loadItemViews(models, [row], tx))[0]!;
}

async function assertSkuFree(models: Models, sku: string, tx: Transaction, exceptId?: number): Promise<void> {
  const taken = await models.Item.findOne({ where: { sku }, attributes: ['id'], transaction: tx, raw: true });
  if (taken && taken.id !== exceptId) throw conflict(msg('record.duplicate:sku', { sku }), [fieldError(['sku'], msg('record.duplicate:field'))]);
}

const unknownSupplier = (path: string, ref: string | number) =>
  invalid(msg('reference.unknown:supplier'), [fieldError([path], msg('reference.unknown:field-supplier', { ref }))]);

async function resolveSupplier(models: Models, input: ItemRequest | UpdateItemRequest, tx: Transaction): Promise<number | null | undefined> {
  if (input.defaultSupplierCode !== undefined) {
    const s = await models.Supplier.findOne({ where: { code: input.defaultSupplierCode }, attributes: ['id'], transaction: tx, raw: true });
    if (!s) throw unknownSupplier('defaultSupplierCode', input.defaultSupplierCode);
    return s.id;
  }
  if (input.defaultSupplierId == null) return input.defaultSupplierId;
  const s = await models.Supplier.findOne({ where: { id: input.defaultSupplierId }, attributes: ['id'], transaction: tx, raw: true });
  if (!s) throw unknownSupplier('defaultSupplierId', input.defaultSupplierId);
  return s.id;
}

async function saveOverrides(models: Models, itemId: number, input: ItemRequest | UpdateItemRequest, tx: Transaction): Promise<void> {
  if (!input.warehouseOverrides) return;
  const errors: FieldIssue[] = [];
  const rows: ItemWarehouseSettingRow[] = [];
  for (const [i, o] of input.warehouseOverrides.entries()) {
    const where = o.warehouseId !== undefined ? { id: o.warehouseId } : { code: o.warehouseCode ?? '' };
    const wh = await models.Warehouse.findOne({ where, attributes: ['id'], transaction: tx, raw: true });
    const field = o.warehouseId !== undefined ? 'warehouseId' : 'warehouseCode';
    if (!wh) errors.push(fieldError(['warehouseOverrides', i, field], msg('reference.unknown:field-any-warehouse')));
    else if (rows.some((r) => r.warehouseId === wh.id)) errors.push(fieldError(['warehouseOverrides', i, field], msg('reference.repeated:warehouse')));
    else rows.push({ itemId, warehouseId: wh.id, safetyStock: o.safetyStock == null ? null : toScaled(o.safetyStock, 'qty'), maxStock: o.maxStock == null ? null : toScaled(o.maxStock, 'qty') });
  }
  if (errors.length) throw invalid(msg('reference.unknown:warehouse-overrides'), errors);
  await models.ItemWarehouseSetting.destroy({ where: { itemId }, transaction: tx });
  if (rows.length) await models.ItemWarehouseSetting.bulkCreate(rows, { transaction: tx });
}

async function hasMoves(services: Services, itemId: number, tx: Transaction): Promise<boolean> {
  const rows = await services.db.sequelize.query('SELECT 1 AS x FROM stock_moves WHERE item_id = :itemId LIMIT 1', { replacements: { itemId }, type: QueryTypes.SELECT, transaction: tx });
  return rows.length > 0;
}

/**
 * Reorder suggestions fill up to the maximum stock (API.md): one below the
 * safety stock could never be reached, so it is refused, for the item and for
 * each warehouse's effective pair (its override, else the item's own).
 * Checked on the saved record, so a PATCH naming only one of them is checked too.
 */
function assertStockLimits(item: ItemView): void {
  const errors: FieldIssue[] = [];
  const below = (max: number | null, safety: number | null) => max !== null && safety !== null && max < safety;
  if (below(item.maxStock, item.safetyStock)) errors.push(fieldError(['maxStock'], msg('item.max-below-safety:field', { safetyStock: item.safetyStock! })));
  for (const [i, o] of item.warehouseOverrides.entries()) {
    const safety = o.safetyStock ?? item.safetyStock;
    if (below(o.maxStock ?? item.maxStock, safety)) errors.push(fieldError(['warehouseOverrides', i, o.maxStock !== null ? 'maxStock' : 'safetyStock'], msg('item.max-below-safety:field', { safetyStock: safety! })));
  }
  if (errors.length) throw invalid(msg('item.max-below-safety', { sku: item.sku }), errors);
}

export async function createItem(services: Services, input: ItemRequest, tx: Transaction): Promise<ItemView> {
  const { models } = services;
  await assertSkuFree(models, input.sku, tx);
  const defaultSupplierId = await resolveSupplier(models, input, tx);
  const created = await models.Item.create({ ...itemColumns(input), defaultSupplierId: defaultSupplierId ?? null }, { transaction: tx });
  const id = Number(created.get('id'));
  await saveOverrides(models, id, input, tx);
  const item = await findItem(models, id, tx);
  assertStockLimits(item);
  return item;
}

export async function updateItem(services: Services, id: number, input: UpdateItemRequest, expected: ExpectedVersions, tx: Transaction): Promise<{ before: ItemView; after: ItemView }> {
  const { models } = services;
  const before = await findItem(models, id, tx);
  await claimNextVersion(models.Item, id, expected, tx, msg('entity.item', { id: before.sku }));
  if (input.sku !== undefined && input.sku !== before.sku) await assertSkuFree(models, input.sku, tx, id);
  if (input.batchTracked !== undefined && input.batchTracked !== before.batchTracked && (await hasMoves(services, id, tx))) {
    throw conflict(msg('item.has-moves:batch-tracking'), [fieldError(['batchTracked'], msg('item.has-moves:field'))]);
  }
  const defaultSupplierId = await resolveSupplier(models, input, tx);
  const columns = itemColumns(input);
  if (defaultSupplierId !== undefined) columns.defaultSupplierId = defaultSupplierId;
  if (Object.keys(columns).length) await models.Item.update(columns, { where: { id }, transaction: tx });
  await saveOverrides(models, id, input, tx);
  const after = await findItem(models, id, tx);
  assertStockLimits(after);
  return { before, after };
}

export async function deleteItem(services: Services, id: number, tx: Transaction): Promise<ItemView> {
  const item = await findItem(services.models, id, tx);
  if (await hasMoves(services, id, tx)) throw conflict(msg('item.has-moves:delete'));
  await services.models.ItemWarehouseSetting.destroy({ where: { itemId: id }, transaction: tx });
  await services.models.Item.destroy({ where: { id }, transaction: tx });
  return item;
}
