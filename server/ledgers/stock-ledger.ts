import type { Sequelize, Transaction } from 'sequelize';
import type { ProblemFieldError } from '../../contract/problem';
import type { Database, Dialect } from '../db/database';
import { executeLiteral, selectLiteral, selectRows, together } from '../db/sql';
import { invalid } from '../platform/errors';
import { allocate, AllocatedMove, BalanceState, keyOf } from './stock-allocation';
import { averageCost, issueValue, receiptValue } from './valuation';

/** One requested quantity change. Quantities ×1000, unit costs ×10000, values in cents. */
export interface MoveRequest {
  /** Index of the document line it comes from; errors name it. */
  line: number;
  itemId: number;
  warehouseId: number;
  /** The batch; null on an issue of a batch-tracked item means "allocate earliest expiry first". */
  batchNo: string | null;
  expiryDate?: string | null;
  /** Signed: positive adds, negative removes. */
  qty: number;
  /** Receipts: valued at qty × unitCost … */
  unitCost?: number;
  /** … or at exactly this value (a transfer in carries the value that left the source). */
  value?: number;
}

export interface PostedMove {
  line: number;
  itemId: number;
  warehouseId: number;
  batchNo: string;
  expiryDate: string | null;
  qty: number;
  unitCost: number;
  value: number;
}

export interface DocumentRef {
  docType: string;
  docId: number;
  docNumber: string;
  date: string;
  userId: number | null;
}

const CHUNK = 500;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function intList(values: Iterable<number>): string {
  return [...values].map((v) => String(Math.trunc(Number(v)))).join(',');
}

/**
 * The one gate for stock: the only code that writes stock moves and balances.
 * Demand is checked per document, summed per item × warehouse × batch; a
 * shortfall refuses the whole document. Moving weighted average valuation.
 */
export class StockLedger {
  private readonly sequelize: Sequelize;
  private readonly dialect: Dialect;

  constructor(private readonly db: Database) {
    this.sequelize = db.sequelize;
    this.dialect = db.dialect;
  }

  /** `known` may pass item rows the caller already loaded in this transaction, to spare a lookup. */
  /**
   * Statements that do not depend on each other are sent together: on SQLite
   * the write lock is held while each result travels back to the event loop.
   * `doc` may still be being numbered and stored when the post begins.
   */
  async post(requests: MoveRequest[], doc: DocumentRef | Promise<DocumentRef>, tx: Transaction, known?: Map<number, { batchTracked: boolean }>): Promise<PostedMove[]> {
    const document = Promise.resolve(doc);
    document.catch(() => undefined); // awaited below; a refusal before then must not leave it unhandled
    const tracked = await this.batchTrackedItems(requests, tx, known);
    this.assertBatchRules(requests, tracked);
    const [balances, expiries] = await together(this.lockBalances(requests, tx), this.batchExpiries(requests, tx));
    this.assertExpiries(requests, expiries);
    const ref = await document;
    const allocated = allocate(requests, balances, ref.date);
    const posted = this.value(allocated, balances);
    await together(this.insertMoves(posted, ref, tx), this.upsertBalances(posted, tx));
    return posted;
  }

  private async batchTrackedItems(requests: MoveRequest[], tx: Transaction, known?: Map<number, { batchTracked: boolean }>): Promise<Set<number>> {
    const tracked = new Set<number>();
    const ids = [...new Set(requests.map((r) => r.itemId))].filter((id) => {
      const item = known?.get(id);
      if (item?.batchTracked) tracked.add(id);
      return item === undefined;
    });
    for (const part of chunks(ids)) {
      const rows = await selectLiteral<{ id: number }>(
        this.db,
        `SELECT id FROM items WHERE batch_tracked = ${this.dialect === 'postgres' ? 'TRUE' : '1'} AND id IN (${intList(part)})`,
        tx,
      );
      for (const r of rows) tracked.add(Number(r.id));
    }
    return tracked;
  }

  private assertBatchRules(requests: MoveRequest[], tracked: Set<number>): void {
    const errors: ProblemFieldError[] = [];
    for (const r of requests) {
      const isTracked = tracked.has(r.itemId);
      if (isTracked && r.qty > 0 && !r.batchNo) errors.push({ path: `lines[${r.line}].batchNo`, message: 'this item is batch-tracked: a batch number is required', row: r.line });
      if (!isTracked && r.batchNo) errors.push({ path: `lines[${r.line}].batchNo`, message: 'this item is not batch-tracked: leave the batch empty', row: r.line });
      // An expiry belongs to a batch; on an untracked item it would stick to its one balance and raise false alerts.
      if (!isTracked && r.expiryDate) errors.push({ path: `lines[${r.line}].expiryDate`, message: 'this item is not batch-tracked: leave the expiry date empty', row: r.line });
      if (!isTracked) r.batchNo = '';
      if (r.qty > 0 && r.value === undefined && r.unitCost === undefined) {
        errors.push({ path: `lines[${r.line}].unitCost`, message: 'a unit cost is required when stock comes in', row: r.line });
      }
    }
    if (errors.length) throw invalid(errors[0]!.message, errors);
  }

  /** Loads (and on PostgreSQL row-locks) every balance of the items and warehouses involved. */
  private async lockBalances(requests: MoveRequest[], tx: Transaction): Promise<Map<string, BalanceState>> {
    const itemIds = [...new Set(requests.map((r) => r.itemId))];
    const warehouseIds = intList(new Set(requests.map((r) => r.warehouseId)));
    const lock = this.dialect === 'postgres' ? ' ORDER BY id FOR UPDATE' : '';
    const balances = new Map<string, BalanceState>();
    for (const part of chunks(itemIds)) {
      const rows = await selectLiteral<Record<string, unknown>>(
        this.db,
        `SELECT item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value FROM stock_balances
         WHERE item_id IN (${intList(part)}) AND warehouse_id IN (${warehouseIds})${lock}`,
        tx,
      );
      for (const r of rows) {
        const b: BalanceState = {
          itemId: Number(r.item_id),
          warehouseId: Number(r.warehouse_id),
          batchNo: String(r.batch_no),
          expiryDate: (r.expiry_date as string | null) ?? null,
          onHand: Number(r.on_hand),
          reserved: Number(r.reserved),
          value: Number(r.value),
        };
        balances.set(keyOf(b.itemId, b.warehouseId, b.batchNo), b);
      }
    }
    return balances;
  }

  /** The expiry date each batch received here already has, in any warehouse (a batch is one lot, wherever it lies). */
  private async batchExpiries(requests: MoveRequest[], tx: Transaction): Promise<Map<string, string>> {
    const receipts = requests.filter((r) => r.qty > 0 && r.batchNo);
    const expiries = new Map<string, string>();
    for (const part of chunks(receipts)) {
      const rows = await selectRows<{ item_id: number; batch_no: string; expiry_date: string }>(
        this.db,
        `SELECT item_id, batch_no, MIN(expiry_date) AS expiry_date FROM stock_balances
          WHERE item_id IN (${intList(new Set(part.map((r) => r.itemId)))}) AND batch_no IN (:batches) AND expiry_date IS NOT NULL
          GROUP BY item_id, batch_no`,
        { batches: [...new Set(part.map((r) => r.batchNo!))] },
        tx,
      );
      for (const r of rows) expiries.set(`${Number(r.item_id)}|${r.batch_no}`, r.expiry_date);
    }
    return expiries;
  }

  /**
   * A batch has one expiry date: a receipt naming another for an existing
   * batch is refused, and one naming none takes the batch's date.
   */
  private assertExpiries(requests: MoveRequest[], expiries: Map<string, string>): void {
    const errors: ProblemFieldError[] = [];
    for (const r of requests) {
      if (r.qty <= 0 || !r.batchNo) continue;
      const key = `${r.itemId}|${r.batchNo}`;
      const known = expiries.get(key);
      if (!known) {
        if (r.expiryDate) expiries.set(key, r.expiryDate);
      } else if (!r.expiryDate) {
        r.expiryDate = known;
      } else if (known !== r.expiryDate) {
        errors.push({ path: `lines[${r.line}].expiryDate`, message: `batch ${r.batchNo} already expires on ${known}`, row: r.line });
      }
    }
    if (errors.length) throw invalid(errors[0]!.message, errors);
  }

  /** Receipts first, then issues, each in line order, carrying the running average. */
  private value(moves: AllocatedMove[], balances: Map<string, BalanceState>): PostedMove[] {
    const ordered = [...moves.filter((m) => m.qty > 0), ...moves.filter((m) => m.qty < 0)];
    const errors: ProblemFieldError[] = [];
    const posted = ordered.map((m) => {
      const key = keyOf(m.itemId, m.warehouseId, m.batchNo);
      const b = balances.get(key) ?? { itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, expiryDate: m.expiryDate ?? null, onHand: 0, reserved: 0, value: 0 };
      balances.set(key, b);
      let value: number;
      if (m.qty > 0) value = m.value ?? receiptValue(m.qty, m.unitCost!);
      else value = -issueValue(-m.qty, b.onHand, b.value);
      b.onHand += m.qty;
      b.value += value;
      b.expiryDate ??= m.expiryDate ?? null;
      const unitCost = m.qty > 0 && m.unitCost !== undefined ? m.unitCost : averageCost(Math.abs(m.qty), Math.abs(value));
      // Integers past 2^53 are no longer exact (and PostgreSQL's reader refuses them): refuse rather than store a rounded amount.
      if (![value, b.value, b.onHand, unitCost].every(Number.isSafeInteger)) {
        errors.push({ path: `lines[${m.line}].qty`, message: 'the quantity or value is larger than can be kept exactly', row: m.line });
      }
      return { line: m.line, itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, expiryDate: b.expiryDate, qty: m.qty, unitCost, value };
    });
    if (errors.length) throw invalid(errors[0]!.message, errors);
    return posted;
  }

  private async insertMoves(moves: PostedMove[], doc: DocumentRef, tx: Transaction): Promise<void> {
    const at = this.sequelize.escape(new Date().toISOString());
    const fixed = `${this.sequelize.escape(doc.date)}, ${this.sequelize.escape(doc.docType)}, ${Number(doc.docId)}, ${this.sequelize.escape(doc.docNumber)}, ${doc.userId === null ? 'NULL' : Number(doc.userId)}`;
    for (const part of chunks(moves)) {
      const values = part.map((m) => `(${at}, ${m.itemId}, ${m.warehouseId}, ${this.sequelize.escape(m.batchNo)}, ${m.qty}, ${m.unitCost}, ${m.value}, ${fixed})`);
      await executeLiteral(
        this.db,
        `INSERT INTO stock_moves (at, item_id, warehouse_id, batch_no, qty, unit_cost, value, date, doc_type, doc_id, doc_number, user_id) VALUES ${values.join(',')}`,
        tx,
      );
    }
  }

  /** Adds each balance's deltas in one upsert per chunk; new balances are inserted. */
  private async upsertBalances(moves: PostedMove[], tx: Transaction): Promise<void> {
    const deltas = new Map<string, { m: PostedMove; qty: number; value: number }>();
    for (const m of moves) {
      const key = keyOf(m.itemId, m.warehouseId, m.batchNo);
      const d = deltas.get(key) ?? { m, qty: 0, value: 0 };
      // The last move carries the balance's expiry as it ends up (an earlier line may have named none).
      d.m = m;
      d.qty += m.qty;
      d.value += m.value;
      deltas.set(key, d);
    }
    const now = this.sequelize.escape(new Date().toISOString());
    for (const part of chunks([...deltas.values()])) {
      const values = part.map(({ m, qty, value }) =>
        `(${m.itemId}, ${m.warehouseId}, ${this.sequelize.escape(m.batchNo)}, ${m.expiryDate ? this.sequelize.escape(m.expiryDate) : 'NULL'}, ${qty}, 0, ${value}, ${now})`,
      );
      await executeLiteral(
        this.db,
        `INSERT INTO stock_balances (item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value, updated_at) VALUES ${values.join(',')}
         ON CONFLICT (item_id, warehouse_id, batch_no) DO UPDATE SET
           on_hand = stock_balances.on_hand + excluded.on_hand,
           value = stock_balances.value + excluded.value,
           expiry_date = COALESCE(stock_balances.expiry_date, excluded.expiry_date),
           updated_at = excluded.updated_at`,
        tx,
      );
    }
  }
}
