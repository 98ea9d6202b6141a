import { createItem, createPartner } from '../support/inventory';
import { insertInvoice, insertOrder, insertReceipt, insertReturn, rate } from '../support/purchasing-suppliers';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

/**
 * Scorecards over 2025, from orders, receipts, returns and invoice lines
 * written straight into the tables, every figure worked out by hand below.
 */
describe('Supplier scorecards and performance', () => {
  let t: TestApp;
  let admin: string;
  const W = '?from=2025-01-01&to=2025-12-31';
  const s: Record<string, { id: number; code: string }> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const wh = await t.createWarehouse('SCR-W');
    const x = await createItem(t, { sku: 'SCR-X' });
    const y = await createItem(t, { sku: 'SCR-Y' });
    s.main = await createPartner(t, 'suppliers', { code: 'SCR-1-MAIN', category: 'metal', grade: 'key' });
    s.rated = await createPartner(t, 'suppliers', { code: 'SCR-2-RATED', category: 'metal' });
    s.none = await createPartner(t, 'suppliers', { code: 'SCR-3-NONE', category: 'wood' });
    s.late = await createPartner(t, 'suppliers', { code: 'SCR-4-LATE', category: 'metal' });
    s.poor = await createPartner(t, 'suppliers', { code: 'SCR-5-POOR', category: 'wood' });
    const supplierId = s.main!.id;
    const warehouseId = wh.id;
    const order = (o: Omit<Parameters<typeof insertOrder>[1], 'supplierId' | 'warehouseId'>, sid = supplierId) => insertOrder(t, { supplierId: sid, warehouseId, ...o });
    const receipt = (orderId: number, date: string, lines: Array<{ orderLineId: number; itemId: number; qty: number; value: number }>, status?: string, sid = supplierId) =>
      insertReceipt(t, { orderId, supplierId: sid, warehouseId, date, lines, status });

    // Orders dated in 2025 (not draft, not cancelled): O1, O2, O3, O7 → 4.
    // Due in 2025: O1 (100 + 50), O2 (10), O3 (20, due on its date), O6 (40) → ordered 220;
    // received, each line up to its qty: 100 + 30 + 10 (12 arrived) + 5 + 40 = 185.
    const o1 = await order({ date: '2025-02-01', expectedDate: '2025-02-10', lines: [{ itemId: x.id, qty: 100, received: 100 }, { itemId: y.id, qty: 50, received: 30 }] });
    const o2 = await order({ date: '2025-03-01', expectedDate: '2025-03-05', status: 'done', lines: [{ itemId: x.id, qty: 10, received: 12 }] });
    const o3 = await order({ date: '2025-04-01', expectedDate: null, status: 'partial', lines: [{ itemId: x.id, qty: 20, received: 5 }] });
    await order({ date: '2025-05-01', status: 'draft', lines: [{ itemId: x.id, qty: 1000 }] });
    await order({ date: '2025-05-02', status: 'cancelled', lines: [{ itemId: x.id, qty: 1000 }] });
    const o6 = await order({ date: '2024-12-20', expectedDate: '2025-01-05', status: 'done', lines: [{ itemId: x.id, qty: 40, received: 40 }] });
    await order({ date: '2025-12-20', expectedDate: '2026-01-10', lines: [{ itemId: x.id, qty: 5 }] });

    // Standing receipts in 2025: R1 (on time, 7 days), R2 (late, 6 days), R3 (on its expected day, 16 days),
    // R4 (order promised no date: not in on-time, 2 days) → on time 2 / 3, lead (7 + 6 + 16 + 2) / 4 = 7.75;
    // received value 1000 + 300 + 120 + 400 + 50 = 1870.00. The cancelled one counts nowhere.
    const r1 = await receipt(o1.id, '2025-02-08', [{ orderLineId: o1.lineIds[0]!, itemId: x.id, qty: 100, value: 1000 }, { orderLineId: o1.lineIds[1]!, itemId: y.id, qty: 30, value: 300 }]);
    const r2 = await receipt(o2.id, '2025-03-07', [{ orderLineId: o2.lineIds[0]!, itemId: x.id, qty: 12, value: 120 }]);
    await receipt(o6.id, '2025-01-05', [{ orderLineId: o6.lineIds[0]!, itemId: x.id, qty: 40, value: 400 }]);
    await receipt(o3.id, '2025-04-03', [{ orderLineId: o3.lineIds[0]!, itemId: x.id, qty: 5, value: 50 }]);
    await receipt(o1.id, '2025-02-09', [{ orderLineId: o1.lineIds[0]!, itemId: x.id, qty: 99, value: 999 }], 'cancelled');

    // Returned by the window's end, of goods received in it: 100.00 → 100 / 1870; the 2026 return is after the window.
    await insertReturn(t, { receiptId: r1.id, supplierId, warehouseId, date: '2025-03-01', lines: [{ receiptLineId: r1.lineIds[1]!, orderLineId: o1.lineIds[1]!, itemId: y.id, qty: 10, value: 100 }] });
    await insertReturn(t, { receiptId: r2.id, supplierId, warehouseId, date: '2026-01-15', lines: [{ receiptLineId: r2.lineIds[0]!, orderLineId: o2.lineIds[0]!, itemId: x.id, qty: 12, value: 120 }] });

    // Price variance: (|20| + |−10|) / (1000 + 300); debit notes, cancelled and 2026 invoices left out.
    await insertInvoice(t, { supplierId, date: '2025-03-10', lines: [{ baseAmount: 1000, varianceBase: 20 }, { baseAmount: 300, varianceBase: -10 }] });
    await insertInvoice(t, { supplierId, date: '2025-03-11', kind: 'debit-note', lines: [{ baseAmount: -100, varianceBase: 50 }] });
    await insertInvoice(t, { supplierId, date: '2025-03-12', status: 'cancelled', lines: [{ baseAmount: 500, varianceBase: 500 }] });
    await insertInvoice(t, { supplierId, date: '2026-02-01', lines: [{ baseAmount: 500, varianceBase: 500 }] });

    // Ratings in 2025: [5,4,3,4] and [4,4,5,3] → 4.5, 4, 4, 3.5; mean 32 / 8 = 4 → 4 / 5 = 0.8. The 2024 one is outside.
    await rate(t, supplierId, '2025-06-01', [5, 4, 3, 4]);
    await rate(t, supplierId, '2025-07-01', [4, 4, 5, 3]);
    await rate(t, supplierId, '2024-12-31', [1, 1, 1, 1]);

    // Only ratings: score = the rating component alone = 100 → A.
    await rate(t, s.rated!.id, '2025-08-01', [5, 5, 5, 5]);
    // Only one receipt, late, complete, nothing returned: (30·0 + 25·1 + 20·1) / 75 = 60 → C.
    const late = await order({ date: '2025-05-01', expectedDate: '2025-05-10', lines: [{ itemId: x.id, qty: 10, received: 10 }] }, s.late!.id);
    await receipt(late.id, '2025-05-20', [{ orderLineId: late.lineIds[0]!, itemId: x.id, qty: 10, value: 100 }], undefined, s.late!.id);
    // Ratings of 1: 100 · 4 / 20 = 20 → D.
    await rate(t, s.poor!.id, '2025-09-01', [1, 1, 1, 1]);
  });
  afterAll(() => t.stop());
  // The documents here are written straight into their tables as measuring fixtures (no stock moves, no journals),
  // so the ledgers' invariants are not theirs to keep; the purchasing flow tests keep them.

  test('When the scorecard is asked for 2025, then every component and the score are as worked out by hand', async () => {
    const res = await t.get(`/suppliers/${s.main!.id}/scorecard${W}`, admin);

    expect(res.status).toBe(200);
    // 100 × (0.30 · 2/3 + 0.25 · 185/220 + 0.20 · (1 − 100/1870) + 0.25 · 0.8) = 79.9532… → 79.95, B.
    expect(res.body).toEqual({
      supplierId: s.main!.id, from: '2025-01-01', to: '2025-12-31',
      orders: 4, orderedQty: 220, receivedQty: 185,
      fillRate: 0.840909, onTimeRate: 0.666667, averageLeadDays: 7.75, returnRate: 0.053476, priceVarianceRate: 0.023077,
      ratings: { quality: 4.5, delivery: 4, price: 4, service: 3.5, count: 2 },
      score: 79.95, grade: 'B',
    });
  });

  test('When a component has nothing to measure, then it is null and the others carry the score; with nothing at all there is no score', async () => {
    const rated = await t.get(`/suppliers/${s.rated!.id}/scorecard${W}`, admin);
    const late = await t.get(`/suppliers/${s.late!.id}/scorecard${W}`, admin);
    const none = await t.get(`/suppliers/${s.none!.id}/scorecard${W}`, admin);

    expect(rated.body).toMatchObject({ orders: 0, fillRate: null, onTimeRate: null, returnRate: null, averageLeadDays: null, score: 100, grade: 'A' });
    expect(late.body).toMatchObject({ orders: 1, fillRate: 1, onTimeRate: 0, returnRate: 0, averageLeadDays: 19, priceVarianceRate: null, ratings: { count: 0, quality: null }, score: 60, grade: 'C' });
    expect(none.body).toMatchObject({ orders: 0, orderedQty: 0, score: null, grade: null, ratings: { quality: null, delivery: null, price: null, service: null, count: 0 } });
  });

  test('When the window is left out, then it is the twelve months up to today; from after to is a 422; an unknown supplier is a 404', async () => {
    const today = t.services.calendar.today();
    const res = await t.get(`/suppliers/${s.main!.id}/scorecard`, admin);
    const start = new Date(`${today}T00:00:00Z`);
    start.setUTCFullYear(start.getUTCFullYear() - 1);
    start.setUTCDate(start.getUTCDate() + 1);
    expect(res.body).toMatchObject({ from: start.toISOString().slice(0, 10), to: today });

    expectProblem(await t.get(`/suppliers/${s.main!.id}/scorecard?from=2025-02-01&to=2025-01-31`, admin), 422, ['from']);
    expectProblem(await t.get('/suppliers/99999/scorecard', admin), 404);
  });

  test('When the performance list is asked for, then suppliers are ranked by score, unscored last without a rank', async () => {
    const res = await t.get(`/suppliers/performance${W}`, admin);

    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { supplierCode: string; score: number | null; grade: string | null; rank: number | null }) => [r.supplierCode, r.score, r.grade, r.rank])).toEqual([
      ['SCR-2-RATED', 100, 'A', 1],
      ['SCR-1-MAIN', 79.95, 'B', 2],
      ['SCR-4-LATE', 60, 'C', 3],
      ['SCR-5-POOR', 20, 'D', 4],
      ['SCR-3-NONE', null, null, null],
    ]);
    expect(res.body.total).toBe(5);
    expect(res.body.data[1]).toEqual({ ...(await t.get(`/suppliers/${s.main!.id}/scorecard${W}`, admin)).body, supplierCode: 'SCR-1-MAIN', name: expect.any(String), category: 'metal', supplierGrade: 'key', rank: 2 });
  });

  test("When filtered by the supplier's category or grade, or by the score's grade, then only those are listed (ranked within the category or grade; the score's grade keeps the ranks)", async () => {
    const codes = async (query: string) => (await t.get(`/suppliers/performance${W}&${query}`, admin)).body.data.map((r: { supplierCode: string; rank: number | null }) => [r.supplierCode, r.rank]);

    expect(await codes('category=metal')).toEqual([['SCR-2-RATED', 1], ['SCR-1-MAIN', 2], ['SCR-4-LATE', 3]]);
    expect(await codes('category=wood')).toEqual([['SCR-5-POOR', 1], ['SCR-3-NONE', null]]);
    expect(await codes('grade=key')).toEqual([['SCR-1-MAIN', 1]]);
    expect(await codes('scoreGrade=C')).toEqual([['SCR-4-LATE', 3]]);
    expect((await t.get(`/suppliers/performance${W}&limit=2&offset=1`, admin)).body).toMatchObject({ total: 5, data: [{ supplierCode: 'SCR-1-MAIN' }, { supplierCode: 'SCR-4-LATE' }] });
  });

  test('When an evaluation is posted, then it is listed; a score outside 1–5, a fraction or a future date is a 422; reading needs supplier:read', async () => {
    const posted = await t.post(`/suppliers/${s.none!.id}/evaluations`, { date: '2025-10-01', quality: 3, delivery: 2, price: 5, service: 1, comment: 'ok' }, admin);
    expect(posted.status).toBe(201);
    expect(posted.body).toEqual({ id: posted.body.id, supplierId: s.none!.id, date: '2025-10-01', quality: 3, delivery: 2, price: 5, service: 1, comment: 'ok', userId: expect.any(Number) });
    const today = await t.post(`/suppliers/${s.none!.id}/evaluations`, { quality: 3, delivery: 3, price: 3, service: 3 }, admin);
    expect(today.body.date).toBe(t.services.calendar.today());
    expect((await t.get(`/suppliers/${s.none!.id}/evaluations?from=2025-01-01&to=2025-12-31`, admin)).body).toMatchObject({ total: 1, data: [{ id: posted.body.id }] });

    expectProblem(await t.post(`/suppliers/${s.none!.id}/evaluations`, { quality: 0, delivery: 6, price: 2.5, service: 3 }, admin), 422, ['quality', 'delivery', 'price']);
    expectProblem(await t.post(`/suppliers/${s.none!.id}/evaluations`, { date: '2999-01-01', quality: 1, delivery: 1, price: 1, service: 1 }, admin), 422, ['date']);
    expectProblem(await t.post('/suppliers/99999/evaluations', { quality: 1, delivery: 1, price: 1, service: 1 }, admin), 404);
    const nobody = await t.createUser([]);
    expectProblem(await t.get(`/suppliers/${s.none!.id}/scorecard`, nobody.token), 403);
    expectProblem(await t.get('/suppliers/performance', nobody.token), 403);
    expectProblem(await t.post(`/suppliers/${s.none!.id}/evaluations`, { quality: 1, delivery: 1, price: 1, service: 1 }, nobody.token), 403);
  });
});
