import { contractPrice } from '../../server/modules/suppliers-admin/contract-prices';
import { createItem, createPartner } from '../support/inventory';
import { expectInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Supplier contracts', () => {
  let t: TestApp;
  let admin: string;
  let supplier: { id: number; code: string };
  let other: { id: number; code: string };
  let a: { id: number; sku: string };
  let b: { id: number; sku: string };
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    supplier = await createPartner(t, 'suppliers', { code: 'SC-SUP-1', currency: 'CNY', paymentTermsDays: 30 });
    other = await createPartner(t, 'suppliers', { code: 'SC-SUP-2' });
    a = await createItem(t, { sku: 'SC-A' });
    b = await createItem(t, { sku: 'SC-B' });
  });
  afterAll(() => t.stop());
  afterEach(() => expectInvariants(t));

  const year = new Date().getFullYear();
  const contract = (over: Record<string, unknown> = {}) => ({
    supplierCode: supplier.code, title: 'Frame agreement', startDate: '2031-01-01', endDate: '2031-03-31', lines: [{ sku: a.sku, unitPrice: 10.5 }], ...over,
  });
  const post = (body: unknown) => t.post('/supplier-contracts', body, admin);
  const count = async () => (await t.get(`/supplier-contracts?supplierId=${supplier.id}&limit=1000`, admin)).body.total as number;

  test('When a contract is posted, then it is numbered SC-YYYY-NNNNNN, active, in the supplier currency, and GET returns it as sent', async () => {
    const res = await post(contract({ startDate: '2030-01-01', endDate: '2030-12-31', note: 'n', lines: [{ sku: a.sku, unitPrice: 10.1234 }, { itemId: b.id, unitPrice: 3, minQty: 10.5 }] }));

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: res.body.id, number: expect.stringMatching(new RegExp(`^SC-${year}-\\d{6}$`)), supplierId: supplier.id, supplierCode: supplier.code,
      title: 'Frame agreement', startDate: '2030-01-01', endDate: '2030-12-31', currency: 'CNY', paymentTermsDays: null, note: 'n', status: 'active', version: 1,
      lines: [{ line: 1, itemId: a.id, sku: a.sku, unitPrice: 10.1234, minQty: null }, { line: 2, itemId: b.id, sku: b.sku, unitPrice: 3, minQty: 10.5 }],
    });
    expect((await t.get(`/supplier-contracts/${res.body.id}`, admin)).body).toEqual(res.body);
    expect((await t.get(`/supplier-contracts?q=${res.body.number.toLowerCase()}`, admin)).body).toMatchObject({ total: 1, data: [{ id: res.body.id }] });
  });

  test('When a second active contract prices the same item on overlapping dates, then it is a 409 naming the line and the other contract, and nothing is saved', async () => {
    const first = await post(contract());
    const before = await count();

    const res = await post(contract({ startDate: '2031-03-31', endDate: '2031-06-30', lines: [{ sku: b.sku, unitPrice: 1 }, { sku: a.sku, unitPrice: 9 }] }));

    expectProblem(res, 409, ['lines[1].sku']);
    expect(res.body.detail).toContain(first.body.number);
    expect(res.body.errors[0].message).toContain(first.body.number);
    expect(await count()).toBe(before);
  });

  test('When the dates are adjacent, the item differs, the supplier differs or the other contract is terminated, then the contract saves', async () => {
    await post(contract({ startDate: '2032-01-01', endDate: '2032-03-31' }));
    expect((await post(contract({ startDate: '2032-04-01', endDate: '2032-06-30' }))).status).toBe(201);
    expect((await post(contract({ startDate: '2032-01-01', endDate: '2032-03-31', lines: [{ sku: b.sku, unitPrice: 2 }] }))).status).toBe(201);
    expect((await post(contract({ supplierCode: other.code, startDate: '2032-01-01', endDate: '2032-03-31' }))).status).toBe(201);

    const ended = await post(contract({ startDate: '2033-01-01', endDate: '2033-12-31' }));
    const terminated = await t.post(`/supplier-contracts/${ended.body.id}/terminate`, {}, admin);
    expect(terminated.body).toMatchObject({ status: 'terminated', version: 2 });
    expect((await post(contract({ startDate: '2033-06-01', endDate: '2033-06-30' }))).status).toBe(201);
    expectProblem(await t.post(`/supplier-contracts/${ended.body.id}/terminate`, {}, admin), 409);
    expectProblem(await t.patch(`/supplier-contracts/${ended.body.id}`, { title: 'x' }, admin), 409);
  });

  test('When two overlapping contracts are posted at once, then exactly one is saved (the supplier row is the lock)', async () => {
    const racer = await createPartner(t, 'suppliers', { code: 'SC-RACE' });
    const body = (title: string) => contract({ supplierId: racer.id, supplierCode: undefined, title, startDate: '2037-01-01', endDate: '2037-12-31' });

    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => post(body(`race ${i}`))));

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await t.get(`/supplier-contracts?supplierId=${racer.id}`, admin)).body.total).toBe(1);
  });

  test('When the end date is before the start date, then it is a 422 naming endDate; a one-day contract is fine', async () => {
    expectProblem(await post(contract({ startDate: '2034-02-02', endDate: '2034-02-01' })), 422, ['endDate']);
    expect((await post(contract({ startDate: '2034-02-02', endDate: '2034-02-02' }))).status).toBe(201);
  });

  test('When a line is bad (unknown sku, 5-decimal price, the same item and minQty twice) or the supplier is unknown, then it is a 422 naming it', async () => {
    expectProblem(await post(contract({ lines: [{ sku: 'NOPE', unitPrice: 1 }] })), 422, ['lines[0].sku']);
    expectProblem(await post(contract({ lines: [{ sku: a.sku, unitPrice: 1.12345 }] })), 422, ['lines[0].unitPrice']);
    expectProblem(await post(contract({ startDate: '2040-01-01', endDate: '2040-01-02', lines: [{ sku: a.sku, unitPrice: 1 }, { itemId: a.id, unitPrice: 2 }] })), 422, ['lines[1].itemId']);
    expectProblem(await post(contract({ supplierCode: 'NOPE' })), 422, ['supplierCode']);
    expectProblem(await post(contract({ lines: [] })), 422, ['lines']);
    expectProblem(await post(contract({ currency: 'XXX' })), 422, ['currency']);
  });

  test('When a contract is patched, then overlaps are checked against the others; a stale version is a 412 and changes nothing', async () => {
    await post(contract({ startDate: '2035-01-01', endDate: '2035-01-31' }));
    const mine = await post(contract({ startDate: '2035-02-01', endDate: '2035-02-28' }));

    expectProblem(await t.patch(`/supplier-contracts/${mine.body.id}`, { startDate: '2035-01-31' }, admin), 409, ['lines[0].itemId']);
    const moved = await t.patch(`/supplier-contracts/${mine.body.id}`, { endDate: '2035-03-31', lines: [{ sku: a.sku, unitPrice: 8 }, { sku: b.sku, unitPrice: 4 }] }, admin, { 'If-Match': '"1"' });
    expect(moved.status).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
    expect(moved.body).toMatchObject({ endDate: '2035-03-31', version: 2, lines: [{ sku: a.sku, unitPrice: 8 }, { sku: b.sku, unitPrice: 4 }] });

    const stale = await t.patch(`/supplier-contracts/${mine.body.id}`, { title: 'stale', version: 1 }, admin);
    expect(stale.status).toBe(412);
    expectProblem(await t.patch(`/supplier-contracts/${mine.body.id}`, { startDate: '2035-04-01' }, admin), 422, ['startDate']);
    expect((await t.get(`/supplier-contracts/${mine.body.id}`, admin)).body).toMatchObject({ title: 'Frame agreement', startDate: '2035-02-01', version: 2 });
  });

  test('When a user may only read suppliers, then they list contracts but may not write them', async () => {
    const viewer = await t.createUser([(await t.createRole(['supplier:read'])).name]);
    expect((await t.get('/supplier-contracts', viewer.token)).status).toBe(200);
    expectProblem(await t.post('/supplier-contracts', contract({ startDate: '2036-01-01', endDate: '2036-01-02' }), viewer.token), 403);
    const nobody = await t.createUser([]);
    expectProblem(await t.get('/supplier-contracts', nobody.token), 403);
  });

  test('contractPrice: active, date within (inclusive), same currency, minQty ≤ qty; the lowest price wins; terminated never applies', async () => {
    const s = await createPartner(t, 'suppliers', { code: 'SC-PRICE' });
    const other = await createPartner(t, 'suppliers', { code: 'SC-PRICE-2' });
    const item = await createItem(t, { sku: 'SC-PRICE-ITEM' });
    const tiers = await post({ supplierId: s.id, title: 'Tiers', startDate: '2030-01-01', endDate: '2030-06-30', lines: [
      { itemId: item.id, unitPrice: 10 }, { itemId: item.id, unitPrice: 9.5, minQty: 100 }, { itemId: item.id, unitPrice: 9.75, minQty: 50 },
    ] });
    const usd = await post({ supplierId: s.id, title: 'USD', startDate: '2030-07-01', endDate: '2030-12-31', currency: 'USD', lines: [{ itemId: item.id, unitPrice: 1.25 }] });
    const elsewhere = await post({ supplierId: other.id, title: 'Other', startDate: '2030-01-01', endDate: '2030-12-31', lines: [{ itemId: item.id, unitPrice: 1 }] });
    expect([tiers.status, usd.status, elsewhere.status]).toEqual([201, 201, 201]);
    const price = (date: string, qty: number, currency = 'CNY') => contractPrice(t.services.db, s.id, item.id, date, currency, qty * 1000);

    expect(await price('2030-01-01', 1)).toEqual({ unitPrice: 100000, contractId: tiers.body.id });
    expect(await price('2030-06-30', 49.999)).toEqual({ unitPrice: 100000, contractId: tiers.body.id });
    expect(await price('2030-03-01', 50)).toEqual({ unitPrice: 97500, contractId: tiers.body.id });
    expect(await price('2030-03-01', 100)).toEqual({ unitPrice: 95000, contractId: tiers.body.id });
    expect(await price('2029-12-31', 100)).toBeNull();
    expect(await price('2030-07-01', 100)).toBeNull();
    expect(await price('2030-07-01', 1, 'USD')).toEqual({ unitPrice: 12500, contractId: usd.body.id });
    expect(await price('2030-03-01', 1, 'USD')).toBeNull();

    await t.post(`/supplier-contracts/${tiers.body.id}/terminate`, {}, admin);
    expect(await price('2030-03-01', 100)).toBeNull();
  });
});
