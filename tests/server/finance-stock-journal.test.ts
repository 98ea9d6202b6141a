import { QueryTypes } from 'sequelize';
import { adjust, createItem, receive, transfer } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { TestApp } from '../support/test-app';

type Line = [account: string, debit: number, credit: number];

/**
 * Every stock document journals its value in the same transaction as its
 * moves (DESIGN §4 "Postings"), compared line by line against hand-computed
 * cents.
 */
describe('Stock documents in the journal', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number };
  let other: { id: number };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('SJ-A');
    other = await t.createWarehouse('SJ-B');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
    // The inventory account always equals the value of what is on hand.
    const [row] = await t.services.db.sequelize.query<{ gl: number | null; stock: number | null }>(
      `SELECT (SELECT SUM(debit) - SUM(credit) FROM journal_lines WHERE account_code = '1405') AS gl, (SELECT SUM(value) FROM stock_balances) AS stock`,
      { type: QueryTypes.SELECT },
    );
    expect(Number(row!.gl ?? 0)).toBe(Number(row!.stock ?? 0));
  });

  /** The journal of one source document: every line, in order. */
  async function journalOf(sourceType: string, sourceId: number): Promise<{ number: string; lines: Line[] }[]> {
    const entries = await t.services.db.sequelize.query<{ id: number; number: string }>(
      'SELECT id, number FROM journal_entries WHERE source_type = :sourceType AND source_id = :sourceId ORDER BY id',
      { replacements: { sourceType, sourceId }, type: QueryTypes.SELECT },
    );
    const out = [];
    for (const e of entries) {
      const lines = await t.services.db.sequelize.query<{ account_code: string; debit: number; credit: number }>(
        'SELECT account_code, debit, credit FROM journal_lines WHERE entry_id = :id ORDER BY line',
        { replacements: { id: e.id }, type: QueryTypes.SELECT },
      );
      out.push({ number: e.number, lines: lines.map((l): Line => [l.account_code, Number(l.debit), Number(l.credit)]) });
    }
    return out;
  }

  test('When opening stock is posted, then it is journaled Dr 1405 / Cr 4199 at its value, under a JE number naming its source', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 12.5, 3.2); // 40.00

    const journal = await journalOf('ADJ', doc.id);

    expect(journal).toEqual([{ number: expect.stringMatching(/^JE-\d{4}-\d{6}$/), lines: [['1405', 4000, 0], ['4199', 0, 4000]] }]);
  });

  test('When an adjustment both adds and removes, then gains go Dr 1405 / Cr 1901 and losses Dr 1901 / Cr 1405, each at its value', async () => {
    const item = await createItem(t);
    const second = await createItem(t);
    await receive(t, wh.id, item.id, 3, 2); // 6.00
    const res = await adjust(t, wh.id, [
      { itemId: item.id, qty: -1 }, // takes 2.00
      { itemId: second.id, qty: 2, unitCost: 1.255 }, // 2.51
    ], 'correction');

    expect(res.status).toBe(201);
    expect(await journalOf('ADJ', res.body.id)).toEqual([
      { number: expect.any(String), lines: [['1405', 251, 0], ['1901', 0, 251], ['1901', 200, 0], ['1405', 0, 200]] },
    ]);
  });

  test('When stock goes to internal use or as samples, then it is expensed to 6602 or 6601', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 10, 1.5); // 15.00
    const internal = await adjust(t, wh.id, [{ itemId: item.id, qty: -2 }], 'internal-use'); // 3.00
    const sample = await adjust(t, wh.id, [{ itemId: item.id, qty: -1 }], 'sample'); // 1.50

    expect((await journalOf('ADJ', internal.body.id))[0]!.lines).toEqual([['6602', 300, 0], ['1405', 0, 300]]);
    expect((await journalOf('ADJ', sample.body.id))[0]!.lines).toEqual([['6601', 150, 0], ['1405', 0, 150]]);
  });

  test('When stock moves between warehouses, then nothing is journaled', async () => {
    const item = await createItem(t);
    await receive(t, wh.id, item.id, 2, 1);
    const moved = await transfer(t, wh.id, other.id, [{ itemId: item.id, qty: 2 }]);

    expect(moved.status).toBe(201);
    expect(await journalOf('TRF', moved.body.id)).toEqual([]);
  });

  test('When a stocktake posts a loss and a gain, then they are journaled against 1901 at the values moved', async () => {
    const lost = await createItem(t, { sku: `SJ-A-${Date.now()}` });
    const found = await createItem(t, { sku: `SJ-B-${Date.now()}` });
    const place = await t.createWarehouse();
    await receive(t, place.id, lost.id, 4, 2.5); // 10.00
    await receive(t, place.id, found.id, 1, 3); // 3.00
    const st = await t.post('/stocktakes', { warehouseId: place.id }, admin);
    await t.put(`/stocktakes/${st.body.id}/counts`, { lines: [{ itemId: lost.id, countedQty: 3 }, { itemId: found.id, countedQty: 3 }] }, admin);

    const posted = await t.post(`/stocktakes/${st.body.id}/post`, {}, admin);

    expect(posted.status).toBe(200);
    // Lost 1 at 2.50; found 2 at the average 3.0000 = 6.00.
    expect(await journalOf('STK', st.body.id)).toEqual([{ number: expect.any(String), lines: [['1405', 600, 0], ['1901', 0, 600], ['1901', 250, 0], ['1405', 0, 250]] }]);
  });

  test('When an adjustment is cancelled, then its journal is reversed under the reversal, line for line', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 2, 4.5); // 9.00
    const original = (await journalOf('ADJ', doc.id))[0]!;

    const reversal = await t.post(`/stock/adjustments/${doc.id}/cancel`, {}, admin);

    expect(reversal.status).toBe(201);
    expect(await journalOf('ADJ', reversal.body.id)).toEqual([{ number: expect.any(String), lines: [['1405', 0, 900], ['4199', 900, 0]] }]);
    const [marks] = await t.services.db.sequelize.query<{ reversed_by: number | null }>('SELECT reversed_by FROM journal_entries WHERE number = :n', { replacements: { n: original.number }, type: QueryTypes.SELECT });
    expect(marks!.reversed_by).not.toBeNull();
  });

  test('When stock has no value (received at cost 0), then no empty entry is written', async () => {
    const item = await createItem(t);
    const doc = await receive(t, wh.id, item.id, 5, 0);

    expect(await journalOf('ADJ', doc.id)).toEqual([]);
  });

  test('When the journal cannot be posted (its period is closed), then the stock document is refused too and nothing moves', async () => {
    const item = await createItem(t);
    const month = '2025-03';
    await t.services.db.sequelize.query("INSERT INTO periods (month, status) VALUES (:month, 'closed')", { replacements: { month } });
    const res = await t.post('/stock/adjustments', { warehouseId: wh.id, reason: 'opening', date: `${month}-10`, lines: [{ itemId: item.id, qty: 1, unitCost: 1 }] }, admin);

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('period.closed');
  });
});
