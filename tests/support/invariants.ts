import { QueryTypes, Sequelize } from 'sequelize';
import { verifyLedgers } from '../../server/ledgers/verification';
import type { TestApp } from './test-app';

/**
 * Every invariant of DESIGN §5 that exists so far, by the same verification
 * as GET /finance/verify and `npm run verify`; a failure names each failing
 * check with what it expected and what it found.
 */
export async function expectInvariants(t: TestApp): Promise<void> {
  const failed = (await verifyLedgers(t.services)).checks.filter((c) => !c.ok);
  if (failed.length) {
    const lines = failed.map((c) => `${c.name}: expected ${JSON.stringify(c.expected)}, actual ${JSON.stringify(c.actual)}`);
    throw new Error(`invariants do not hold:\n${lines.join('\n')}`);
  }
}

/**
 * The stock ledger's invariants, checked straight in the database:
 * Σ moves = balance (quantity and value) per item × warehouse × batch,
 * no negative on-hand or value, no value left on an empty balance, and
 * document numbers unique. Given a Sequelize instance, checks a database some other process serves.
 */
export async function expectStockInvariants(t: TestApp | Sequelize): Promise<void> {
  const sequelize = t instanceof Sequelize ? t : t.services.db.sequelize;
  const mismatches = await sequelize.query(
    `SELECT b.item_id, b.warehouse_id, b.batch_no, b.on_hand, b.value, COALESCE(m.qty, 0) AS moved_qty, COALESCE(m.value, 0) AS moved_value
       FROM stock_balances b
       LEFT JOIN (SELECT item_id, warehouse_id, batch_no, SUM(qty) AS qty, SUM(value) AS value FROM stock_moves GROUP BY item_id, warehouse_id, batch_no) m
         ON m.item_id = b.item_id AND m.warehouse_id = b.warehouse_id AND m.batch_no = b.batch_no
      WHERE b.on_hand <> COALESCE(m.qty, 0) OR b.value <> COALESCE(m.value, 0)`,
    { type: QueryTypes.SELECT },
  );
  expect(mismatches).toEqual([]);
  const orphans = await sequelize.query(
    `SELECT m.item_id, m.warehouse_id, m.batch_no FROM stock_moves m
       LEFT JOIN stock_balances b ON b.item_id = m.item_id AND b.warehouse_id = m.warehouse_id AND b.batch_no = m.batch_no
      WHERE b.id IS NULL`,
    { type: QueryTypes.SELECT },
  );
  expect(orphans).toEqual([]);
  const negative = await sequelize.query('SELECT * FROM stock_balances WHERE on_hand < 0 OR value < 0 OR reserved < 0 OR (on_hand = 0 AND value <> 0)', { type: QueryTypes.SELECT });
  expect(negative).toEqual([]);
  // reserved is written only by the gate, always with the reservation rows it sums.
  const unreconciled = await sequelize.query(
    `SELECT b.item_id, b.warehouse_id, b.batch_no, b.reserved, COALESCE(r.qty, 0) AS held
       FROM stock_balances b
       LEFT JOIN (SELECT item_id, warehouse_id, batch_no, SUM(qty) AS qty FROM stock_reservations GROUP BY item_id, warehouse_id, batch_no) r
         ON r.item_id = b.item_id AND r.warehouse_id = b.warehouse_id AND r.batch_no = b.batch_no
      WHERE b.reserved <> COALESCE(r.qty, 0) OR b.reserved > b.on_hand`,
    { type: QueryTypes.SELECT },
  );
  expect(unreconciled).toEqual([]);
  const duplicateNumbers = await sequelize.query(
    `SELECT number FROM (SELECT number FROM stock_documents UNION ALL SELECT number FROM stocktakes) d GROUP BY number HAVING COUNT(*) > 1`,
    { type: QueryTypes.SELECT },
  );
  expect(duplicateNumbers).toEqual([]);
}
