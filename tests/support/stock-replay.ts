import fc from 'fast-check';
import { createItem } from './inventory';
import { ModelRequest, Plan, StockModel } from './stock-model';
import { at, costOf, expectStatus, Labels, qtyOf, scaled, Scope } from './stock-compare';
import type { TestApp } from './test-app';

/**
 * Drives one random run over HTTP and through the reference model side by
 * side: each document goes to the model first (its prediction), then to the
 * server, whose status must match; the model commits only what the server
 * accepted too. Expiry dates lie decades away from today, so the business
 * date's zone (BUSINESS_TIMEZONE) cannot move a batch across the line mid-run.
 */

export const LOTS = [
  { batchNo: 'A1', expiryDate: '2091-03-01' },
  { batchNo: 'B2', expiryDate: '2090-06-15' },
  // Same expiry as B2: FEFO falls back to the batch number.
  { batchNo: 'C3', expiryDate: '2090-06-15' },
];
export const EXPIRED_LOT = { batchNo: 'X9', expiryDate: '2001-01-01' };

/** A fixed quantity, or one taken from the stock at the time: `share` eighths of what is free, all of it, or one more. */
export type QtySpec = { n: number } | { share: number } | 'all' | 'all+1';
export type Counted = { delta: number } | { n: number };
/** A count sheet: every line of the snapshot at its book quantity plus `delta`, and some lines more. */
export type CountSheet = { everything: { delta: number } | null; lines: Array<{ item: number; batch: number; counted: Counted }> };

export const receiptQty = fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 20000 })).map((n) => ({ n }));
export const issueQty: fc.Arbitrary<QtySpec> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2000 }).map((n) => ({ n })) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 7 }).map((share) => ({ share })) },
  { weight: 1, arbitrary: fc.constant<QtySpec>('all') },
  { weight: 1, arbitrary: fc.constant<QtySpec>('all+1') },
);
export const unitCost = fc.oneof(fc.integer({ min: 0, max: 999_999 }), fc.constantFrom(0, 10_000, 33_333));
/** Items P, Q (untracked) and L (batch-tracked), L twice as often: it is where allocation happens. */
export const itemIndex = fc.constantFrom(0, 1, 2, 2);
export const warehouseIndex = fc.nat(1);

/** An adjustment line: `dir` in at `cost`, or out; `batch` indexes the run's lots (null: FEFO out, the first lot in). */
export type AdjustLineSpec = { item: number; batch: number | null; dir: 'in' | 'out'; qty: QtySpec; cost: number };
export type StocktakeOp = { kind: 'stocktake-open'; wh: number } | { kind: 'stocktake-count'; wh: number; sheet: CountSheet } | { kind: 'stocktake-post'; wh: number };

export function adjustLine(batch: fc.Arbitrary<number>, dir: 'in' | 'out'): fc.Arbitrary<AdjustLineSpec> {
  const fields = { item: itemIndex, batch: fc.option(batch, { nil: null }), dir: fc.constant(dir) };
  return dir === 'in' ? fc.record({ ...fields, qty: receiptQty, cost: unitCost }) : fc.record({ ...fields, qty: issueQty, cost: fc.constant(0) });
}

function countSheet(batch: fc.Arbitrary<number>): fc.Arbitrary<CountSheet> {
  const delta = fc.integer({ min: -3000, max: 3000 }).map((d) => ({ delta: d }));
  const counted = fc.oneof(delta, fc.integer({ min: 0, max: 5000 }).map((n) => ({ n })));
  return fc.record({ everything: fc.option(delta, { nil: null }), lines: fc.array(fc.record({ item: itemIndex, batch, counted }), { minLength: 1, maxLength: 3 }) });
}

/** Opening, counting and posting stocktakes, equally often. */
export function stocktakeOp(batch: fc.Arbitrary<number>): fc.Arbitrary<StocktakeOp> {
  return fc.oneof(
    fc.record({ kind: fc.constant('stocktake-open' as const), wh: warehouseIndex }),
    fc.record({ kind: fc.constant('stocktake-count' as const), wh: warehouseIndex, sheet: countSheet(batch) }),
    fc.record({ kind: fc.constant('stocktake-post' as const), wh: warehouseIndex }),
  );
}

export function businessToday(timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export type ScaledLine = { itemId: number; qty: number; unitCost?: number; batchNo: string | null; expiryDate?: string };

export class StockReplay {
  readonly labels = new Labels();
  readonly lots: Array<{ batchNo: string; expiryDate: string }>;
  /** Posted adjustments and transfers (and their reversals), in order. */
  readonly documents: Array<{ path: string; id: number; number: string; docType: string; reversal: boolean }> = [];
  private readonly stocktakeIds = new Map<number, number>();
  model!: StockModel;
  scope!: Scope;
  warehouses: number[] = [];
  items: Array<{ id: number; batchTracked: boolean }> = [];

  private constructor(
    private readonly t: TestApp,
    private readonly token: string,
    expiredLot: boolean,
  ) {
    this.lots = expiredLot ? [...LOTS, EXPIRED_LOT] : LOTS;
  }

  /** Fresh warehouses and items (so a run sees only its own stock) and an opening of every batch. */
  static async start(t: TestApp, options: { expiredLot: boolean; reservations?: boolean }): Promise<StockReplay> {
    const run = new StockReplay(t, await t.adminToken(), options.expiredLot);
    const warehouses = [(await t.createWarehouse()).id, (await t.createWarehouse()).id];
    const items = [
      { ...(await createItem(t, { purchasePrice: 1.2345 })), batchTracked: false, purchasePrice: 12345 },
      { ...(await createItem(t, { purchasePrice: 0.5 })), batchTracked: false, purchasePrice: 5000 },
      { ...(await createItem(t, { batchTracked: true, purchasePrice: 2 })), batchTracked: true, purchasePrice: 20000 },
    ];
    run.warehouses = warehouses;
    run.items = items;
    ['P', 'Q', 'L'].forEach((name, i) => run.labels.items.set(items[i]!.id, name));
    warehouses.forEach((id, i) => run.labels.warehouses.set(id, `W${i + 1}`));
    run.model = new StockModel(items, businessToday(t.services.config.businessTimezone));
    run.scope = { itemIds: items.map((i) => i.id), warehouseIds: warehouses, labels: run.labels, reservations: options.reservations };
    const [p, q, lot] = items.map((i) => i.id) as [number, number, number];
    const opening = run.lots.map((l, i) => ({ itemId: lot, qty: 2000 + i * 500, unitCost: 33_333 + i, batchNo: l.batchNo, expiryDate: l.expiryDate }));
    await run.adjust(warehouses[0]!, [...opening, { itemId: p, qty: 5000, unitCost: 15_000, batchNo: '' }], 'opening W1');
    await run.adjust(warehouses[1]!, [{ itemId: q, qty: 7000, unitCost: 4_321, batchNo: '' }, { itemId: lot, qty: 1500, unitCost: 29_999, batchNo: LOTS[1]!.batchNo }], 'opening W2');
    return run;
  }

  /** The batch a line names: none for an untracked item, none for a FEFO issue, else one of the run's lots. */
  batchOf(item: number, batch: number | null, forReceipt: boolean): string | null {
    if (!this.items[item]!.batchTracked) return null;
    if (batch === null && !forReceipt) return null;
    return this.lots[(batch ?? 0) % this.lots.length]!.batchNo;
  }

  /** A quantity resolved against the model's stock now (for a reservation or shipment too, with `allowExpired` false). */
  resolve(spec: QtySpec, itemId: number, warehouseId: number, batchNo: string | null, allowExpired: boolean): number {
    if (typeof spec === 'object' && 'n' in spec) return spec.n;
    const free = this.model.freeStock(itemId, warehouseId, batchNo, allowExpired);
    if (spec === 'all+1') return free + 1;
    return Math.max(1, spec === 'all' ? free : Math.floor((free * spec.share) / 8));
  }

  /** An adjustment in the run's warehouse `wh` (0 or 1), its quantities resolved against the stock now. */
  adjustBy(wh: number, specs: AdjustLineSpec[], where: string): Promise<void> {
    const warehouseId = this.warehouses[wh]!;
    const lines = specs.map((l) => {
      const itemId = this.items[l.item]!.id;
      const batchNo = this.batchOf(l.item, l.batch, l.dir === 'in');
      const qty = this.resolve(l.qty, itemId, warehouseId, batchNo, true);
      return l.dir === 'in' ? { itemId, batchNo, qty, unitCost: l.cost } : { itemId, batchNo, qty: -qty };
    });
    return this.adjust(warehouseId, lines, where);
  }

  /** An adjustment of scaled lines; it may name an expired batch, in or out. */
  async adjust(warehouseId: number, lines: ScaledLine[], where: string): Promise<void> {
    const requests: ModelRequest[] = lines.map((l, line) => ({ line, itemId: l.itemId, warehouseId, batchNo: l.batchNo || null, qty: l.qty, unitCost: l.unitCost, expiryDate: l.expiryDate || null }));
    const plan = this.model.post(requests, { allowExpired: true });
    const body = {
      warehouseId,
      reason: 'correction',
      lines: lines.map((l) => ({
        itemId: l.itemId,
        qty: qtyOf(l.qty),
        ...(l.qty > 0 && { unitCost: costOf(l.unitCost!) }),
        ...(l.batchNo && { batchNo: l.batchNo }),
        ...(l.expiryDate && { expiryDate: l.expiryDate }),
      })),
    };
    const res = await this.t.post('/stock/adjustments', body, this.token);
    expectStatus(`${where}: POST /stock/adjustments ${JSON.stringify(body)}`, plan, res, this.labels);
    if (plan.ok) this.posted(plan, res.body, '/stock/adjustments', 'ADJ');
  }

  async transfer(from: number, to: number, lines: Array<{ itemId: number; batchNo: string | null; qty: number }>, where: string): Promise<void> {
    const plan = this.model.transfer(from, to, lines);
    const body = { fromWarehouseId: from, toWarehouseId: to, lines: lines.map((l) => ({ itemId: l.itemId, qty: qtyOf(l.qty), ...(l.batchNo && { batchNo: l.batchNo }) })) };
    const res = await this.t.post('/stock/transfers', body, this.token);
    expectStatus(`${where}: POST /stock/transfers ${JSON.stringify(body)}`, plan, res, this.labels);
    if (plan.ok) this.posted(plan, res.body, '/stock/transfers', 'TRF');
  }

  private posted(plan: Plan, body: { id: number; number: string }, path: string, docType: string): void {
    if (plan.ok) plan.commit({ docType, docNumber: body.number });
    this.documents.push({ path, id: body.id, number: body.number, docType, reversal: false });
  }

  /** Cancels an earlier adjustment or transfer (perhaps one cancelled already, perhaps one whose stock has gone since). */
  async cancel(pick: number, where: string): Promise<void> {
    const originals = this.documents.filter((d) => !d.reversal);
    if (!originals.length) return;
    const doc = originals[pick % originals.length]!;
    const plan = this.model.reverse(doc.number);
    const res = await this.t.post(`${doc.path}/${doc.id}/cancel`, {}, this.token);
    expectStatus(`${where}: POST ${doc.path}/${doc.id}/cancel (${doc.number})`, plan, res, this.labels);
    if (!plan.ok) return;
    // The reversal's moves are taken to carry the original's document type, under the reversal's own number.
    plan.commit({ docType: doc.docType, docNumber: res.body.number });
    this.documents.push({ path: doc.path, id: res.body.id, number: res.body.number, docType: doc.docType, reversal: true });
  }

  private async openStocktake(warehouseId: number, where: string): Promise<void> {
    const plan = this.model.openStocktake(warehouseId);
    const res = await this.t.post('/stocktakes', { warehouseId }, this.token);
    expectStatus(`${where}: POST /stocktakes`, plan, res, this.labels);
    if (!plan.ok) return;
    const st = plan.commit({ docType: 'STK', docNumber: res.body.number });
    this.stocktakeIds.set(warehouseId, res.body.id);
    const book = [...st.book.entries()].map(([lot, qty]) => `${lot}:${scaled(qty, 3)}`).sort();
    const snapshot = (res.body.lines as Array<{ itemId: number; batchNo: string | null; bookQty: number }>).map((l) => `${l.itemId}|${l.batchNo ?? ''}:${scaled(Math.round(l.bookQty * 1000), 3)}`).sort();
    await at(`${where}: the stocktake's snapshot (expected = model, received = server)`, () => expect(snapshot).toEqual(book));
  }

  stocktake(op: StocktakeOp, where: string): Promise<void> {
    if (op.kind === 'stocktake-open') return this.openStocktake(this.warehouses[op.wh]!, where);
    return this.countOrPost(op.kind === 'stocktake-count' ? 'count' : 'post', op.wh, op.kind === 'stocktake-count' ? op.sheet : null, where);
  }

  /** Counting and posting go to the warehouse with a stocktake, if only one has; nothing happens if neither has. */
  private async countOrPost(kind: 'count' | 'post', warehouse: number, sheet: CountSheet | null, where: string): Promise<void> {
    const wh = this.stocktakeIds.has(this.warehouses[warehouse]!) ? this.warehouses[warehouse]! : this.warehouses[1 - warehouse]!;
    const id = this.stocktakeIds.get(wh);
    if (id === undefined) return;
    if (kind === 'count') {
      const lines = this.countLines(sheet!, wh);
      if (!lines.length) return;
      const accepted = this.model.count(wh, lines);
      const body = { lines: lines.map((l) => ({ itemId: l.itemId, ...(l.batchNo && { batchNo: l.batchNo }), countedQty: qtyOf(l.counted) })) };
      const res = await this.t.put(`/stocktakes/${id}/counts`, body, this.token);
      const plan: Plan<unknown> = accepted ? { ok: true, moves: [], notes: [], commit: () => undefined } : { ok: false, reason: 'the stocktake is posted' };
      return expectStatus(`${where}: PUT /stocktakes/${id}/counts ${JSON.stringify(body)}`, plan, res, this.labels, 200);
    }
    const plan = this.model.postStocktake(wh)!;
    const res = await this.t.post(`/stocktakes/${id}/post`, {}, this.token);
    expectStatus(`${where}: POST /stocktakes/${id}/post`, plan, res, this.labels, 200);
    if (plan.ok) plan.commit({ docType: 'STK', docNumber: this.model.stocktakes.get(wh)!.number });
  }

  /** Counts near the book quantity or anywhere; an expired batch is only ever counted short (a write-off); one line per batch. */
  private countLines(sheet: CountSheet, wh: number): Array<{ itemId: number; batchNo: string; counted: number }> {
    const st = this.model.stocktakes.get(wh)!;
    const lines = new Map<string, { itemId: number; batchNo: string; counted: number }>();
    const add = (itemId: number, batchNo: string, counted: Counted) => {
      const book = st.book.get(`${itemId}|${batchNo}`) ?? 0;
      let qty = 'delta' in counted ? Math.max(0, book + counted.delta) : counted.n;
      if (batchNo === EXPIRED_LOT.batchNo) qty = Math.min(qty, book);
      lines.set(`${itemId}|${batchNo}`, { itemId, batchNo, counted: qty });
    };
    if (sheet.everything) for (const lot of st.book.keys()) add(Number(lot.split('|')[0]), lot.slice(lot.indexOf('|') + 1), sheet.everything);
    for (const s of sheet.lines) add(this.items[s.item]!.id, this.batchOf(s.item, s.batch, true) ?? '', s.counted);
    return [...lines.values()];
  }
}
