import { createItem, receive } from '../support/inventory';
import { TestApp } from '../support/test-app';

/**
 * A stocktake's snapshot is taken under the balances' locks (DESIGN §4): a
 * move still in flight when the count opens is either in the snapshot or in
 * "moves since", never in neither. On PostgreSQL a move's id is drawn before
 * it commits, so without the lock a later-numbered move committed elsewhere
 * would push the snapshot's mark past it.
 */
describe('Stocktake snapshot', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When a receipt is still in flight as a count opens, then the count waits for it and its book quantity includes it', async () => {
    const counted = await t.createWarehouse();
    const elsewhere = await t.createWarehouse();
    const arriving = await createItem(t);
    const other = await createItem(t);
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let posted!: () => void;
    const inFlight = new Promise<void>((resolve) => (posted = resolve));

    // A receipt into the counted warehouse, its move written but not yet committed.
    const receipt = t.services.db.transaction(async (tx) => {
      await t.services.stockLedger.post(
        [{ line: 0, itemId: arriving.id, warehouseId: counted.id, batchNo: null, qty: 5000, unitCost: 10000 }],
        { docType: 'TEST', docId: 1, docNumber: 'TEST-IN-FLIGHT', date: t.services.calendar.today(), userId: null },
        tx,
      );
      posted();
      await held;
    });
    await inFlight;
    let opened: { status: number; body: { lines: Array<{ itemId: number; bookQty: number }> } } | null = null;
    const opening = (async () => {
      // A later move, committed elsewhere first (on SQLite it queues behind the receipt instead).
      await receive(t, elsewhere.id, other.id, 1, 1);
      opened = await t.post('/stocktakes', { warehouseId: counted.id }, admin);
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const openedBeforeCommit = opened !== null;
    letGo();
    await receipt;
    await opening;

    expect(openedBeforeCommit).toBe(false);
    expect(opened!.status).toBe(201);
    expect(opened!.body.lines).toEqual([expect.objectContaining({ itemId: arriving.id, bookQty: 5 })]);
  });
});
