import { createPartner } from '../support/inventory';
import { expectInvariants, expectStockInvariants } from '../support/invariants';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

describe('Partner lists filtered by category and grade', () => {
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

  describe.each(['suppliers', 'customers'] as const)('%s', (kind) => {
    const code = (n: string) => `${kind.slice(0, 2).toUpperCase()}F-${n}`;
    const codes = (res: { body: { data: Array<{ code: string }> } }) => res.body.data.map((p) => p.code);

    beforeAll(async () => {
      await createPartner(t, kind, { code: code('1'), name: 'Retail north', category: 'retail', grade: 'A' });
      await createPartner(t, kind, { code: code('2'), name: 'Retail south', category: 'retail', grade: 'B' });
      await createPartner(t, kind, { code: code('3'), name: 'Wholesale', category: 'wholesale', grade: 'A' });
      await createPartner(t, kind, { code: code('4'), name: 'Unclassified' });
      await createPartner(t, kind, { code: code('5'), name: 'Retail upper case', category: 'Retail', grade: 'A' });
    });

    test('When filtered by category, then only that category comes back, matched exactly (case too), with total', async () => {
      const res = await t.get(`/${kind}?category=retail&q=${code('')}`, admin);

      expect(res.status).toBe(200);
      expect(codes(res)).toEqual([code('1'), code('2')]);
      expect(res.body.total).toBe(2);
    });

    test('When filtered by grade, and by category and grade together, then both conditions hold', async () => {
      const byGrade = await t.get(`/${kind}?grade=A&q=${code('')}`, admin);
      const both = await t.get(`/${kind}?category=retail&grade=A&q=${code('')}`, admin);
      const none = await t.get(`/${kind}?category=wholesale&grade=B`, admin);

      expect(codes(byGrade)).toEqual([code('1'), code('3'), code('5')]);
      expect(codes(both)).toEqual([code('1')]);
      expect(none.body).toEqual({ data: [], total: 0 });
    });

    test('When the filters combine with q and paging, then the page is of the filtered list', async () => {
      const res = await t.get(`/${kind}?grade=A&q=${code('')}&limit=1&offset=1`, admin);

      expect(res.body).toEqual({ data: [expect.objectContaining({ code: code('3'), grade: 'A', category: 'wholesale' })], total: 3 });
    });

    test('When a filter is blank, then it filters nothing; when it is too long, then 422 naming it', async () => {
      const blank = await t.get(`/${kind}?category=&grade=&q=${code('')}`, admin);

      expect(codes(blank)).toEqual([1, 2, 3, 4, 5].map((n) => code(String(n))));
      expectProblem(await t.get(`/${kind}?category=${'x'.repeat(65)}`, admin), 422, ['category']);
      expectProblem(await t.get(`/${kind}?grade=${'x'.repeat(17)}`, admin), 422, ['grade']);
    });
  });
});
