import { createItem, createPartner } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Suppliers and customers', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    await expectStockInvariants(t);
    await expectInvariants(t);
  });

  const fullPartner = {
    name: '华东五金有限公司', category: 'hardware', grade: 'A', contact: '王经理', phone: '+86 21 5555 0100',
    email: 'buy@example.cn', address: '上海市浦东新区 1 号', paymentTermsDays: 30, currency: 'USD', active: true,
  };

  describe.each(['suppliers', 'customers'] as const)('%s', (kind) => {
    test('When one is created, fetched, patched and deleted, then each step answers as it should', async () => {
      const code = `${kind.slice(0, 3).toUpperCase()}-CRUD`;

      const created = await t.post(`/${kind}`, { code, ...fullPartner }, admin);
      const fetched = await t.get(`/${kind}/${created.body.id}`, admin);
      const patched = await t.patch(`/${kind}/${created.body.id}`, { phone: '021-1234', active: false }, admin);
      const deleted = await t.delete(`/${kind}/${created.body.id}`, admin);
      const gone = await t.get(`/${kind}/${created.body.id}`, admin);

      expect(created.status).toBe(201);
      expect(fetched.body).toMatchObject({ id: created.body.id, code, ...fullPartner });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({ ...fetched.body, phone: '021-1234', active: false, version: 2 });
      expect(deleted.status).toBe(204);
      expectProblem(gone, 404);
    });

    test('When only code and name are given, then currency is CNY, it is active and the rest is empty', async () => {
      const res = await t.post(`/${kind}`, { code: `${kind}-MIN`, name: 'Minimal' }, admin);

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ currency: 'CNY', active: true, email: null, paymentTermsDays: null });
    });

    test('When a second one takes an existing code, by POST or PATCH, then 409 naming code', async () => {
      await createPartner(t, kind, { code: `${kind}-DUP` });
      const other = await createPartner(t, kind);

      expectProblem(await t.post(`/${kind}`, { code: `${kind}-DUP`, name: 'Again' }, admin), 409, ['code']);
      expectProblem(await t.patch(`/${kind}/${other.id}`, { code: `${kind}-DUP` }, admin), 409, ['code']);
      expect((await t.get(`/${kind}/${other.id}`, admin)).body.code).toBe(other.code);
    });

    test('When listed with q, then code and name match ignoring case, with {data, total} paging', async () => {
      await createPartner(t, kind, { code: `${kind}-QX-1`, name: 'Alpha' });
      await createPartner(t, kind, { code: `${kind}-B2`, name: 'beta qx trading' });
      await createPartner(t, kind, { code: `${kind}-C3`, name: 'Gamma' });

      const all = await t.get(`/${kind}?q=QX`, admin);
      const page = await t.get(`/${kind}?q=qx&limit=1&offset=1`, admin);

      expect(all.body.total).toBe(2);
      expect(all.body.data.map((p: { code: string }) => p.code)).toEqual([`${kind}-B2`, `${kind}-QX-1`]);
      expect(page.body).toEqual({ data: [expect.objectContaining({ code: `${kind}-QX-1` })], total: 2 });
    });

    test('When a PATCH names one field, then the others keep their values', async () => {
      const created = await t.post(`/${kind}`, { code: `${kind}-KEEP`, ...fullPartner, active: false }, admin);

      const res = await t.patch(`/${kind}/${created.body.id}`, { name: 'Renamed' }, admin);

      expect(res.body).toEqual({ ...created.body, name: 'Renamed', version: 2 });
    });

    test('When Chinese, emoji, SQL- and HTML-looking text is stored, then it comes back exactly', async () => {
      const texts = { name: '螺丝钉 M6 🔩 供应商', contact: `O'Brien"; DELETE FROM ${kind};--`, address: '<img src=x onerror=alert(1)>' };

      const created = await t.post(`/${kind}`, { code: `${kind}-UNI`, ...texts }, admin);
      const fetched = await t.get(`/${kind}/${created.body.id}`, admin);
      const found = await t.get(`/${kind}?q=${encodeURIComponent('螺丝钉')}`, admin);

      expect(fetched.body).toMatchObject(texts);
      expect(found.body.data.map((p: { id: number }) => p.id)).toEqual([created.body.id]);
    });

    test('When fields are invalid, then 422 names each: bad email, currency, fractional payment terms, unknown field', async () => {
      const res = await t.post(`/${kind}`, { code: `${kind}-BAD`, name: 'Bad', email: 'not-an-email', currency: 'yuan', paymentTermsDays: 1.5, colour: 'red' }, admin);

      expectProblem(res, 422);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'currency', 'email', 'paymentTermsDays']);
      expect((await t.get(`/${kind}?q=${kind}-BAD`, admin)).body.total).toBe(0);
    });
  });

  test('When a customer has a credit limit, then it is kept to the cent; more decimals are a 422', async () => {
    const created = await t.post('/customers', { code: 'CUS-CREDIT', name: 'Credit', creditLimit: 50000.55 }, admin);
    const patched = await t.patch(`/customers/${created.body.id}`, { creditLimit: 120000 }, admin);
    const tooPrecise = await t.post('/customers', { code: 'CUS-CREDIT-2', name: 'Credit', creditLimit: 1.005 }, admin);
    const cleared = await t.patch(`/customers/${created.body.id}`, { creditLimit: null }, admin);

    expect(created.body.creditLimit).toBe(50000.55);
    expect(patched.body.creditLimit).toBe(120000);
    expectProblem(tooPrecise, 422, ['creditLimit']);
    expect(cleared.body.creditLimit).toBeNull();
  });

  test('When a supplier is given a credit limit, then 422: suppliers have none', async () => {
    expectProblem(await t.post('/suppliers', { code: 'SUP-CREDIT', name: 'No credit', creditLimit: 100 }, admin), 422, ['creditLimit']);
  });

  test('When a supplier that an item names as its default is deleted, then 409 and both stay', async () => {
    const supplier = await createPartner(t, 'suppliers', { code: 'SUP-USED' });
    const item = await createItem(t, { defaultSupplierId: supplier.id });

    const res = await t.delete(`/suppliers/${supplier.id}`, admin);

    expectProblem(res, 409);
    expect((await t.get(`/suppliers/${supplier.id}`, admin)).status).toBe(200);
    expect((await t.get(`/items/${item.id}`, admin)).body.defaultSupplierId).toBe(supplier.id);
  });

  test('When an unknown id is fetched, patched or deleted, then 404', async () => {
    expectProblem(await t.get('/customers/999999', admin), 404);
    expectProblem(await t.patch('/suppliers/999999', { name: 'x' }, admin), 404);
    expectProblem(await t.delete('/suppliers/999999', admin), 404);
  });
});
