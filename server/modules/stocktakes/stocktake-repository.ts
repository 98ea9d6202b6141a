import { Op, QueryTypes, Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { StocktakeView } from '../../../contract/stock';
import type { StocktakeRow } from '../../db/inventory-models';
import { notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

/**
 * `forChange` row-locks the stocktake (PostgreSQL; SQLite writes one at a time
 * anyway), so counting and posting the same stocktake run one after another
 * and the second sees what the first committed.
 */
export async function findStocktake(services: Services, id: number, tx?: Transaction, forChange = false): Promise<StocktakeRow> {
  const lock = forChange && tx ? { lock: Transaction.LOCK.NO_KEY_UPDATE } : {};
  const row = await services.models.Stocktake.findOne({ where: { id }, transaction: tx, raw: true, ...lock });
  if (!row) throw notFound(msg('entity.stocktake', { id }));
  return row;
}

export async function stocktakeView(services: Services, st: StocktakeRow, tx?: Transaction): Promise<StocktakeView> {
  const lines = await services.db.sequelize.query<Record<string, unknown>>(
    `SELECT l.item_id, i.sku, i.name, i.unit, l.batch_no, l.book_qty, l.counted_qty
       FROM stocktake_lines l JOIN items i ON i.id = l.item_id
      WHERE l.stocktake_id = :id ORDER BY i.sku, l.batch_no`,
    { replacements: { id: st.id }, type: QueryTypes.SELECT, transaction: tx },
  );
  return {
    id: st.id,
    number: st.number,
    warehouseId: st.warehouseId,
    status: st.status,
    createdAt: new Date(st.createdAt).toISOString(),
    postedAt: st.postedAt ? new Date(st.postedAt).toISOString() : null,
    lines: lines.map((l) => ({
      itemId: Number(l.item_id),
      sku: l.sku as string,
      name: l.name as string,
      unit: l.unit as string,
      batchNo: (l.batch_no as string) || null,
      bookQty: fromScaled(Number(l.book_qty), 'qty'),
      countedQty: l.counted_qty == null ? null : fromScaled(Number(l.counted_qty), 'qty'),
    })),
  };
}

export async function listStocktakes(services: Services, scope: number[] | null, q: { limit: number; offset: number; status?: string; warehouseId?: number }) {
  const where = {
    ...(scope !== null && { warehouseId: { [Op.in]: scope } }),
    ...(q.warehouseId !== undefined && { warehouseId: q.warehouseId }),
    ...(q.status !== undefined && { status: q.status as 'open' | 'posted' }),
  };
  const { rows, count } = await services.models.Stocktake.findAndCountAll({ where, order: [['id', 'DESC']], limit: q.limit, offset: q.offset, raw: true });
  return {
    data: rows.map((r) => ({ id: r.id, number: r.number, warehouseId: r.warehouseId, status: r.status, createdAt: new Date(r.createdAt).toISOString(), postedAt: r.postedAt ? new Date(r.postedAt).toISOString() : null })),
    total: count,
  };
}
