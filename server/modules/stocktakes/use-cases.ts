import { Op, QueryTypes, Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { StocktakePosted, StocktakeView } from '../../../contract/stock';
import type { z } from 'zod';
import type { stocktakeCountsRequest, stocktakeRequest } from '../../../contract/stock';
import type { StocktakeLineRow, StocktakeRow } from '../../db/inventory-models';
import { averageCost } from '../../ledgers/valuation';
import type { MoveRequest } from '../../ledgers/stock-ledger';
import { WAREHOUSE_LOCK } from '../../ledgers/stock-store';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { nextDocumentNumber } from '../../documents/numbering';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { resolveLineItems, resolveWarehouse } from '../stock/references';
import { applyStockJournal, prepareStockJournal } from '../stock/stock-journal';
import { findStocktake, stocktakeView } from './stocktake-repository';

const keyOf = (itemId: number, batchNo: string) => `${itemId}|${batchNo}`;

/** Every id of `itemIds` names an item; unknown ones are reported by their place in the list. */
async function assertItemsExist(services: Services, itemIds: number[], tx: Transaction): Promise<void> {
  const found = new Set<number>();
  for (let i = 0; i < itemIds.length; i += 1000) {
    const rows = await services.models.Item.findAll({ where: { id: { [Op.in]: itemIds.slice(i, i + 1000) } }, attributes: ['id'], transaction: tx, raw: true });
    for (const r of rows) found.add(Number(r.id));
  }
  const errors = itemIds.flatMap((itemId, i) => (found.has(itemId) ? [] : [fieldError(['itemIds', i], msg('reference.unknown:field-item', { ref: itemId }))]));
  if (errors.length) throw invalid(msg('reference.unknown:stocktake-items', { count: errors.length }), errors);
}

/**
 * Opens a count: snapshots the book quantity of every balance in the
 * warehouse (or of the given items) and remembers the last ledger move, so
 * moves posted while counting are added back when the count is posted.
 */
export async function openStocktake(services: Services, actor: Actor, input: z.infer<typeof stocktakeRequest>, tx: Transaction): Promise<StocktakeView> {
  const { models, db } = services;
  const warehouse = await resolveWarehouse(services.db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  // Two concurrent opens for one warehouse queue on its row, so the second sees the first's stocktake.
  await models.Warehouse.findOne({ where: { id: warehouse.id }, attributes: ['id'], transaction: tx, lock: Transaction.LOCK.NO_KEY_UPDATE });
  const open = await models.Stocktake.findOne({ where: { warehouseId: warehouse.id, status: 'open' }, transaction: tx, raw: true });
  if (open) throw conflict(msg('stocktake.open', { number: open.number }));
  if (input.itemIds) await assertItemsExist(services, input.itemIds, tx);
  // Every posting holds its warehouses' advisory lock shared (PostgreSQL) before it locks balances; taking it
  // exclusively waits for those in flight and holds off new ones, so no move falls between the snapshot and "moves since".
  if (db.dialect === 'postgres') await db.sequelize.query(`SELECT pg_advisory_xact_lock(${WAREHOUSE_LOCK}, :id)`, { replacements: { id: warehouse.id }, transaction: tx });
  const [last] = await db.sequelize.query<{ id: number | null }>('SELECT MAX(id) AS id FROM stock_moves', { type: QueryTypes.SELECT, transaction: tx });
  const itemFilter = input.itemIds ? `AND item_id IN (${input.itemIds.map(Number).join(',')})` : 'AND on_hand <> 0';
  const balances = await db.sequelize.query<Record<string, unknown>>(
    `SELECT item_id, batch_no, on_hand FROM stock_balances WHERE warehouse_id = :warehouseId ${itemFilter}`,
    { replacements: { warehouseId: warehouse.id }, type: QueryTypes.SELECT, transaction: tx },
  );
  const number = await nextDocumentNumber(db, tx, 'STK', services.calendar.today());
  const created = await models.Stocktake.create(
    { number, warehouseId: warehouse.id, status: 'open', snapshotMoveId: Number(last?.id ?? 0), note: input.note ?? null, userId: actor.id, createdAt: new Date(), postedAt: null },
    { transaction: tx },
  );
  const stocktakeId = Number(created.get('id'));
  const lines = new Map(balances.map((b) => [keyOf(Number(b.item_id), String(b.batch_no)), { stocktakeId, itemId: Number(b.item_id), batchNo: String(b.batch_no), bookQty: Number(b.on_hand), countedQty: null }]));
  for (const itemId of input.itemIds ?? []) {
    const hasAny = [...lines.values()].some((l) => l.itemId === itemId);
    if (!hasAny) lines.set(keyOf(itemId, ''), { stocktakeId, itemId, batchNo: '', bookQty: 0, countedQty: null });
  }
  const rows = [...lines.values()];
  for (let i = 0; i < rows.length; i += 1000) await models.StocktakeLine.bulkCreate(rows.slice(i, i + 1000), { transaction: tx });
  return stocktakeView(services, await findStocktake(services, stocktakeId, tx), tx);
}

function assertOpen(st: StocktakeRow): void {
  if (st.status !== 'open') throw conflict(msg('stocktake.posted', { number: st.number }));
}

/** Records counted quantities; a counted item or batch the snapshot did not have is added with a book quantity of 0. */
export async function recordCounts(services: Services, actor: Actor, id: number, input: z.infer<typeof stocktakeCountsRequest>, tx: Transaction): Promise<StocktakeView> {
  const { models } = services;
  const st = await findStocktake(services, id, tx, true);
  assertWarehouseInScope(actor, st.warehouseId);
  assertOpen(st);
  const items = await resolveLineItems(services.db, input.lines, tx);
  const existing = await models.StocktakeLine.findAll({ where: { stocktakeId: id }, transaction: tx, raw: true });
  const lines = new Map<string, StocktakeLineRow>(existing.map((l) => [keyOf(l.itemId, l.batchNo), { ...l }]));
  const errors: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    const item = items[i]!;
    const batchNo = item.batchTracked ? (line.batchNo ?? '') : '';
    if (item.batchTracked && !batchNo) errors.push(fieldError(['lines', i, 'batchNo'], msg('batch.required:count')));
    if (!item.batchTracked && line.batchNo) errors.push(fieldError(['lines', i, 'batchNo'], msg('batch.not-tracked')));
    const key = keyOf(item.id, batchNo);
    if (seen.has(key)) {
      const twice = batchNo ? msg('stocktake.counted-twice:batch', { sku: item.sku, batch: batchNo }) : msg('stocktake.counted-twice', { sku: item.sku });
      errors.push(fieldError(['lines', i, 'sku'], twice));
    }
    seen.add(key);
    const countedQty = toScaled(line.countedQty, 'qty');
    const known = lines.get(key);
    if (known) known.countedQty = countedQty;
    else lines.set(key, { stocktakeId: id, itemId: item.id, batchNo, bookQty: 0, countedQty });
  }
  if (errors.length) throw invalid(errors[0]!.message, errors);
  const rows = [...lines.values()].filter((l) => seen.has(keyOf(l.itemId, l.batchNo)));
  for (let i = 0; i < rows.length; i += 1000) {
    await models.StocktakeLine.bulkCreate(rows.slice(i, i + 1000), { transaction: tx, updateOnDuplicate: ['countedQty'] });
  }
  return stocktakeView(services, st, tx);
}

/** The cost to value stock found at a count: the balance's average, else the item's in the warehouse, else its purchase price. */
async function costsForGains(services: Services, warehouseId: number, itemIds: number[], tx: Transaction): Promise<Map<number, number>> {
  const costs = new Map<number, number>();
  if (!itemIds.length) return costs;
  const rows = await services.db.sequelize.query<Record<string, unknown>>(
    `SELECT i.id, i.purchase_price, SUM(b.on_hand) AS on_hand, SUM(b.value) AS value
       FROM items i LEFT JOIN stock_balances b ON b.item_id = i.id AND b.warehouse_id = :warehouseId
      WHERE i.id IN (${itemIds.map(Number).join(',')}) GROUP BY i.id, i.purchase_price`,
    { replacements: { warehouseId }, type: QueryTypes.SELECT, transaction: tx },
  );
  for (const r of rows) {
    const onHand = Number(r.on_hand ?? 0);
    costs.set(Number(r.id), onHand > 0 ? averageCost(onHand, Number(r.value)) : Number(r.purchase_price ?? 0));
  }
  return costs;
}

/**
 * Posts the count: each counted line becomes counted + moves posted since the
 * snapshot; the difference from today's book quantity posts as a variance at
 * the current average cost. Posting twice is refused.
 */
export async function postStocktake(services: Services, actor: Actor, id: number, tx: Transaction): Promise<StocktakePosted> {
  const { models, db } = services;
  const st = await findStocktake(services, id, tx, true);
  assertWarehouseInScope(actor, st.warehouseId);
  assertOpen(st);
  // In the order the stocktake shows its lines, so an error's `lines[i]` is the line the clerk sees.
  const counted = (
    await db.sequelize.query<Record<string, unknown>>(
      `SELECT l.item_id, l.batch_no, l.counted_qty FROM stocktake_lines l JOIN items i ON i.id = l.item_id
        WHERE l.stocktake_id = :id ORDER BY i.sku, l.batch_no`,
      { replacements: { id }, type: QueryTypes.SELECT, transaction: tx },
    )
  )
    .map((r, line) => ({ line, itemId: Number(r.item_id), batchNo: String(r.batch_no), countedQty: r.counted_qty == null ? null : Number(r.counted_qty) }))
    .filter((l): l is { line: number; itemId: number; batchNo: string; countedQty: number } => l.countedQty !== null);
  // One statement, so the balances and the moves since the snapshot are read as of one moment even
  // while other documents post (PostgreSQL reads each statement at its own moment).
  const book = await db.sequelize.query<Record<string, unknown>>(
    `SELECT b.item_id, b.batch_no, b.on_hand, b.value, COALESCE(m.qty, 0) AS moved
       FROM stock_balances b
       LEFT JOIN (SELECT item_id, batch_no, SUM(qty) AS qty FROM stock_moves WHERE warehouse_id = :warehouseId AND id > :snapshot GROUP BY item_id, batch_no) m
              ON m.item_id = b.item_id AND m.batch_no = b.batch_no
      WHERE b.warehouse_id = :warehouseId`,
    { replacements: { warehouseId: st.warehouseId, snapshot: st.snapshotMoveId }, type: QueryTypes.SELECT, transaction: tx },
  );
  const movedSince = new Map(book.map((r) => [keyOf(Number(r.item_id), String(r.batch_no)), Number(r.moved)]));
  const onHand = new Map(book.map((r) => [keyOf(Number(r.item_id), String(r.batch_no)), { qty: Number(r.on_hand), value: Number(r.value) }]));
  const fallbackCosts = await costsForGains(services, st.warehouseId, [...new Set(counted.map((l) => l.itemId))], tx);
  const moves: MoveRequest[] = [];
  for (const l of counted) {
    const key = keyOf(l.itemId, l.batchNo);
    const current = onHand.get(key) ?? { qty: 0, value: 0 };
    const variance = Number(l.countedQty) + (movedSince.get(key) ?? 0) - current.qty;
    if (variance === 0) continue;
    const unitCost = current.qty > 0 ? averageCost(current.qty, current.value) : (fallbackCosts.get(l.itemId) ?? 0);
    moves.push({ line: l.line, itemId: l.itemId, warehouseId: st.warehouseId, batchNo: l.batchNo, qty: variance, unitCost: variance > 0 ? unitCost : undefined });
  }
  const date = services.calendar.today();
  const doc = { docType: 'STK', docId: st.id, docNumber: st.number, date, userId: actor.id };
  const plan = moves.length ? await services.stockLedger.prepare(moves, date, tx, { allowExpired: true }) : null;
  const journal = plan && (await prepareStockJournal(services, 'STK', null, plan, actor.id, tx));
  const stock = plan && (await services.stockLedger.apply(plan, doc, tx));
  if (journal) await applyStockJournal(services, journal, doc, tx);
  const posted = stock?.moves ?? [];
  await models.Stocktake.update({ status: 'posted', postedAt: new Date() }, { where: { id, status: 'open' }, transaction: tx });
  const skus = new Map((await models.Item.findAll({ where: { id: { [Op.in]: [...new Set(posted.map((m) => m.itemId))] } }, attributes: ['id', 'sku'], transaction: tx, raw: true })).map((r) => [r.id, r.sku]));
  return {
    id: st.id,
    number: st.number,
    status: 'posted',
    variances: posted.map((m) => ({ itemId: m.itemId, sku: skus.get(m.itemId) ?? '', batchNo: m.batchNo || null, qty: fromScaled(m.qty, 'qty'), value: fromScaled(m.value, 'money') })),
  };
}
