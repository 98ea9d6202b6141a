/**
 * An independent reference model of the stock gate, written from the rules
 * (DESIGN.md §4 Valuation, Availability, Stocktake; API.md Stock and
 * "Platform and stock: additions"), never from the gate's code: nothing here
 * imports from server/. Quantities are thousandths, unit costs ten-thousandths,
 * values cents; every product and quotient is formed in BigInt.
 *
 * Each operation returns a plan: a predicted refusal (the server must answer
 * 409 and change nothing), or the moves it predicts and a `commit` that makes
 * them the model's state once the server has accepted the document too.
 */

export interface ModelItem {
  id: number;
  batchTracked: boolean;
  /** ×10000: what stock found at a count is valued at when the warehouse holds none of the item. */
  purchasePrice: number;
}

export interface ModelBalance {
  itemId: number;
  warehouseId: number;
  /** '' for an item that is not batch-tracked. */
  batchNo: string;
  expiryDate: string | null;
  onHand: number;
  reserved: number;
  value: number;
  /** Order of first arrival in its warehouse: FEFO's tie-break after the expiry date. */
  received?: number;
}

/** One ledger row. */
export interface ModelMove {
  docType: string;
  docNumber: string;
  itemId: number;
  warehouseId: number;
  batchNo: string;
  qty: number;
  value: number;
}

export type PlannedMove = Omit<ModelMove, 'docType' | 'docNumber'> & { line: number };

/** A requested quantity change, as a document line asks for it. */
export interface ModelRequest {
  line: number;
  itemId: number;
  warehouseId: number;
  /** null on an issue of a batch-tracked item: allocate earliest expiry first. */
  batchNo: string | null;
  expiryDate?: string | null;
  /** Signed: positive adds, negative removes. */
  qty: number;
  unitCost?: number;
  /** A receipt at exactly this value (what a transfer carries, or a reversal gives back). */
  value?: number;
}

export interface Holder {
  docType: string;
  docId: number;
  number: string;
}

export interface Refused {
  ok: false;
  reason: string;
}

export interface Accepted<T> {
  ok: true;
  moves: PlannedMove[];
  /** Notes on a prediction a reader may want to know about when it is contested (e.g. value left on no quantity). */
  notes: string[];
  commit(doc: { docType: string; docNumber: string }): T;
}

export type Plan<T = ModelMove[]> = Refused | Accepted<T>;

export interface StocktakeState {
  number: string;
  warehouseId: number;
  status: 'open' | 'posted';
  /** Book quantity per item|batch at the snapshot. */
  book: Map<string, number>;
  counted: Map<string, number>;
  /** Ledger length at the snapshot: later rows are "moves since". */
  mark: number;
}

const NO_EXPIRY = '9999-12-31';
const qtyText = (milli: number) => (milli / 1000).toFixed(3);

export const balanceKey = (itemId: number, warehouseId: number, batchNo: string) => `${itemId}|${warehouseId}|${batchNo}`;
const lotKey = (itemId: number, batchNo: string) => `${itemId}|${batchNo}`;

/** round(a × b / d), half away from zero, exactly. */
export function mulDivRound(a: number, b: number, d: number): number {
  const num = BigInt(a) * BigInt(b);
  const den = BigInt(d);
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const m = den < 0n ? -den : den;
  const q = Number((2n * n + m) / (2n * m));
  return negative ? -q : q;
}

/** Cents a receipt adds: round(qty × unitCost); qty ×1000 × cost ×10000 = cents × 100000. */
export const receiptValue = (qty: number, unitCost: number) => mulDivRound(qty, unitCost, 100_000);

/** Cents an issue takes: round(qty × value / onHand), and all of it when all is issued. */
export const issueValue = (qty: number, onHand: number, value: number) => (qty === onHand ? value : mulDivRound(qty, value, onHand));

/** Average unit cost ×10000 of what is on hand. */
export const averageCost = (onHand: number, value: number) => mulDivRound(value, 100_000, onHand);

const isExpired = (expiryDate: string | null, today: string) => expiryDate !== null && expiryDate < today;
/** Earliest expiry first, then earliest receipt (DESIGN §4); batches arriving in the document itself last, by number. */
const fefo = (a: ModelBalance, b: ModelBalance) =>
  (a.expiryDate ?? NO_EXPIRY).localeCompare(b.expiryDate ?? NO_EXPIRY) ||
  (a.received ?? Number.MAX_SAFE_INTEGER) - (b.received ?? Number.MAX_SAFE_INTEGER) ||
  a.batchNo.localeCompare(b.batchNo);

interface Reservation {
  holder: Holder;
  line: number;
  key: string;
  qty: number;
}

/** Balances (and reservations) as one document changes them, before anything is committed. */
class Draft {
  readonly balances = new Map<string, ModelBalance>();
  readonly held = new Map<Reservation, number>();
  readonly moves: PlannedMove[] = [];

  constructor(private readonly model: StockModel) {}

  balance(key: string): ModelBalance | undefined {
    let b = this.balances.get(key);
    if (!b) {
      const base = this.model.balances.get(key);
      if (!base) return undefined;
      b = { ...base };
      this.balances.set(key, b);
    }
    return b;
  }

  ensure(itemId: number, warehouseId: number, batchNo: string, expiryDate: string | null): ModelBalance {
    const key = balanceKey(itemId, warehouseId, batchNo);
    const b = this.balance(key) ?? { itemId, warehouseId, batchNo, expiryDate, onHand: 0, reserved: 0, value: 0 };
    b.expiryDate ??= expiryDate;
    this.balances.set(key, b);
    return b;
  }

  /** Every balance of an item in a warehouse, committed or new in this document. */
  placeBalances(itemId: number, warehouseId: number): ModelBalance[] {
    const keys = new Set([...this.model.balances.keys(), ...this.balances.keys()]);
    return [...keys].map((k) => this.balance(k)!).filter((b) => b.itemId === itemId && b.warehouseId === warehouseId);
  }

  /** What a reservation still holds in this draft. */
  qtyOf(r: Reservation): number {
    return this.held.get(r) ?? r.qty;
  }
}

export class StockModel {
  readonly balances = new Map<string, ModelBalance>();
  readonly ledger: ModelMove[] = [];
  readonly stocktakes = new Map<number, StocktakeState>();
  private readonly items = new Map<number, ModelItem>();
  private reservations: Reservation[] = [];
  /** Posted documents by number, for reversal. */
  private readonly documents = new Map<string, { moves: ModelMove[]; reversed: boolean }>();
  private version = 0;
  private arrivals = 0;

  /** `today`: the business date; a batch whose expiry is before it has expired. */
  constructor(items: ModelItem[], readonly today: string) {
    for (const it of items) this.items.set(it.id, it);
  }

  // ---- posting: receipts, issues, transfers ----

  /**
   * One document's moves: receipts valued first, then issues; FEFO for an
   * issue of a batch-tracked item naming no batch; demand summed per balance
   * and the whole document refused when any of it cannot be met. With
   * `against`, an issue line first takes back the holder's own reservation of
   * that line (up to the quantity issued) and prefers its batches.
   */
  post(requests: ModelRequest[], rules: { allowExpired: boolean; against?: Holder }): Plan {
    const draft = new Draft(this);
    const refusal = this.postInto(draft, requests, rules);
    return refusal ? { ok: false, reason: refusal } : this.accept(draft, []);
  }

  /** A transfer: what leaves the source (FEFO or the named batch) arrives at the destination, same batch and expiry, same value. */
  transfer(fromWarehouseId: number, toWarehouseId: number, lines: Array<{ itemId: number; batchNo: string | null; qty: number }>): Plan {
    const draft = new Draft(this);
    const out = lines.map((l, line) => ({ line, itemId: l.itemId, warehouseId: fromWarehouseId, batchNo: l.batchNo, qty: -l.qty }));
    const refusal = this.postInto(draft, out, { allowExpired: false });
    if (refusal) return { ok: false, reason: refusal };
    const inbound = draft.moves.map((m) => ({ line: m.line, itemId: m.itemId, warehouseId: toWarehouseId, batchNo: m.batchNo, qty: -m.qty, value: -m.value }));
    this.postInto(draft, inbound, { allowExpired: false });
    return this.accept(draft, []);
  }

  private postInto(draft: Draft, input: ModelRequest[], rules: { allowExpired: boolean; against?: Holder }): string | null {
    const requests = input.map((r) => this.normalize(r, draft));
    const preferred = rules.against ? this.takeBackReservations(draft, requests, rules.against) : new Map<number, string[]>();
    const free = new Map<string, number>();
    const freeAt = (key: string) => free.get(key) ?? this.freeOf(draft.balance(key), rules.allowExpired);
    const refusals: string[] = [];
    for (const r of requests.filter((q) => q.qty > 0)) {
      const key = balanceKey(r.itemId, r.warehouseId, r.batchNo!);
      free.set(key, freeAt(key) + r.qty);
      draft.ensure(r.itemId, r.warehouseId, r.batchNo!, r.expiryDate ?? null);
    }
    const named = requests.filter((q) => q.qty < 0 && q.batchNo !== null);
    for (const r of named) {
      const key = balanceKey(r.itemId, r.warehouseId, r.batchNo!);
      const b = draft.balance(key);
      if (b && !rules.allowExpired && isExpired(b.expiryDate, this.today)) refusals.push(`line ${r.line}: batch ${r.batchNo} has expired`);
      free.set(key, freeAt(key) + r.qty);
    }
    for (const key of new Set(named.map((r) => balanceKey(r.itemId, r.warehouseId, r.batchNo!)))) {
      if (free.get(key)! < 0) refusals.push(`balance ${key} (item|warehouse|batch) short by ${qtyText(-free.get(key)!)}`);
    }
    const pieces: ModelRequest[] = [];
    for (const r of requests.filter((q) => q.qty < 0 && q.batchNo === null)) {
      let need = -r.qty;
      for (const b of this.fefoOrder(draft, r, preferred.get(r.line) ?? [])) {
        const key = balanceKey(b.itemId, b.warehouseId, b.batchNo);
        const take = Math.min(need, Math.max(0, freeAt(key)));
        if (take <= 0) continue;
        free.set(key, freeAt(key) - take);
        pieces.push({ ...r, batchNo: b.batchNo, qty: -take });
        need -= take;
        if (need === 0) break;
      }
      if (need > 0) refusals.push(`line ${r.line}: short by ${qtyText(need)} in unexpired batches`);
    }
    if (refusals.length) return refusals.join('; ');
    for (const r of [...requests.filter((q) => q.qty > 0), ...named, ...pieces]) draft.moves.push(this.valued(draft, r));
    return null;
  }

  /** Untracked items have the one batch ''; a receipt into a known batch takes that batch's expiry. */
  private normalize(r: ModelRequest, draft: Draft): ModelRequest {
    const item = this.items.get(r.itemId);
    if (!item) throw new Error(`model: unknown item ${r.itemId}`);
    const batchNo = item.batchTracked ? r.batchNo : '';
    if (item.batchTracked && r.qty > 0 && batchNo === null) throw new Error('model: a receipt of a batch-tracked item needs a batch');
    if (r.qty <= 0 || batchNo === null) return { ...r, batchNo };
    const known = this.expiryOf(r.itemId, batchNo, draft);
    if (known !== null && r.expiryDate && r.expiryDate !== known) throw new Error(`model: batch ${batchNo} already expires on ${known}`);
    return { ...r, batchNo, expiryDate: known ?? r.expiryDate ?? null };
  }

  /** A batch is one lot wherever it lies: one expiry date. */
  private expiryOf(itemId: number, batchNo: string, draft: Draft): string | null {
    const dates = [...new Set([...this.balances.keys(), ...draft.balances.keys()])]
      .map((k) => draft.balance(k)!)
      .filter((b) => b.itemId === itemId && b.batchNo === batchNo && b.expiryDate !== null)
      .map((b) => b.expiryDate!);
    return dates.sort()[0] ?? null;
  }

  private freeOf(b: ModelBalance | undefined, allowExpired: boolean): number {
    if (!b) return 0;
    if (!allowExpired && isExpired(b.expiryDate, this.today)) return 0;
    return b.onHand - b.reserved;
  }

  /** Unexpired batches of the line's item and warehouse, the holder's own first, each group earliest expiry first, then batch number. */
  private fefoOrder(draft: Draft, r: ModelRequest, preferred: string[]): ModelBalance[] {
    const batches = draft.placeBalances(r.itemId, r.warehouseId).filter((b) => !isExpired(b.expiryDate, this.today)).sort(fefo);
    return [...batches.filter((b) => preferred.includes(b.batchNo)), ...batches.filter((b) => !preferred.includes(b.batchNo))];
  }

  private valued(draft: Draft, r: ModelRequest): PlannedMove {
    const b = draft.ensure(r.itemId, r.warehouseId, r.batchNo!, r.expiryDate ?? null);
    const value = r.qty > 0 ? (r.value ?? receiptValue(r.qty, r.unitCost!)) : -issueValue(-r.qty, b.onHand, b.value);
    b.onHand += r.qty;
    b.value += value;
    return { line: r.line, itemId: r.itemId, warehouseId: r.warehouseId, batchNo: r.batchNo!, qty: r.qty, value };
  }

  private accept(draft: Draft, notes: string[]): Accepted<ModelMove[]> {
    const version = this.version;
    return {
      ok: true,
      moves: draft.moves,
      notes,
      commit: (doc) => {
        if (this.version !== version) throw new Error('model: a plan was committed after the state changed');
        this.version++;
        // A balance new to its warehouse is numbered in the order the document's moves reach it.
        for (const m of draft.moves) {
          const b = draft.balances.get(balanceKey(m.itemId, m.warehouseId, m.batchNo));
          if (b && b.received === undefined) b.received = ++this.arrivals;
        }
        for (const [key, b] of draft.balances) this.balances.set(key, b);
        for (const [r, qty] of draft.held) r.qty = qty;
        this.reservations = this.reservations.filter((r) => r.qty > 0);
        const moves = draft.moves.map(({ line: _line, ...m }) => ({ docType: doc.docType, docNumber: doc.docNumber, ...m }));
        this.ledger.push(...moves);
        if (moves.length) this.documents.set(doc.docNumber, { moves, reversed: false });
        return moves;
      },
    };
  }

  // ---- reversal ----

  /** The exact opposite of a document's moves at their original values; refused when a balance would go below zero or below its reservations, keep value on zero quantity, or when reversed already. */
  reverse(docNumber: string): Plan {
    const original = this.documents.get(docNumber);
    if (!original) throw new Error(`model: no document ${docNumber}`);
    if (original.reversed) return { ok: false, reason: `${docNumber} is reversed already` };
    const draft = new Draft(this);
    for (const [line, m] of original.moves.entries()) {
      const b = draft.ensure(m.itemId, m.warehouseId, m.batchNo, null);
      b.onHand -= m.qty;
      b.value -= m.value;
      draft.moves.push({ line, itemId: m.itemId, warehouseId: m.warehouseId, batchNo: m.batchNo, qty: -m.qty, value: -m.value });
    }
    // Refused below zero (API.md), below what is reserved, and — the project's ruling — when an emptied
    // balance would keep value with nothing behind it.
    const below = [...draft.balances.entries()].filter(([, b]) => b.onHand < b.reserved || b.value < 0 || (b.onHand === 0 && b.value !== 0));
    if (below.length) return { ok: false, reason: below.map(([k, b]) => `balance ${k} would hold ${qtyText(b.onHand)} worth ${(b.value / 100).toFixed(2)}`).join('; ') };
    const plan = this.accept(draft, []);
    return {
      ...plan,
      commit: (doc) => {
        const moves = plan.commit(doc);
        original.reversed = true;
        this.documents.get(doc.docNumber)!.reversed = true; // a reversal is not itself reversed
        return moves;
      },
    };
  }

  // ---- reservations ----

  /** Reserves free, unexpired stock per line (FEFO when no batch is named); the whole request is refused if any line cannot be met. */
  reserve(holder: Holder, lines: Array<{ line: number; itemId: number; warehouseId: number; batchNo: string | null; qty: number }>): Plan<void> {
    const draft = new Draft(this);
    const refusal = this.postInto(draft, lines.map((l) => ({ ...l, qty: -l.qty })), { allowExpired: false });
    if (refusal) return { ok: false, reason: refusal };
    const version = this.version;
    const taken = draft.moves;
    return {
      ok: true,
      moves: [],
      notes: [],
      commit: () => {
        if (this.version !== version) throw new Error('model: a plan was committed after the state changed');
        this.version++;
        for (const m of taken) {
          const key = balanceKey(m.itemId, m.warehouseId, m.batchNo);
          this.balances.get(key)!.reserved += -m.qty;
          const same = this.reservations.find((r) => sameHolder(r.holder, holder) && r.line === m.line && r.key === key);
          if (same) same.qty += -m.qty;
          else this.reservations.push({ holder, line: m.line, key, qty: -m.qty });
        }
      },
    };
  }

  /** Releases what the holder still reserves, on all its lines or the given ones. */
  release(holder: Holder, lines?: number[]): void {
    this.version++;
    for (const r of this.reservations) {
      if (!sameHolder(r.holder, holder) || (lines && !lines.includes(r.line))) continue;
      this.balances.get(r.key)!.reserved -= r.qty;
      r.qty = 0;
    }
    this.reservations = this.reservations.filter((r) => r.qty > 0);
  }

  /** What a holder's line reserves, balance by balance. */
  reservedFor(holder: Holder, line: number): Array<{ key: string; qty: number }> {
    return this.reservations.filter((r) => sameHolder(r.holder, holder) && r.line === line).map((r) => ({ key: r.key, qty: r.qty }));
  }

  /** Per balance: each holder's reservation there, summed over its lines. */
  reservedBy(key: string): Array<{ docType: string; docId: number; number: string; qty: number }> {
    const byHolder = new Map<string, { docType: string; docId: number; number: string; qty: number }>();
    for (const r of this.reservations.filter((q) => q.key === key)) {
      const id = `${r.holder.docType}|${r.holder.docId}`;
      const entry = byHolder.get(id) ?? { ...r.holder, qty: 0 };
      entry.qty += r.qty;
      byHolder.set(id, entry);
    }
    return [...byHolder.values()];
  }

  /** The holder's reservations of each issued line go back first, up to what is issued, in FEFO order of their batches. */
  private takeBackReservations(draft: Draft, requests: ModelRequest[], holder: Holder): Map<number, string[]> {
    const preferred = new Map<number, string[]>();
    for (const r of requests.filter((q) => q.qty < 0)) {
      const own = this.reservations
        .filter((q) => sameHolder(q.holder, holder) && q.line === r.line)
        .map((q) => ({ q, b: draft.balance(q.key)! }))
        .filter(({ b }) => b.itemId === r.itemId && b.warehouseId === r.warehouseId)
        .sort((x, y) => fefo(x.b, y.b));
      let left = -r.qty;
      for (const { q, b } of own) {
        const back = Math.min(left, draft.qtyOf(q));
        if (back <= 0) continue;
        draft.held.set(q, draft.qtyOf(q) - back);
        b.reserved -= back;
        left -= back;
      }
      preferred.set(r.line, own.map(({ b }) => b.batchNo));
    }
    return preferred;
  }

  // ---- stocktakes ----

  /** Opens a count of a warehouse: snapshots the book quantity of every balance with stock; one open count per warehouse. */
  openStocktake(warehouseId: number): Plan<StocktakeState> {
    const current = this.stocktakes.get(warehouseId);
    if (current?.status === 'open') return { ok: false, reason: `stocktake ${current.number} is still open` };
    const book = new Map<string, number>();
    for (const b of this.balances.values()) if (b.warehouseId === warehouseId && b.onHand !== 0) book.set(lotKey(b.itemId, b.batchNo), b.onHand);
    return {
      ok: true,
      moves: [],
      notes: [],
      commit: (doc) => {
        const st: StocktakeState = { number: doc.docNumber, warehouseId, status: 'open', book, counted: new Map(), mark: this.ledger.length };
        this.stocktakes.set(warehouseId, st);
        return st;
      },
    };
  }

  /** Records counted quantities (a later count of the same line replaces the earlier one). */
  count(warehouseId: number, lines: Array<{ itemId: number; batchNo: string; counted: number }>): boolean {
    const st = this.stocktakes.get(warehouseId);
    if (st?.status !== 'open') return false;
    for (const l of lines) st.counted.set(lotKey(l.itemId, l.batchNo), l.counted);
    return true;
  }

  /**
   * Posts the open count: each counted line becomes counted + moves since the
   * snapshot; the difference from the book posts as a variance at the current
   * average cost (a gain is valued as a receipt at that unit cost). A loss is
   * an issue from free stock (a count may write off an expired batch).
   */
  postStocktake(warehouseId: number): Plan | null {
    const st = this.stocktakes.get(warehouseId);
    if (!st) return null;
    if (st.status !== 'open') return { ok: false, reason: `stocktake ${st.number} is posted already` };
    const requests: ModelRequest[] = [];
    for (const [i, [lot, counted]] of [...st.counted.entries()].entries()) {
      const [itemId, batchNo] = [Number(lot.split('|')[0]), lot.slice(lot.indexOf('|') + 1)];
      const key = balanceKey(itemId, warehouseId, batchNo);
      const current = this.balances.get(key) ?? { onHand: 0, value: 0 };
      const moved = this.ledger.slice(st.mark).filter((m) => balanceKey(m.itemId, m.warehouseId, m.batchNo) === key).reduce((s, m) => s + m.qty, 0);
      const variance = counted + moved - current.onHand;
      if (variance === 0) continue;
      const unitCost = current.onHand > 0 ? averageCost(current.onHand, current.value) : this.fallbackCost(itemId, warehouseId);
      requests.push({ line: i, itemId, warehouseId, batchNo, qty: variance, unitCost: variance > 0 ? unitCost : undefined });
    }
    const plan = this.post(requests, { allowExpired: true });
    if (!plan.ok) return plan;
    return {
      ...plan,
      commit: (doc) => {
        const moves = plan.commit(doc);
        st.status = 'posted';
        return moves;
      },
    };
  }

  /** Stock found where the balance is empty: the item's average in the warehouse, else its purchase price. */
  private fallbackCost(itemId: number, warehouseId: number): number {
    const here = [...this.balances.values()].filter((b) => b.itemId === itemId && b.warehouseId === warehouseId);
    const onHand = here.reduce((s, b) => s + b.onHand, 0);
    const value = here.reduce((s, b) => s + b.value, 0);
    return onHand > 0 ? averageCost(onHand, value) : this.items.get(itemId)!.purchasePrice;
  }

  // ---- views ----

  /** What a balance can still give an ordinary document (unexpired, not reserved). */
  available(b: ModelBalance): number {
    return isExpired(b.expiryDate, this.today) ? 0 : b.onHand - b.reserved;
  }

  /** Free stock of an item in a warehouse across its unexpired batches, or of one balance when the batch is named. */
  freeStock(itemId: number, warehouseId: number, batchNo: string | null, allowExpired = false): number {
    const item = this.items.get(itemId)!;
    if (!item.batchTracked || batchNo !== null) return this.freeOf(this.balances.get(balanceKey(itemId, warehouseId, item.batchTracked ? batchNo! : '')), allowExpired);
    return [...this.balances.values()].filter((b) => b.itemId === itemId && b.warehouseId === warehouseId).reduce((s, b) => s + this.available(b), 0);
  }

  /** Σ open reservations per balance, which `reserved` must always equal. */
  reservedTotals(): Map<string, number> {
    const totals = new Map<string, number>();
    for (const r of this.reservations) totals.set(r.key, (totals.get(r.key) ?? 0) + r.qty);
    return totals;
  }
}

const sameHolder = (a: Holder, b: Holder) => a.docType === b.docType && a.docId === b.docId;
