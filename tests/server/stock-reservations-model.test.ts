import fc from 'fast-check';
import type { Transaction } from 'sequelize';
import type { BalanceRow } from '../../contract/stock';
import { balanceKey, Holder, ModelRequest, Plan, StockModel } from '../support/stock-model';
import { at, expectSameBalances, expectSameStock, expectStatus, scaled, toInt } from '../support/stock-compare';
import { AdjustLineSpec, adjustLine, businessToday, issueQty, itemIndex, LOTS, QtySpec, StockReplay, StocktakeOp, stocktakeOp, warehouseIndex } from '../support/stock-replay';
import { TestApp } from '../support/test-app';

/**
 * Reservations have no HTTP endpoint yet (sales orders come later), so this
 * drives the stock gate itself, inside the running app's transactions, mixed
 * with adjustments and stocktakes over HTTP; the reference model
 * (tests/support/stock-model.ts) predicts every answer. After each step every
 * balance (on hand, reserved, available, value) and who reserves it
 * (`?withReservations=true`) must match the model, and `reserved` must be
 * the sum of its holders' reservations; at the end, the whole ledger.
 *
 * Needs the gate's reservation API (issue 7 item 5, server/ledgers/stock-ledger.ts):
 * reserve, release, post(…, { against }) returning { moves, totals }, reverse.
 */

interface GateDocument {
  docType: string;
  docId: number;
  docNumber: string;
  date: string;
  userId: number | null;
}
interface GateResult {
  moves: Array<{ line: number; itemId: number; warehouseId: number; batchNo: string; qty: number; value: number }>;
  totals: { in: number; out: number };
}
/** The gate's contract as the lead specified it; typed here so this file compiles before (and after) it lands. */
interface ReservationGate {
  reserve(requests: Array<{ line: number; itemId: number; warehouseId: number; batchNo: string | null; qty: number }>, holder: Holder, tx: Transaction): Promise<unknown>;
  release(holder: Holder, tx: Transaction, lines?: number[]): Promise<unknown>;
  post(requests: ModelRequest[], doc: GateDocument, tx: Transaction, options?: { against?: Holder; allowExpired?: boolean }): Promise<GateResult>;
  reverse(original: { docType: string; docId: number }, reversal: GateDocument, tx: Transaction): Promise<GateResult>;
}

type ShipQty = 'reserved' | { less: number } | { more: number };
type Op =
  | { kind: 'adjust'; wh: number; lines: AdjustLineSpec[] }
  | { kind: 'reserve'; lines: Array<{ item: number; wh: number; batch: number | null; qty: QtySpec }> }
  | { kind: 'release'; pick: number; lines: number[] | null }
  | { kind: 'ship'; pick: number; lines: Array<{ index: number; qty: ShipQty }> }
  | { kind: 'reverse'; pick: number }
  | StocktakeOp;

const batch = fc.nat(LOTS.length);
const someBatch = fc.option(batch, { nil: null });
const shipQty: fc.Arbitrary<ShipQty> = fc.oneof(
  fc.constant<ShipQty>('reserved'),
  fc.integer({ min: 1, max: 1500 }).map((less) => ({ less })),
  fc.integer({ min: 1, max: 1500 }).map((more) => ({ more })),
);
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    // Receipts, and plain issues that must leave reserved stock alone.
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('adjust' as const), wh: warehouseIndex, lines: fc.array(adjustLine(batch, 'in'), { minLength: 1, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('adjust' as const), wh: warehouseIndex, lines: fc.array(adjustLine(batch, 'out'), { minLength: 1, maxLength: 3 }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), lines: fc.array(fc.record({ item: itemIndex, wh: warehouseIndex, batch: someBatch, qty: issueQty }), { minLength: 1, maxLength: 3 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat(20), lines: fc.option(fc.uniqueArray(fc.nat(2), { minLength: 1 }), { nil: null }) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('ship' as const), pick: fc.nat(20), lines: fc.array(fc.record({ index: fc.nat(2), qty: shipQty }), { minLength: 1, maxLength: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(20) }) },
    { weight: 3, arbitrary: stocktakeOp(batch) },
  ),
  { minLength: 6, maxLength: 15 },
);

let nextDocId = 1;

describe('Reservations against an independent reference model', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.stop());

  const gate = () => t.services.stockLedger as unknown as ReservationGate;

  /** One use case on the gate in its own transaction; a refusal comes back as its status, as the HTTP layer would answer it. */
  function assertGateApi(): void {
    for (const name of ['reserve', 'release', 'post', 'reverse'] as const) {
      if (typeof gate()[name] !== 'function') throw new Error(`the stock gate has no ${name}() yet (issue 7 item 5, server/ledgers/stock-ledger.ts)`);
    }
  }

  async function throughGate<T>(work: (g: ReservationGate, tx: Transaction) => Promise<T>): Promise<{ status: number; body: unknown; value?: T }> {
    try {
      const value = await t.services.db.transaction((tx) => work(gate(), tx));
      return { status: 201, body: value, value };
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (err instanceof Error && err.name === 'AppError' && typeof status === 'number') return { status, body: { detail: err.message, errors: (err as { errors?: unknown }).errors } };
      throw err;
    }
  }

  class Run {
    readonly holders: Array<{ holder: Holder; lines: Array<{ line: number; itemId: number; warehouseId: number }> }> = [];
    readonly shipments: Array<{ docType: string; docId: number; number: string }> = [];
    private readonly today: string;

    constructor(readonly replay: StockReplay) {
      this.today = businessToday(t.services.config.businessTimezone);
    }

    private doc(docType: string): GateDocument {
      const docId = nextDocId++;
      return { docType, docId, docNumber: `${docType}-T-${docId}`, date: this.today, userId: null };
    }

    /** The gate's moves and totals are the model's, whatever order it lists them in. */
    private async expectResult(where: string, plan: Plan, result: GateResult): Promise<void> {
      if (!plan.ok) return;
      if (Array.isArray(result)) throw new Error(`${where}: post()/reverse() returned a list of moves; the contract returns { moves, totals }`);
      const { labels } = this.replay;
      const text = (m: { itemId: number; warehouseId: number; batchNo: string | null; qty: number; value: number }) => `${labels.place(m.itemId, m.warehouseId, m.batchNo)} ${scaled(m.qty, 3)} ${scaled(m.value, 2)}`;
      const totals = { in: plan.moves.filter((m) => m.value > 0).reduce((s, m) => s + m.value, 0), out: plan.moves.filter((m) => m.value < 0).reduce((s, m) => s - m.value, 0) };
      await at(`${where}: the moves and totals the gate returned (expected = model)`, () =>
        expect({ moves: result.moves.map(text).sort(), totals: result.totals }).toEqual({ moves: plan.moves.map(text).sort(), totals }),
      );
    }

    async reserve(op: Extract<Op, { kind: 'reserve' }>, where: string): Promise<void> {
      const { replay } = this;
      const holder = { docType: 'SO', docId: nextDocId++, number: '' };
      holder.number = `SO-T-${holder.docId}`;
      const lines = op.lines.map((l, line) => {
        const itemId = replay.items[l.item]!.id;
        const warehouseId = replay.warehouses[l.wh]!;
        const batchNo = replay.batchOf(l.item, l.batch, false);
        return { line, itemId, warehouseId, batchNo, qty: replay.resolve(l.qty, itemId, warehouseId, batchNo, false) };
      });
      const plan = replay.model.reserve(holder, lines);
      const res = await throughGate((g, tx) => g.reserve(lines, holder, tx));
      expectStatus(`${where}: reserve(${JSON.stringify(lines)}) for ${holder.number}`, plan, res, replay.labels);
      if (!plan.ok) return;
      plan.commit({ docType: holder.docType, docNumber: holder.number });
      this.holders.push({ holder, lines: lines.map(({ line, itemId, warehouseId }) => ({ line, itemId, warehouseId })) });
    }

    async release(op: Extract<Op, { kind: 'release' }>, where: string): Promise<void> {
      if (!this.holders.length) return;
      const { holder } = this.holders[op.pick % this.holders.length]!;
      const lines = op.lines ?? undefined;
      const res = await throughGate((g, tx) => g.release(holder, tx, lines));
      expectStatus(`${where}: release(${holder.number}, lines ${JSON.stringify(lines ?? 'all')})`, { ok: true, moves: [], notes: [], commit: () => undefined }, res, this.replay.labels);
      this.replay.model.release(holder, lines);
    }

    /**
     * Ships some of an order's lines against its reservation: all it holds,
     * less, or more (the rest from free stock). A line holding several batches
     * ships at least what it holds, the one case where which batch's
     * reservation goes back first would be a choice the rules do not make.
     */
    async ship(op: Extract<Op, { kind: 'ship' }>, where: string): Promise<void> {
      if (!this.holders.length) return;
      const { holder, lines } = this.holders[op.pick % this.holders.length]!;
      const { model } = this.replay;
      const requests = new Map<number, ModelRequest>();
      for (const spec of op.lines) {
        const line = lines[spec.index % lines.length]!;
        const held = model.reservedFor(holder, line.line);
        const reserved = held.reduce((s, h) => s + h.qty, 0);
        let qty = spec.qty === 'reserved' ? reserved : 'less' in spec.qty ? (held.length > 1 ? reserved : reserved - spec.qty.less) : reserved + spec.qty.more;
        qty = Math.max(1, qty);
        requests.set(line.line, { line: line.line, itemId: line.itemId, warehouseId: line.warehouseId, batchNo: null, qty: -qty });
      }
      const moves = [...requests.values()];
      const plan = model.post(moves, { allowExpired: false, against: holder });
      const doc = this.doc('SH');
      const res = await throughGate((g, tx) => g.post(moves.map((m) => ({ ...m })), doc, tx, { against: holder }));
      expectStatus(`${where}: post(${JSON.stringify(moves)}) against ${holder.number}`, plan, res, this.replay.labels);
      if (!plan.ok) return;
      await this.expectResult(where, plan, res.value!);
      plan.commit({ docType: doc.docType, docNumber: doc.docNumber });
      this.shipments.push({ docType: doc.docType, docId: doc.docId, number: doc.docNumber });
    }

    /** Reverses a shipment (the gate's reverse; re-reserving for the order is the shipments module's business, not the gate's). */
    async reverse(pick: number, where: string): Promise<void> {
      if (!this.shipments.length) return;
      const original = this.shipments[pick % this.shipments.length]!;
      const plan = this.replay.model.reverse(original.number);
      const doc = this.doc('SHC');
      const res = await throughGate((g, tx) => g.reverse({ docType: original.docType, docId: original.docId }, doc, tx));
      expectStatus(`${where}: reverse(${original.number})`, plan, res, this.replay.labels);
      if (!plan.ok) return;
      await this.expectResult(where, plan, res.value!);
      plan.commit({ docType: doc.docType, docNumber: doc.docNumber });
    }

    async step(op: Op, where: string): Promise<void> {
      const { replay } = this;
      switch (op.kind) {
        case 'adjust':
          return replay.adjustBy(op.wh, op.lines, where);
        case 'reserve':
          return this.reserve(op, where);
        case 'release':
          return this.release(op, where);
        case 'ship':
          return this.ship(op, where);
        case 'reverse':
          return this.reverse(op.pick, where);
        default:
          return replay.stocktake(op, where);
      }
    }
  }

  /** The server's own books agree with themselves: each balance's `reserved` is the sum of what its holders reserve. */
  async function expectReservedIsHeld(replay: StockReplay): Promise<void> {
    const token = await t.adminToken();
    const mismatches: string[] = [];
    for (const warehouseId of replay.warehouses) {
      const res = await t.get(`/stock/balances?warehouseId=${warehouseId}&includeZero=true&withReservations=true&limit=10000`, token);
      for (const b of res.body.data as Array<BalanceRow & { reservedBy?: Array<{ qty: number }> }>) {
        const held = (b.reservedBy ?? []).reduce((s, r) => s + toInt(r.qty, 3), 0);
        if (held !== toInt(b.reserved, 3)) mismatches.push(`${replay.labels.place(b.itemId, b.warehouseId, b.batchNo)} reserved ${b.reserved} but its holders hold ${scaled(held, 3)}`);
      }
    }
    expect(mismatches).toEqual([]);
  }

  test('When reservations, releases, shipments against them, plain issues, reversals and stocktakes run in random order, then every answer, balance, reservation and the whole ledger match the model', async () => {
    assertGateApi();
    await fc.assert(
      fc.asyncProperty(ops, async (sequence) => {
        const replay = await StockReplay.start(t, { expiredLot: true, reservations: true });
        const run = new Run(replay);
        for (const [i, op] of sequence.entries()) {
          const where = `step ${i + 1} of ${sequence.length} ${JSON.stringify(op)}`;
          await run.step(op, where);
          await at(`${where}: balances afterwards (expected = model, received = server)`, () => expectSameBalances(t, replay.model, replay.scope));
          await at(`${where}: reserved = Σ reservedBy on the server`, () => expectReservedIsHeld(replay));
        }
        await at('at the end: the whole ledger and all balances (expected = model, received = server)', () => expectSameStock(t, replay.model, replay.scope));
      }),
      { numRuns: 40 },
    );
  }, 600_000);
});

/** The model's reservation rules on cases worked out by hand. */
describe('The reference model of reservations, by hand', () => {
  const P = 1;
  const L = 2;
  const W = 10;
  const so = (docId: number): Holder => ({ docType: 'SO', docId, number: `SO-${docId}` });
  const setUp = () => {
    const m = new StockModel([{ id: P, batchTracked: false, purchasePrice: 0 }, { id: L, batchTracked: true, purchasePrice: 0 }], '2026-05-01');
    const plan = m.post(
      [
        { line: 0, itemId: P, warehouseId: W, batchNo: null, qty: 1000, unitCost: 30_000 },
        { line: 1, itemId: L, warehouseId: W, batchNo: 'A', expiryDate: '2027-01-01', qty: 2000, unitCost: 10_000 },
        { line: 2, itemId: L, warehouseId: W, batchNo: 'B', expiryDate: '2026-09-01', qty: 1000, unitCost: 10_000 },
        { line: 3, itemId: L, warehouseId: W, batchNo: 'X', expiryDate: '2026-04-30', qty: 5000, unitCost: 10_000 },
      ],
      { allowExpired: true },
    );
    if (plan.ok) plan.commit({ docType: 'ADJ', docNumber: 'OPEN' });
    return m;
  };
  const reserve = (m: StockModel, holder: Holder, itemId: number, qty: number, batchNo: string | null = null) => {
    const plan = m.reserve(holder, [{ line: 0, itemId, warehouseId: W, batchNo, qty }]);
    if (plan.ok) plan.commit({ docType: holder.docType, docNumber: holder.number });
    return plan.ok;
  };
  const ship = (m: StockModel, holder: Holder | undefined, itemId: number, qty: number) =>
    m.post([{ line: 0, itemId, warehouseId: W, batchNo: null, qty: -qty }], { allowExpired: false, against: holder });
  const reservedAt = (m: StockModel, itemId: number, batchNo: string) => m.balances.get(balanceKey(itemId, W, batchNo))!.reserved;

  test('When an order reserves without naming a batch, then it takes the earliest unexpired batches; an expired batch cannot be reserved, named or not', () => {
    const m = setUp();
    expect(reserve(m, so(1), L, 1500)).toBe(true);
    expect([reservedAt(m, L, 'B'), reservedAt(m, L, 'A'), reservedAt(m, L, 'X')]).toEqual([1000, 500, 0]);
    expect(reserve(m, so(2), L, 1, 'X')).toBe(false);
    expect(reserve(m, so(3), L, 1501)).toBe(false); // 1500 unexpired left free
    expect(m.reservedBy(balanceKey(L, W, 'A'))).toEqual([{ ...so(1), qty: 500 }]);
  });

  test('When an order holds all of the stock, then a plain issue is refused and its own shipment is not', () => {
    const m = setUp();
    reserve(m, so(1), P, 1000);
    expect(ship(m, undefined, P, 1).ok).toBe(false);
    const plan = ship(m, so(1), P, 1000);
    expect(plan.ok && plan.moves.map((r) => [r.qty, r.value])).toEqual([[-1000, -300]]);
    if (plan.ok) plan.commit({ docType: 'SH', docNumber: 'SH1' });
    expect(m.balances.get(balanceKey(P, W, ''))).toMatchObject({ onHand: 0, reserved: 0, value: 0 });
    expect(m.reservedTotals().size).toBe(0);
  });

  test("When a shipment wants more than its order holds, then the rest comes from free stock, never from another order's reservation", () => {
    const m = setUp();
    reserve(m, so(1), P, 600);
    reserve(m, so(2), P, 400);
    expect(ship(m, so(1), P, 601).ok).toBe(false);
    const part = ship(m, so(1), P, 250);
    if (part.ok) part.commit({ docType: 'SH', docNumber: 'SH1' });
    expect(m.reservedBy(balanceKey(P, W, ''))).toEqual([{ ...so(1), qty: 350 }, { ...so(2), qty: 400 }]);
  });

  test("When a shipment names no batch, then it takes its order's batch first, even where an earlier batch is free", () => {
    const m = setUp();
    reserve(m, so(1), L, 500, 'A');
    const plan = ship(m, so(1), L, 700);
    expect(plan.ok && plan.moves.map((r) => [r.batchNo, r.qty])).toEqual([['A', -700]]);
  });

  test('When a count comes out lower than the book, then the loss must fit in what is free of reservations', () => {
    const m = setUp();
    reserve(m, so(1), P, 800);
    const open = m.openStocktake(W);
    if (open.ok) open.commit({ docType: 'STK', docNumber: 'STK1' });
    m.count(W, [{ itemId: P, batchNo: '', counted: 500 }]);
    expect(m.postStocktake(W)!.ok).toBe(false); // a loss of 500, 200 free
    m.count(W, [{ itemId: P, batchNo: '', counted: 800 }]);
    const plan = m.postStocktake(W)!;
    expect(plan.ok && plan.moves.map((r) => [r.qty, r.value])).toEqual([[-200, -60]]);
  });
});
