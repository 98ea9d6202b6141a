import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { executeSteps } from '../db/sql';
import type { BusinessCalendar } from '../platform/business-calendar';
import { conflict, FieldIssue, fieldError, invalid } from '../platform/errors';
import { Message, msg } from '../platform/i18n/message';
import { assertPeriodsOpen } from '../platform/periods';
import { allocate, AllocatedMove, BalanceState, freeOf, isExpired, keyOf } from './stock-allocation';
import { DocumentRef, Holder, ItemFacts, PostedMove, Reservation, StockStore } from './stock-store';
import { averageCost, issueValue, receiptValue } from './valuation';

export type { DocumentRef, Holder, PostedMove, Reservation } from './stock-store';

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
  /**
   * … or at exactly this value (a transfer in carries the value that left the source).
   * Signed like qty: on an issue (a purchase return at its receipt's cost) the value it takes, bounded by
   * what the balance holds; issuing all that is on hand still takes all of it.
   */
  value?: number;
  /** With `against`: the holder's line whose reservation this issue consumes (default `line`), so a shipment row can name its order line. */
  holderLine?: number;
}

export interface PostOptions {
  /** Issues consume this document's own reservations (line by line) first: a shipment is never refused for stock its order holds. */
  against?: Holder;
  /** Adjustments and counts may name an expired batch, to write it off; nothing else may. */
  allowExpired?: boolean;
}

/** What a posting did, with the value totals its journal needs (cents; `out` is positive). */
export interface PostedStock {
  moves: PostedMove[];
  totals: { in: number; out: number };
}

/** A posting checked, allocated and valued under the balances' locks, waiting for its document to be numbered. */
export interface StockPlan {
  readonly date: string;
  readonly moves: PostedMove[];
  /** With `against`: the holder's reservation changes, and what it holds once they are applied (every line of it). */
  readonly reservations: { holder: Holder; changes: Reservation[]; remaining?: Reservation[] } | null;
  /** Set on a reversal: the document whose moves it undoes. */
  readonly reverses?: { docType: string; docId: number };
}

export interface ReserveRequest {
  line: number;
  itemId: number;
  warehouseId: number;
  batchNo: string | null;
  /** Positive, thousandths. */
  qty: number;
}

/**
 * The one gate for stock: the only code that writes stock moves, balances and
 * reservations. Demand is checked per document, summed per item × warehouse ×
 * batch; a shortfall refuses the whole document. Moving weighted average per
 * item × warehouse × batch.
 *
 * A posting runs in two steps so that the hot rows come last: `prepare`
 * locks and checks, the use case then numbers its document, and `apply`
 * writes. `post` does both for a document already numbered.
 */
export class StockLedger {
  private readonly store: StockStore;

  constructor(
    private readonly db: Database,
    private readonly calendar: BusinessCalendar,
  ) {
    this.store = new StockStore(db);
  }

  async post(requests: MoveRequest[], doc: DocumentRef, tx: Transaction, options: PostOptions = {}): Promise<PostedStock> {
    return this.apply(await this.prepare(requests, doc.date, tx, options), doc, tx);
  }

  /** Receive and issue (signed quantities): locks, checks and values without writing. */
  async prepare(requests: MoveRequest[], date: string, tx: Transaction, options: PostOptions = {}): Promise<StockPlan> {
    await this.assertDate(date, tx);
    await this.checkItems(requests, tx);
    const balances = await this.store.lockBalances(requests.map((r) => r.itemId), requests.map((r) => r.warehouseId), tx);
    await this.settleExpiries(requests, tx);
    const consumed = options.against ? await this.consumeReservations(requests, options.against, balances, tx) : null;
    const allocated = allocate(requests, balances, {
      today: this.calendar.today(),
      allowExpired: options.allowExpired ?? false,
      preferred: consumed?.preferred,
    });
    const moves = this.value(allocated, balances);
    return { date, moves, reservations: consumed && { holder: options.against!, changes: consumed.changes, remaining: consumed.remaining } };
  }

  /**
   * Moves goods between two warehouses: what leaves the source, batch by batch
   * at its issued value, arrives at the destination. Both warehouses' balances
   * are locked together, in the one global order.
   */
  async prepareTransfer(lines: Array<{ line: number; itemId: number; batchNo: string | null; qty: number }>, fromId: number, toId: number, date: string, tx: Transaction): Promise<StockPlan> {
    await this.assertDate(date, tx);
    const out: MoveRequest[] = lines.map((l) => ({ line: l.line, itemId: l.itemId, warehouseId: fromId, batchNo: l.batchNo, qty: -l.qty }));
    await this.checkItems(out, tx);
    const balances = await this.store.lockBalances(lines.map((l) => l.itemId), [fromId, toId], tx);
    const issued = this.value(allocate(out, balances, { today: this.calendar.today(), allowExpired: false }), balances);
    const arriving = issued.map((m): AllocatedMove => ({ line: m.line, itemId: m.itemId, warehouseId: toId, batchNo: m.batchNo, expiryDate: m.expiryDate, qty: -m.qty, value: -m.value }));
    return { date, moves: [...issued, ...this.value(arriving, balances)], reservations: null };
  }

  /**
   * The exact opposite of a document's moves at their original values. Refused
   * when a balance would go below zero in quantity or value, or below what is
   * reserved of it.
   */
  async prepareReversal(original: { docType: string; docId: number }, date: string, tx: Transaction): Promise<StockPlan> {
    await this.assertDate(date, tx);
    if (await this.store.reversalOf(original, tx)) throw conflict(msg('document.already-cancelled:reversed'));
    const moves = await this.store.movesOf(original.docType, original.docId, tx);
    const balances = await this.store.lockBalances(moves.map((m) => m.itemId), moves.map((m) => m.warehouseId), tx);
    const errors: FieldIssue[] = [];
    const opposite = moves.map((m): PostedMove => {
      const b = balances.get(keyOf(m.itemId, m.warehouseId, m.batchNo));
      if (!b) throw new Error(`balance of a posted move is missing: ${keyOf(m.itemId, m.warehouseId, m.batchNo)}`);
      b.onHand -= m.qty;
      b.value -= m.value;
      return { ...m, qty: -m.qty, value: -m.value, expiryDate: b.expiryDate };
    });
    for (const m of opposite) {
      const b = balances.get(keyOf(m.itemId, m.warehouseId, m.batchNo))!;
      // An empty balance still holding value would be inventory with nothing behind it: the stock this document
      // brought was issued at a blended cost since, and only an adjustment can now set it right.
      if (b.onHand < b.reserved || b.value < 0 || (b.onHand === 0 && b.value !== 0)) {
        const place = { item: m.itemId, warehouse: m.warehouseId };
        errors.push(fieldError(['lines', m.line, 'qty'], m.batchNo ? msg('document.stock-used:line-batch', { ...place, batch: m.batchNo }) : msg('document.stock-used:line', place)));
      }
    }
    if (errors.length) throw conflict(msg('document.stock-used'), dedupe(errors));
    return { date, moves: opposite, reservations: null, reverses: { docType: original.docType, docId: original.docId } };
  }

  /** The reversal of a document already numbered: `prepareReversal` and `apply` in one. */
  async reverse(original: { docType: string; docId: number }, reversal: DocumentRef, tx: Transaction): Promise<PostedStock> {
    return this.apply(await this.prepareReversal(original, reversal.date, tx), reversal, tx);
  }

  /** A value-only move (a price correction on stock still on hand); refused on a balance with nothing on hand. */
  async prepareRevaluation(requests: Array<{ line: number; itemId: number; warehouseId: number; batchNo: string; value: number }>, date: string, tx: Transaction): Promise<StockPlan> {
    await this.assertDate(date, tx);
    const balances = await this.store.lockBalances(requests.map((r) => r.itemId), requests.map((r) => r.warehouseId), tx);
    const errors: FieldIssue[] = [];
    const moves = requests.map((r): PostedMove => {
      const b = balances.get(keyOf(r.itemId, r.warehouseId, r.batchNo));
      if (!b || b.onHand <= 0 || b.value + r.value < 0) {
        errors.push(fieldError(['lines', r.line, 'value'], msg(b && b.onHand > 0 ? 'revaluation.refused:negative-value' : 'revaluation.refused:nothing-on-hand')));
        return { ...r, expiryDate: null, qty: 0, unitCost: 0 };
      }
      b.value += r.value;
      return { ...r, expiryDate: b.expiryDate, qty: 0, unitCost: 0 };
    });
    if (errors.length) throw conflict(msg('revaluation.refused'), errors);
    return { date, moves, reservations: null };
  }

  /** Writes a prepared posting under its document. */
  async apply(plan: StockPlan, doc: DocumentRef, tx: Transaction): Promise<PostedStock> {
    if (doc.date !== plan.date) throw new Error('a stock plan is applied under the date it was prepared for');
    const at = this.calendar.now();
    await this.writeBalances(plan.moves, plan.reservations, at, tx, this.store.movesSql(plan.moves, doc, at));
    if (plan.reverses) await this.store.recordReversal(plan.reverses, doc, tx);
    return { moves: plan.moves, totals: totalsOf(plan.moves) };
  }

  /**
   * Reserves free, unexpired stock for a document's lines (FEFO across batches
   * when none is named). The whole request is refused when it cannot be met.
   */
  async reserve(requests: ReserveRequest[], holder: Holder, tx: Transaction): Promise<Reservation[]> {
    // Allocation answers "which batches, and is there enough" exactly as for an issue.
    const asIssues: MoveRequest[] = requests.map((r) => ({ ...r, qty: -r.qty }));
    await this.checkItems(asIssues, tx);
    const balances = await this.store.lockBalances(requests.map((r) => r.itemId), requests.map((r) => r.warehouseId), tx);
    const allocated = allocate(asIssues, balances, { today: this.calendar.today(), allowExpired: false });
    const changes = allocated.map((m) => ({ line: m.line, itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, qty: -m.qty }));
    await this.writeReservations(holder, changes, tx);
    return changes;
  }

  /** Releases what the holder still reserves: all its lines, or the given ones. */
  async release(holder: Holder, tx: Transaction, lines?: number[]): Promise<Reservation[]> {
    const ofLines = (list: Reservation[]) => list.filter((r) => !lines || lines.includes(r.line));
    const seen = ofLines(await this.store.reservationsOf(holder, tx));
    if (!seen.length) return [];
    await this.store.lockBalances(seen.map((r) => r.itemId), seen.map((r) => r.warehouseId), tx);
    // Read again under the balances' locks: reservations change only under them, so this is what is held now.
    const held = ofLines(await this.store.reservationsOf(holder, tx));
    const changes = held.map((r) => ({ ...r, qty: -r.qty }));
    await this.writeReservations(holder, changes, tx);
    return changes;
  }

  private async writeReservations(holder: Holder, changes: Reservation[], tx: Transaction): Promise<void> {
    await this.writeBalances([], { holder, changes }, this.calendar.now(), tx);
  }

  /**
   * Each balance's deltas — on hand and value from the moves, reserved from the reservation changes — in one upsert
   * per chunk, sent with the reservation changes and `moveInserts`: one round trip on SQLite, two on PostgreSQL
   * (the reservations that reach zero are removed after they are changed, with the moves and balances).
   */
  private async writeBalances(moves: PostedMove[], reservations: StockPlan['reservations'], at: Date, tx: Transaction, moveInserts: string[] = []): Promise<void> {
    const deltas = new Map<string, { itemId: number; warehouseId: number; batchNo: string; expiryDate: string | null; qty: number; reserved: number; value: number }>();
    const deltaOf = (itemId: number, warehouseId: number, batchNo: string) => {
      const key = keyOf(itemId, warehouseId, batchNo);
      const d = deltas.get(key) ?? { itemId, warehouseId, batchNo, expiryDate: null, qty: 0, reserved: 0, value: 0 };
      deltas.set(key, d);
      return d;
    };
    for (const m of moves) {
      const d = deltaOf(m.itemId, m.warehouseId, m.batchNo);
      d.qty += m.qty;
      d.value += m.value;
      d.expiryDate = m.expiryDate ?? d.expiryDate;
    }
    for (const c of reservations?.changes ?? []) deltaOf(c.itemId, c.warehouseId, c.batchNo).reserved += c.qty;
    const [changeReservations, removeEmpty] = reservations ? this.store.reservationsSql(reservations.holder, reservations.changes) : [[], []];
    await executeSteps(this.db, [changeReservations, [...removeEmpty, ...moveInserts, ...this.store.balancesSql([...deltas.values()], at)]], tx);
  }

  /**
   * An issue against a reservation first gives back what its own line holds,
   * up to the quantity issued, so that stock is free for it again; the batches
   * it held are tried first.
   */
  private async consumeReservations(requests: MoveRequest[], holder: Holder, balances: Map<string, BalanceState>, tx: Transaction) {
    const held = await this.store.reservationsOf(holder, tx);
    const changes: Reservation[] = [];
    const preferred = new Map<number, string[]>();
    for (const r of requests) {
      if (r.qty >= 0) continue;
      let need = -r.qty;
      for (const h of held) {
        if (need === 0) break;
        if (h.line !== (r.holderLine ?? r.line) || h.itemId !== r.itemId || h.warehouseId !== r.warehouseId || h.qty === 0) continue;
        if (r.batchNo !== null && h.batchNo !== r.batchNo) continue;
        const take = Math.min(need, h.qty);
        h.qty -= take;
        need -= take;
        balances.get(keyOf(h.itemId, h.warehouseId, h.batchNo))!.reserved -= take;
        changes.push({ ...h, qty: -take });
        preferred.set(r.line, [...(preferred.get(r.line) ?? []), h.batchNo]);
      }
    }
    return { changes, preferred, remaining: held.filter((h) => h.qty !== 0) };
  }

  /** No document dated after today, nor in a closed period. */
  private async assertDate(date: string, tx: Transaction): Promise<void> {
    this.calendar.documentDate(date);
    await assertPeriodsOpen(this.db, [date], tx);
  }

  /** Known, active items; batch numbers only on batch-tracked ones, and required when they come in. */
  private async checkItems(requests: MoveRequest[], tx: Transaction): Promise<void> {
    const facts = await this.store.items(requests.map((r) => r.itemId), tx);
    const errors: FieldIssue[] = [];
    for (const r of requests) {
      const item: ItemFacts | undefined = facts.get(r.itemId);
      const at = (field: string, message: Message) => errors.push(fieldError(['lines', r.line, field], message));
      if (!item) {
        at('itemId', msg('reference.unknown:field-item', { ref: r.itemId }));
        continue;
      }
      if (!item.active) at('sku', msg('item.inactive', { sku: item.sku }));
      if (item.batchTracked && r.qty > 0 && !r.batchNo) at('batchNo', msg('batch.required'));
      if (!item.batchTracked && r.batchNo) at('batchNo', msg('batch.not-tracked'));
      // An expiry belongs to a batch; on an untracked item it would stick to its one balance and raise false alerts.
      if (!item.batchTracked && r.expiryDate) at('expiryDate', msg('batch.not-tracked:expiry'));
      if (!item.batchTracked) r.batchNo = '';
      if (r.qty > 0 && r.value === undefined && r.unitCost === undefined) at('unitCost', msg('validation.required:unit-cost'));
    }
    if (errors.length) throw invalid(errors[0]!.message, errors);
  }

  /**
   * A batch has one expiry date: a receipt naming another for an existing
   * batch is refused, and one naming none takes the batch's date.
   */
  private async settleExpiries(requests: MoveRequest[], tx: Transaction): Promise<void> {
    const receipts = requests.filter((r) => r.qty > 0 && r.batchNo) as Array<MoveRequest & { batchNo: string }>;
    if (!receipts.length) return;
    const expiries = await this.store.batchExpiries(receipts, tx);
    const errors: FieldIssue[] = [];
    for (const r of receipts) {
      const key = `${r.itemId}|${r.batchNo}`;
      const known = expiries.get(key);
      if (!known) {
        if (r.expiryDate) expiries.set(key, r.expiryDate);
      } else if (!r.expiryDate) {
        r.expiryDate = known;
      } else if (known !== r.expiryDate) {
        errors.push(fieldError(['lines', r.line, 'expiryDate'], msg('batch.expiry-mismatch', { batch: r.batchNo, date: known })));
      }
    }
    if (errors.length) throw invalid(errors[0]!.message, errors);
  }

  /** Receipts first, then issues, each in line order, carrying the running average. */
  private value(moves: AllocatedMove[], balances: Map<string, BalanceState>): PostedMove[] {
    const ordered = [...moves.filter((m) => m.qty > 0), ...moves.filter((m) => m.qty < 0)];
    const errors: FieldIssue[] = [];
    const posted = ordered.map((m) => {
      const key = keyOf(m.itemId, m.warehouseId, m.batchNo);
      const b = balances.get(key) ?? { itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, expiryDate: m.expiryDate ?? null, onHand: 0, reserved: 0, value: 0 };
      balances.set(key, b);
      let value: number;
      if (m.qty > 0) value = m.value ?? receiptValue(m.qty, m.unitCost!);
      else if (m.value === undefined) value = -issueValue(-m.qty, b.onHand, b.value);
      else value = -(-m.qty === b.onHand ? b.value : Math.min(-m.value, b.value));
      b.onHand += m.qty;
      b.value += value;
      b.expiryDate ??= m.expiryDate ?? null;
      const unitCost = m.qty > 0 && m.unitCost !== undefined ? m.unitCost : averageCost(Math.abs(m.qty), Math.abs(value));
      // Integers past 2^53 are no longer exact (and PostgreSQL's reader refuses them): refuse rather than store a rounded amount.
      if (![value, b.value, b.onHand, unitCost].every(Number.isSafeInteger)) {
        errors.push(fieldError(['lines', m.line, 'qty'], msg('validation.too-large:exact')));
      }
      return { line: m.line, itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, expiryDate: b.expiryDate, qty: m.qty, unitCost, value };
    });
    if (errors.length) throw invalid(errors[0]!.message, errors);
    return posted;
  }
}

/** Value in and out (cents, both positive) of a posting's moves: what its journal books. */
export function totalsOf(moves: PostedMove[]): PostedStock['totals'] {
  let inbound = 0;
  let out = 0;
  for (const m of moves) {
    if (m.value > 0) inbound += m.value;
    else out -= m.value;
  }
  return { in: inbound, out };
}

function dedupe(errors: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.path) ? false : (seen.add(e.path), true)));
}

export { freeOf, isExpired };
