import type { Sequelize, Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { executeLiteral, selectLiteral, selectRows } from '../db/sql';
import { BalanceState, keyOf } from './stock-allocation';

/** Quantities ×1000, unit costs ×10000, values in cents. */
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

/** A document holding reservations (a sales order, later). */
export interface Holder {
  docType: string;
  docId: number;
  number: string;
}

export interface Reservation {
  line: number;
  itemId: number;
  warehouseId: number;
  batchNo: string;
  qty: number;
}

export interface ItemFacts {
  batchTracked: boolean;
  active: boolean;
  sku: string;
}

const CHUNK = 500;

/** Advisory lock class of a warehouse's postings: shared by postings, exclusive for a stocktake's snapshot. */
export const WAREHOUSE_LOCK = 7401;

export function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const intList = (values: Iterable<number>) => [...values].map((v) => String(Math.trunc(Number(v)))).join(',');

/**
 * The stock gate's SQL: set-based statements, one after another on the use
 * case's transaction. Only the gate (stock-ledger.ts) calls these.
 */
export class StockStore {
  private readonly sequelize: Sequelize;

  constructor(private readonly db: Database) {
    this.sequelize = db.sequelize;
  }

  private get pg(): boolean {
    return this.db.dialect === 'postgres';
  }

  async items(ids: number[], tx: Transaction): Promise<Map<number, ItemFacts>> {
    const facts = new Map<number, ItemFacts>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await selectLiteral<{ id: number; batch_tracked: unknown; active: unknown; sku: string }>(
        this.db,
        `SELECT id, batch_tracked, active, sku FROM items WHERE id IN (${intList(part)})`,
        tx,
      );
      for (const r of rows) facts.set(Number(r.id), { batchTracked: Boolean(r.batch_tracked), active: Boolean(r.active), sku: String(r.sku) });
    }
    return facts;
  }

  /**
   * Loads and, on PostgreSQL, locks every balance of the items and warehouses
   * involved, in one global order — warehouses first (a shared advisory lock,
   * so a stocktake opening there waits for postings in flight; a row lock
   * shared by every posting would rewrite the warehouse's row each time), then balances by item,
   * warehouse and batch across the whole document — so two documents never
   * wait on each other in a circle.
   */
  async lockBalances(itemIds: Iterable<number>, warehouseIds: Iterable<number>, tx: Transaction): Promise<Map<string, BalanceState>> {
    const items = [...new Set(itemIds)].sort((a, b) => a - b);
    const warehouses = intList([...new Set(warehouseIds)].sort((a, b) => a - b));
    if (this.pg) await selectLiteral(this.db, `SELECT pg_advisory_xact_lock_shared(${WAREHOUSE_LOCK}, id) FROM unnest(ARRAY[${warehouses}]::int[]) AS id ORDER BY id`, tx);
    const lock = this.pg ? ' ORDER BY item_id, warehouse_id, batch_no FOR UPDATE' : '';
    const balances = new Map<string, BalanceState>();
    for (const part of chunks(items)) {
      const rows = await selectLiteral<Record<string, unknown>>(
        this.db,
        `SELECT id, item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value FROM stock_balances
          WHERE item_id IN (${intList(part)}) AND warehouse_id IN (${warehouses})${lock}`,
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
          seq: Number(r.id),
        };
        balances.set(keyOf(b.itemId, b.warehouseId, b.batchNo), b);
      }
    }
    return balances;
  }

  /** The expiry date each batch already has, in any warehouse (a batch is one lot, wherever it lies). */
  async batchExpiries(receipts: Array<{ itemId: number; batchNo: string }>, tx: Transaction): Promise<Map<string, string>> {
    const expiries = new Map<string, string>();
    for (const part of chunks(receipts)) {
      const rows = await selectRows<{ item_id: number; batch_no: string; expiry_date: string }>(
        this.db,
        `SELECT item_id, batch_no, MIN(expiry_date) AS expiry_date FROM stock_balances
          WHERE item_id IN (${intList(new Set(part.map((r) => r.itemId)))}) AND batch_no IN (:batches) AND expiry_date IS NOT NULL
          GROUP BY item_id, batch_no`,
        { batches: [...new Set(part.map((r) => r.batchNo))] },
        tx,
      );
      for (const r of rows) expiries.set(`${Number(r.item_id)}|${r.batch_no}`, r.expiry_date);
    }
    return expiries;
  }

  async movesOf(docType: string, docId: number, tx: Transaction): Promise<PostedMove[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      `SELECT m.item_id, m.warehouse_id, m.batch_no, m.qty, m.unit_cost, m.value, b.expiry_date
         FROM stock_moves m LEFT JOIN stock_balances b ON b.item_id = m.item_id AND b.warehouse_id = m.warehouse_id AND b.batch_no = m.batch_no
        WHERE m.doc_type = :docType AND m.doc_id = :docId ORDER BY m.id`,
      { docType, docId },
      tx,
    );
    return rows.map((r, i) => ({
      line: i,
      itemId: Number(r.item_id),
      warehouseId: Number(r.warehouse_id),
      batchNo: String(r.batch_no),
      expiryDate: (r.expiry_date as string | null) ?? null,
      qty: Number(r.qty),
      unitCost: Number(r.unit_cost),
      value: Number(r.value),
    }));
  }

  async reversalOf(original: { docType: string; docId: number }, tx: Transaction): Promise<{ docType: string; docId: number } | null> {
    const rows = await selectRows<{ reversal_type: string; reversal_id: number }>(
      this.db,
      'SELECT reversal_type, reversal_id FROM stock_reversals WHERE doc_type = :docType AND doc_id = :docId',
      original,
      tx,
    );
    return rows[0] ? { docType: rows[0].reversal_type, docId: Number(rows[0].reversal_id) } : null;
  }

  async recordReversal(original: { docType: string; docId: number }, reversal: DocumentRef, tx: Transaction): Promise<void> {
    await executeLiteral(
      this.db,
      `INSERT INTO stock_reversals (doc_type, doc_id, reversal_type, reversal_id) VALUES (${this.sequelize.escape(original.docType)}, ${Number(original.docId)}, ${this.sequelize.escape(reversal.docType)}, ${Number(reversal.docId)})`,
      tx,
    );
  }

  /** The moves' INSERTs, 500 rows each. */
  movesSql(moves: PostedMove[], doc: DocumentRef, at: Date): string[] {
    const e = (v: unknown) => this.sequelize.escape(v as string);
    const fixed = `${e(doc.date)}, ${e(doc.docType)}, ${Number(doc.docId)}, ${e(doc.docNumber)}, ${doc.userId === null ? 'NULL' : Number(doc.userId)}`;
    return chunks(moves).map((part) => {
      const values = part.map((m) => `(${e(at.toISOString())}, ${m.itemId}, ${m.warehouseId}, ${e(m.batchNo)}, ${m.qty}, ${m.unitCost}, ${m.value}, ${fixed})`);
      return `INSERT INTO stock_moves (at, item_id, warehouse_id, batch_no, qty, unit_cost, value, date, doc_type, doc_id, doc_number, user_id) VALUES ${values.join(',')}`;
    });
  }

  /** Upserts adding each balance's deltas (on hand, reserved, value), 500 rows each; new balances are inserted. */
  balancesSql(deltas: Array<{ itemId: number; warehouseId: number; batchNo: string; expiryDate: string | null; qty: number; reserved: number; value: number }>, at: Date): string[] {
    const e = (v: unknown) => this.sequelize.escape(v as string);
    return chunks(deltas).map((part) => {
      const values = part.map((d) => `(${d.itemId}, ${d.warehouseId}, ${e(d.batchNo)}, ${d.expiryDate ? e(d.expiryDate) : 'NULL'}, ${d.qty}, ${d.reserved}, ${d.value}, ${e(at.toISOString())})`);
      return `INSERT INTO stock_balances (item_id, warehouse_id, batch_no, expiry_date, on_hand, reserved, value, updated_at) VALUES ${values.join(',')}
         ON CONFLICT (item_id, warehouse_id, batch_no) DO UPDATE SET
           on_hand = stock_balances.on_hand + excluded.on_hand,
           reserved = stock_balances.reserved + excluded.reserved,
           value = stock_balances.value + excluded.value,
           expiry_date = COALESCE(stock_balances.expiry_date, excluded.expiry_date),
           updated_at = excluded.updated_at`;
    });
  }

  async reservationsOf(holder: Pick<Holder, 'docType' | 'docId'>, tx: Transaction): Promise<Reservation[]> {
    const rows = await selectRows<Record<string, unknown>>(
      this.db,
      'SELECT line, item_id, warehouse_id, batch_no, qty FROM stock_reservations WHERE doc_type = :docType AND doc_id = :docId ORDER BY line, item_id, warehouse_id, batch_no',
      { docType: holder.docType, docId: holder.docId },
      tx,
    );
    return rows.map((r) => ({ line: Number(r.line), itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), batchNo: String(r.batch_no), qty: Number(r.qty) }));
  }

  /**
   * Adds signed quantities to the holder's reservations, then removes rows that reached zero: two steps, the
   * second reading what the first wrote.
   */
  reservationsSql(holder: Holder, changes: Reservation[]): [string[], string[]] {
    const e = (v: unknown) => this.sequelize.escape(v as string);
    // One row per reservation: PostgreSQL refuses an upsert that touches a row twice, as two rows of a document consuming one reservation would.
    const summed = new Map<string, Reservation>();
    for (const c of changes) {
      const key = `${c.line}|${c.itemId}|${c.warehouseId}|${c.batchNo}`;
      const sum = summed.get(key);
      if (sum) sum.qty += c.qty;
      else summed.set(key, { ...c });
    }
    const upserts = chunks([...summed.values()]).map((part) => {
      const values = part.map((c) => `(${e(holder.docType)}, ${Number(holder.docId)}, ${c.line}, ${c.itemId}, ${c.warehouseId}, ${e(c.batchNo)}, ${e(holder.number)}, ${c.qty})`);
      return `INSERT INTO stock_reservations (doc_type, doc_id, line, item_id, warehouse_id, batch_no, doc_number, qty) VALUES ${values.join(',')}
         ON CONFLICT (doc_type, doc_id, line, item_id, warehouse_id, batch_no) DO UPDATE SET qty = stock_reservations.qty + excluded.qty`;
    });
    return [upserts, [`DELETE FROM stock_reservations WHERE doc_type = ${e(holder.docType)} AND doc_id = ${Number(holder.docId)} AND qty = 0`]];
  }
}
