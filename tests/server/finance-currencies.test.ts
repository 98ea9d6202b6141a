import type { AppError } from '../../server/platform/errors';
import { expectProblem } from '../support/problems';
import { TestApp } from '../support/test-app';

interface Rate {
  currency: string;
  date: string;
  rate: number;
}

describe('Currencies and exchange rates', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const addRate = (currency: string, date: string, rate: number | string) => t.post('/exchange-rates', { currency, date, rate }, admin);
  const rateOn = (currency: string, date: string) => t.services.exchangeRates.rateOn(currency, date);
  const refusal = (p: Promise<unknown>) => p.then(() => null, (err: AppError) => ({ status: err.status, code: err.code, paths: err.errors.map((e) => e.path), detail: err.detail }));

  describe('currencies', () => {
    test('When currencies are listed, then the seeded five come with their decimals, CNY flagged as the base', async () => {
      const res = await t.get('/currencies', admin);

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        data: [
          { code: 'CNY', name: expect.stringContaining('人民币'), decimals: 2, base: true },
          { code: 'EUR', name: expect.stringContaining('欧元'), decimals: 2, base: false },
          { code: 'HKD', name: expect.stringContaining('港币'), decimals: 2, base: false },
          { code: 'JPY', name: expect.stringContaining('日元'), decimals: 0, base: false },
          { code: 'USD', name: expect.stringContaining('美元'), decimals: 2, base: false },
        ],
        total: 5,
      });
    });

    test('When a currency is added, then 201 returns it, decimals defaulting to 2, and the list has it', async () => {
      const gbp = await t.post('/currencies', { code: 'GBP', name: '英镑 Pound sterling' }, admin);
      const krw = await t.post('/currencies', { code: 'KRW', name: '韩元 Korean won', decimals: 0 }, admin);

      expect(gbp.status).toBe(201);
      expect(gbp.body).toEqual({ code: 'GBP', name: '英镑 Pound sterling', decimals: 2, base: false });
      expect(krw.body).toEqual({ code: 'KRW', name: '韩元 Korean won', decimals: 0, base: false });
      expect((await t.get('/currencies?limit=2&offset=2', admin)).body).toEqual({ data: [expect.objectContaining({ code: 'GBP' }), expect.objectContaining({ code: 'HKD' })], total: 7 });
    });

    test('When a currency exists, then adding it again is 409 naming code', async () => {
      const res = await t.post('/currencies', { code: 'USD', name: 'again' }, admin);

      expectProblem(res, 409, ['code']);
      expect(res.body.detail).toBe('The currency USD already exists.');
    });

    test('When the code or decimals are malformed, then 422 names them and nothing is added', async () => {
      expectProblem(await t.post('/currencies', { code: 'usd', name: 'x' }, admin), 422, ['code']);
      expectProblem(await t.post('/currencies', { code: 'CHFX', name: 'x' }, admin), 422, ['code']);
      expectProblem(await t.post('/currencies', { code: 'CHF', name: 'x', decimals: 3 }, admin), 422, ['decimals']);
      expectProblem(await t.post('/currencies', { code: 'CHF', name: 'x', decimals: 1.5 }, admin), 422, ['decimals']);
      expectProblem(await t.post('/currencies', { code: 'CHF' }, admin), 422, ['name']);
      expect((await t.get('/currencies', admin)).body.total).toBe(7);
    });
  });

  describe('exchange rates', () => {
    test('When a rate is added, then 201 returns it exactly, to 6 decimals', async () => {
      const res = await addRate('EUR', '2026-01-05', 7.812345);
      const tiny = await addRate('JPY', '2026-01-05', 0.000001);
      const large = await addRate('KRW', '2026-01-05', 123456.789012);

      expect(res.status).toBe(201);
      expect(res.body).toEqual({ currency: 'EUR', date: '2026-01-05', rate: 7.812345 });
      expect(tiny.body.rate).toBe(0.000001);
      expect(large.body.rate).toBe(123456.789012);
      expect(await rateOn('EUR', '2026-01-05')).toBe(7_812_345);
      expect(await rateOn('JPY', '2026-01-05')).toBe(1);
      expect(await rateOn('KRW', '2026-01-05')).toBe(123_456_789_012);
    });

    test('When a document looks up a rate, then it takes the latest on or before its date; before the first there is none (422 naming rate)', async () => {
      await addRate('USD', '2026-02-10', 7.1);
      await addRate('USD', '2026-02-20', 7.2);
      await addRate('USD', '2026-02-15', 7.15); // entered out of order

      expect(await refusal(rateOn('USD', '2026-02-09'))).toEqual({
        status: 422,
        code: 'rate.missing',
        paths: ['rate'],
        detail: 'There is no USD exchange rate on or before 2026-02-09: give the rate, or enter one under exchange rates.',
      });
      expect(await rateOn('USD', '2026-02-10')).toBe(7_100_000);
      expect(await rateOn('USD', '2026-02-14')).toBe(7_100_000);
      expect(await rateOn('USD', '2026-02-15')).toBe(7_150_000);
      expect(await rateOn('USD', '2026-02-19')).toBe(7_150_000);
      expect(await rateOn('USD', '2026-02-20')).toBe(7_200_000);
      expect(await rateOn('USD', '2027-12-31')).toBe(7_200_000);
      expect(await t.services.exchangeRates.findRateOn('USD', '2026-02-09')).toBeNull();
    });

    test('When a second rate is entered for the same day, then both are kept and the later one is the rate for lookups from then on', async () => {
      await addRate('HKD', '2026-03-02', 0.91);
      const before = await rateOn('HKD', '2026-03-05');

      const second = await addRate('HKD', '2026-03-02', 0.915);

      expect(second.status).toBe(201);
      expect(before).toBe(910_000);
      expect(await rateOn('HKD', '2026-03-02')).toBe(915_000);
      expect(await rateOn('HKD', '2026-03-05')).toBe(915_000);
      expect((await t.get('/exchange-rates?currency=HKD', admin)).body).toEqual({
        data: [
          { currency: 'HKD', date: '2026-03-02', rate: 0.91 },
          { currency: 'HKD', date: '2026-03-02', rate: 0.915 },
        ],
        total: 2,
      });
    });

    test('When the base currency is looked up, then its rate is 1 whatever the date; one for it cannot be entered (422 naming currency)', async () => {
      const res = await addRate('CNY', '2026-01-05', 1);

      expectProblem(res, 422, ['currency']);
      expect(res.body).toMatchObject({ code: 'rate.base-currency', detail: 'CNY is the base currency: its rate is always 1.' });
      expect(await rateOn('CNY', '1990-01-01')).toBe(1_000_000);
    });

    test('When a rate is missing, then the refusal can name the field the caller carries it in, in the caller language', async () => {
      const refused = await t.services.exchangeRates.rateOn('GBP', '2026-01-05', undefined, ['lines', 2, 'rate']).catch((err: AppError) => err);

      expect((refused as AppError).errors).toEqual([{ path: 'lines[2].rate', row: 2, message: { key: 'rate.missing:field', params: { currency: 'GBP', date: '2026-01-05' } } }]);
      expect((refused as AppError).toProblem('zh-CN').errors).toEqual([{ path: 'lines[2].rate', row: 2, code: 'rate.missing', message: '2026-01-05 及之前没有 GBP 汇率' }]);
    });

    test('When the lookup runs in a transaction, then it sees a rate that transaction entered', async () => {
      const rate = await t.services.db.transaction(async (tx) => {
        await t.services.db.sequelize.query("INSERT INTO exchange_rates (currency, date, rate, created_at) VALUES ('GBP', '2026-04-01', 9100000, :now)", { replacements: { now: new Date() }, transaction: tx });
        return t.services.exchangeRates.rateOn('GBP', '2026-04-30', tx);
      });

      expect(rate).toBe(9_100_000);
    });

    test('When a rate is refused, then 422 names the field and nothing is kept', async () => {
      const count = async () => (await t.get('/exchange-rates?limit=10000', admin)).body.total;
      const before = await count();

      const refusals = [
        [await addRate('XYZ', '2026-01-05', 1.5), 'currency'],
        [await addRate('usd', '2026-01-05', 1.5), 'currency'],
        [await addRate('USD', '2026-01-05', 7.1234567), 'rate'],
        [await addRate('USD', '2026-01-05', 0), 'rate'],
        [await addRate('USD', '2026-01-05', -7), 'rate'],
        [await addRate('USD', '2026-01-05', '7.1'), 'rate'],
        [await addRate('USD', '2026-01-05', 1e9), 'rate'],
        [await addRate('USD', '2026-13-01', 7.1), 'date'],
        [await t.post('/exchange-rates', { currency: 'USD', rate: 7.1 }, admin), 'date'],
      ] as const;

      for (const [res, field] of refusals) expectProblem(res, 422, [field]);
      expect(refusals[0][0].body).toMatchObject({ code: 'currency.unknown', errors: [{ message: 'unknown currency XYZ' }] });
      expect(refusals[2][0].body.errors[0]).toMatchObject({ code: 'validation.too-precise', message: 'rate allows at most 6 decimals' });
      expect(await count()).toBe(before);
    });

    test('When rates are listed, then they filter by currency and date range, ordered by currency, date and entry', async () => {
      await addRate('EUR', '2026-01-20', 7.9);
      await addRate('EUR', '2026-01-31', 7.95);
      await addRate('EUR', '2026-02-01', 8);

      const january = await t.get('/exchange-rates?currency=EUR&from=2026-01-06&to=2026-01-31', admin);
      const page = await t.get('/exchange-rates?currency=EUR&limit=2&offset=1', admin);
      const all = await t.get('/exchange-rates?from=2026-02-01&to=2026-02-28&limit=10000', admin);

      expect(january.body).toEqual({ data: [{ currency: 'EUR', date: '2026-01-20', rate: 7.9 }, { currency: 'EUR', date: '2026-01-31', rate: 7.95 }], total: 2 });
      expect(page.body.data.map((r: Rate) => r.rate)).toEqual([7.9, 7.95]);
      expect(page.body.total).toBe(4);
      expect(all.body.data.map((r: Rate) => `${r.currency} ${r.date} ${r.rate}`)).toEqual(['EUR 2026-02-01 8', 'USD 2026-02-10 7.1', 'USD 2026-02-15 7.15', 'USD 2026-02-20 7.2']);
      expectProblem(await t.get('/exchange-rates?from=2026-2-1', admin), 422, ['from']);
    });

    test('When rates are entered, then each is audited', async () => {
      await addRate('JPY', '2026-05-01', 0.0485);

      const [last] = (await t.get('/audit-log?entity=exchange-rate&limit=1', admin)).body.data;

      expect(last).toMatchObject({ action: 'create', ok: true, entityId: 'JPY', detail: { after: { currency: 'JPY', date: '2026-05-01', rate: 0.0485 } } });
    });
  });

  describe('permissions', () => {
    test('When a viewer reads currencies and rates, then it may; adding either needs finance:accounts (403)', async () => {
      const viewer = await t.createUser(['viewer']);
      const accountant = await t.createUser(['accountant']);

      expect((await t.get('/currencies', viewer.token)).status).toBe(200);
      expect((await t.get('/exchange-rates', viewer.token)).status).toBe(200);
      expectProblem(await t.post('/currencies', { code: 'CHF', name: '瑞士法郎' }, viewer.token), 403);
      expectProblem(await t.post('/exchange-rates', { currency: 'USD', date: '2026-01-05', rate: 7 }, viewer.token), 403);
      expect((await t.post('/currencies', { code: 'CHF', name: '瑞士法郎' }, accountant.token)).status).toBe(201);
      expect((await t.post('/exchange-rates', { currency: 'CHF', date: '2026-01-05', rate: 8.1 }, accountant.token)).status).toBe(201);
    });
  });
});

describe('A base currency the seed does not know', () => {
  test('When BASE_CURRENCY is SGD, then the server adds it at start and flags it base', async () => {
    const t = await TestApp.start({ baseCurrency: 'SGD' });
    try {
      const currencies = (await t.get('/currencies', await t.adminToken())).body.data;
      expect(currencies.filter((c: { base: boolean }) => c.base)).toEqual([expect.objectContaining({ code: 'SGD', decimals: 2 })]);
    } finally {
      await t.stop();
    }
  });
});

describe('Another base currency', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start({ baseCurrency: 'HKD' });
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  test('When BASE_CURRENCY is HKD, then HKD is flagged base, takes no rate and looks up as 1, and CNY takes rates', async () => {
    const currencies = (await t.get('/currencies', admin)).body.data;

    expect(currencies.filter((c: { base: boolean }) => c.base).map((c: { code: string }) => c.code)).toEqual(['HKD']);
    expectProblem(await t.post('/exchange-rates', { currency: 'HKD', date: '2026-01-05', rate: 1 }, admin), 422, ['currency']);
    expect((await t.post('/exchange-rates', { currency: 'CNY', date: '2026-01-05', rate: 1.0893 }, admin)).status).toBe(201);
    expect(await t.services.exchangeRates.rateOn('HKD', '2026-01-05')).toBe(1_000_000);
    expect(await t.services.exchangeRates.rateOn('CNY', '2026-01-06')).toBe(1_089_300);
  });
});
