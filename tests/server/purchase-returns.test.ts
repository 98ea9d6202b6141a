import { QueryTypes } from 'sequelize';
import { adjust, balance, createItem, createPartner, receive as openingStock } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { insertOrder, invoiceReceiptLine, journalOf, orderLine } from '../support/purchasing-receipts';
import { TestApp } from '../support/test-app';

/**
 * Purchase returns (DESIGN §4 "Returns", "Postings"): the goods leave at the
 * receipt's unit cost bounded by the value on hand; not invoiced → Dr
 * 2202.99 / Cr 1405; invoiced → a debit note Dr 2202.01 / Cr 1405 + 2221.01,
 * the difference to 6401.
 */
describe('Purchase returns', () => {
  let t: TestApp;
  let admin: string;
  let wh: { id: number };
  let supplier: { id: number; code: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    wh = await t.createWarehouse('PRT-A');
    supplier = await createPartner(t, 'suppliers');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  async function received(qty: number, unitCost: number, ordered = qty) {
    const item = await createItem(t);
    const po = await insertOrder(t, supplier.id, wh.id, [{ itemId: item.id, qty: ordered, unitCost }]);
    const res = await t.post(`/purchase-orders/${po.id}/receipts`, { lines: [{ lineId: po.lineIds[0], qty }] }, admin);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return { item, po, gr: res.body as { id: number; lines: Array<{ id: number }> } };
  }
  const returnGoods = (receiptId: number, lines: unknown[], extra: Record<string, unknown> = {}) => t.post('/purchase-returns', { receiptId, lines, ...extra }, admin);

  test('When goods not yet invoiced go back, they leave at receipt cost and release 2202.99; returning the rest releases exactly the rest', async () => {
    const { item, po, gr } = await received(10, 3.3333); // 33.333 → 33.33

    const first = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 3 }], { supplierCode: supplier.code, reason: 'damaged' });

    expect(first.status).toBe(201);
    // round(10 × 3.3333) − round(7 × 3.3333) = 33.33 − 23.33
    expect(first.body).toMatchObject({ number: expect.stringMatching(/^PRT-\d{4}-\d{6}$/), debitNoteId: null, lines: [expect.objectContaining({ qty: 3, unitCost: 3.3333, value: 10 })] });
    expect(await journalOf(t, 'PRT', first.body.id)).toEqual([[['2202.99', 1000, 0], ['1405', 0, 1000]]]);
    const rest = await returnGoods(gr.id, [{ itemId: item.id, qty: 7 }]);
    expect(await journalOf(t, 'PRT', rest.body.id)).toEqual([[['2202.99', 2333, 0], ['1405', 0, 2333]]]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 0, value: 0 });
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 10, returned: 10, invoiced: 0, status: 'partial' });
    const refused = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 0.001 }]);
    expect(refused.status).toBe(409);
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].qty' })]);
  });

  test('When the balance was issued from at another cost, the return takes at most the value on hand, the difference to 6401; the last unit takes the last value', async () => {
    const { item, gr } = await received(10, 10); // 100.00
    await openingStock(t, wh.id, item.id, 10, 2); // 20 on hand, 120.00, average 6
    expect((await adjust(t, wh.id, [{ itemId: item.id, qty: -15 }], 'damage')).status).toBe(201); // takes 90.00: 5 left at 30.00

    const bounded = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 4 }]);

    expect(bounded.status).toBe(201);
    expect(bounded.body.lines[0]).toMatchObject({ qty: 4, value: 30 });
    // 2202.99 releases 4 × 10 = 40.00; the stock holds only 30.00.
    expect(await journalOf(t, 'PRT', bounded.body.id)).toEqual([[['2202.99', 4000, 0], ['1405', 0, 3000], ['6401', 0, 1000]]]);
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 1, value: 0 });

    expect((await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 2 }])).status).toBe(409); // only 1 on hand
    const last = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 1 }]);
    expect(await journalOf(t, 'PRT', last.body.id)).toEqual([[['2202.99', 1000, 0], ['6401', 0, 1000]]]);
  });

  test('When invoiced goods go back, a debit note is raised at the invoice price and tax: Dr 2202.01 / Cr 1405 + 2221.01, the difference to 6401', async () => {
    const { item, po, gr } = await received(10, 5);
    await invoiceReceiptLine(t, gr.lines[0]!.id, 10, 5.5, 0.13); // 55.00 + 7.15

    const res = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 4 }]);

    expect(res.status).toBe(201);
    expect(res.body.debitNoteId).toEqual(expect.any(Number));
    // 4 × 5.50 = 22.00, tax 2.86, total 24.86; stock 4 × 5.00 = 20.00
    expect(await journalOf(t, 'PRT', res.body.id)).toEqual([[['2202.01', 2486, 0], ['1405', 0, 2000], ['2221.01', 0, 286], ['6401', 0, 200]]]);
    const [note] = await t.services.db.sequelize.query<Record<string, unknown>>('SELECT kind, total, base_total, tax, return_id, status FROM purchase_invoices WHERE id = :id', {
      replacements: { id: res.body.debitNoteId },
      type: QueryTypes.SELECT,
    });
    expect({ ...note, total: Number(note!.total), base_total: Number(note!.base_total), tax: Number(note!.tax), return_id: Number(note!.return_id) }).toEqual({
      kind: 'debit-note', total: -2486, base_total: -2486, tax: -286, return_id: res.body.id, status: 'open',
    });
    const [item_] = await t.services.db.sequelize.query<Record<string, unknown>>("SELECT kind, open_amount FROM open_items WHERE doc_type = 'PI' AND doc_id = :id", {
      replacements: { id: res.body.debitNoteId },
      type: QueryTypes.SELECT,
    });
    expect({ kind: item_!.kind, open: Number(item_!.open_amount) }).toEqual({ kind: 'debit-note', open: -2486 });
    expect(await orderLine(t, po.lineIds[0]!)).toMatchObject({ received: 10, returned: 4, invoiced: 6 });
    expect(await balance(t, wh.id, item.id)).toMatchObject({ onHand: 6, value: 30 });
  });

  test('When a return spans invoiced and not invoiced goods, the open part releases 2202.99 and the rest goes on the debit note', async () => {
    const { gr } = await received(10, 2);
    await invoiceReceiptLine(t, gr.lines[0]!.id, 6, 2, 0.1); // 12.00 + 1.20: 4 left not invoiced

    const res = await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 8 }]);

    // 4 not invoiced: 8.00 from 2202.99; 4 invoiced: 8.00 + 0.80 on the note; stock 16.00 leaves.
    expect(await journalOf(t, 'PRT', res.body.id)).toEqual([[['2202.99', 800, 0], ['2202.01', 880, 0], ['1405', 0, 1600], ['2221.01', 0, 80]]]);
    expect((await t.get(`/goods-receipts/${gr.id}`, admin)).body.lines[0]).toMatchObject({ returned: 8, invoiced: 2 });
  });

  test('When a return names another supplier, an unknown line, or a cancelled receipt, it is refused and writes nothing', async () => {
    const { gr } = await received(2, 1);
    const other = await createPartner(t, 'suppliers');
    expect((await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 1 }], { supplierId: other.id })).status).toBe(422);
    const unknown = await returnGoods(gr.id, [{ receiptLineId: 99999999, qty: 1 }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].receiptLineId' })]);
    expect((await t.post(`/goods-receipts/${gr.id}/cancel`, {}, admin)).status).toBe(201);
    expect((await returnGoods(gr.id, [{ receiptLineId: gr.lines[0]!.id, qty: 1 }])).status).toBe(409);
    const [count] = await t.services.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM purchase_returns WHERE receipt_id = :id', { replacements: { id: gr.id }, type: QueryTypes.SELECT });
    expect(Number(count!.n)).toBe(0);
  });
});
