import { TestApp } from '../support/test-app';
import { addRate, cr, dr, expectCashInvariants, journalLines, moneySnapshot } from '../support/finance-cash';

let t: TestApp;
let admin: string;
const accounts: Record<string, { id: number; code: string; accountCode: string }> = {};

async function open(code: string, type: 'cash' | 'bank', extra: Record<string, unknown> = {}) {
  const res = await t.post('/cash-accounts', { code, name: code, type, ...extra }, admin);
  if (res.status !== 201) throw new Error(`open ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  accounts[code] = res.body;
}

async function fund(code: string, amount: number, date = '2024-03-01') {
  const res = await t.post('/cash-entries', { kind: 'income', cashAccountCode: code, date, lines: [{ accountCode: '6051', amount }] }, admin);
  if (res.status !== 201) throw new Error(`fund ${code}: ${res.status} ${JSON.stringify(res.body)}`);
}

const balance = async (code: string) => (await t.get(`/cash-accounts/${accounts[code]!.id}`, admin)).body.balance;
const transfer = (body: Record<string, unknown>) => t.post('/cash-transfers', body, admin);

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  await open('TILL', 'cash'); // 1001.01
  await open('ICBC', 'bank'); // 1002.01
  await open('USD', 'bank', { currency: 'USD' }); // 1002.02
  await open('USD2', 'bank', { currency: 'USD' }); // 1002.03
  await addRate(t, 'USD', '2024-03-01', 7.25);
  await fund('TILL', 5000);
  await fund('USD', 100); // 725.00 in base
});
afterAll(async () => t.stop());
afterEach(async () => expectCashInvariants(t));

describe('Cash transfers', () => {
  test('When money moves between accounts of one currency, then Dr the receiving leaf / Cr the sending one, and toAmount is the amount', async () => {
    const res = await transfer({ fromCashAccountCode: 'TILL', toCashAccountCode: 'ICBC', date: '2024-03-05', amount: 1200, memo: 'Deposit takings' });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: 'CT-2024-000001', date: '2024-03-05', fromCashAccountCode: 'TILL', toCashAccountCode: 'ICBC', currency: 'CNY', toCurrency: 'CNY',
      amount: 1200, toAmount: 1200, rate: 1, toRate: 1, baseAmount: 1200, toBaseAmount: 1200, fxDifference: 0, memo: 'Deposit takings', status: 'posted',
    });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('1002.01', 120000), cr('1001.01', 120000)]);
    expect([await balance('TILL'), await balance('ICBC')]).toEqual([3800, 1200]);

    const usd = await transfer({ fromCashAccountCode: 'USD', toCashAccountCode: 'USD2', date: '2024-03-05', amount: 10, toAmount: 10 });
    expect(usd.status).toBe(201);
    expect(await journalLines(t, usd.body.journalEntryId)).toEqual([dr('1002.03', 7250, 'USD', 1000), cr('1002.02', 7250, 'USD', 1000)]);
  });

  test('When dollars are sold for less than their base value, then the shortfall is an FX loss debited to 6603.01', async () => {
    // 10.00 USD at 7.25 = 72.50 leaves; 71.00 CNY arrives: a loss of 1.50.
    const res = await transfer({ fromCashAccountCode: 'USD', toCashAccountCode: 'ICBC', date: '2024-03-06', amount: 10, toAmount: 71 });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ currency: 'USD', toCurrency: 'CNY', amount: 10, toAmount: 71, rate: 7.25, toRate: 1, baseAmount: 72.5, toBaseAmount: 71, fxDifference: -1.5 });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('1002.01', 7100), cr('1002.02', 7250, 'USD', 1000), dr('6603.01', 150)]);
    expect([await balance('USD'), await balance('ICBC')]).toEqual([80, 1271]);
  });

  test('When dollars are bought for less than their base value, then the difference is an FX gain credited to 6603.01', async () => {
    // 700.00 CNY leaves; 100.00 USD arrives, worth 725.00 at 7.25: a gain of 25.00.
    const res = await transfer({ fromCashAccountCode: 'TILL', toCashAccountCode: 'USD', date: '2024-03-07', amount: 700, toAmount: 100 });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ amount: 700, toAmount: 100, baseAmount: 700, toBaseAmount: 725, fxDifference: 25 });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('1002.02', 72500, 'USD', 10000), cr('1001.01', 70000), cr('6603.01', 2500)]);
    expect([await balance('TILL'), await balance('USD')]).toEqual([3100, 180]);
  });

  test('When the currencies differ without toAmount, or agree with another toAmount, or the accounts are the same, then it is refused naming the field', async () => {
    const before = await moneySnapshot(t);

    const missing = await transfer({ fromCashAccountCode: 'TILL', toCashAccountCode: 'USD', amount: 10 });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'toAmount' })]);
    const differs = await transfer({ fromCashAccountCode: 'TILL', toCashAccountCode: 'ICBC', amount: 10, toAmount: 9.99 });
    expect(differs.status).toBe(422);
    expect(differs.body.errors).toEqual([expect.objectContaining({ path: 'toAmount', message: 'must equal amount (10.00)' })]);
    const same = await transfer({ fromCashAccountCode: 'TILL', toCashAccountId: accounts.TILL!.id, amount: 10 });
    expect(same.status).toBe(422);
    expect(same.body.errors).toEqual([expect.objectContaining({ path: 'toCashAccountId' })]);
    const noRate = await transfer({ fromCashAccountCode: 'USD', toCashAccountCode: 'TILL', date: '2024-02-29', amount: 1, toAmount: 7 });
    expect(noRate.status).toBe(422);
    expect(noRate.body.errors).toEqual([expect.objectContaining({ path: 'fromCashAccountCode', message: 'no USD rate on or before 2024-02-29' })]);
    const negative = await transfer({ fromCashAccountCode: 'TILL', toCashAccountCode: 'ICBC', amount: -5 });
    expect(negative.status).toBe(422);
    expect(negative.body.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    expect(await moneySnapshot(t)).toEqual(before);
  });

  test('When the sender has less than the amount, then the transfer is refused with 409 naming it and nothing is written', async () => {
    const before = await moneySnapshot(t);

    const res = await transfer({ fromCashAccountId: accounts.ICBC!.id, toCashAccountCode: 'TILL', amount: 1271.01 });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'cash.overdraft' });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'fromCashAccountId', message: 'ICBC would go below zero (-0.01)' })]);
    expect(await moneySnapshot(t)).toEqual(before);
    expect((await transfer({ fromCashAccountId: accounts.ICBC!.id, toCashAccountCode: 'TILL', amount: 1271 })).status).toBe(201);
    expect(await balance('ICBC')).toBe(0);
  });

  test('When transfers are posted in a batch, listed or read, then each stands alone and is listed under both accounts', async () => {
    const batch = await t.post('/cash-transfers/batch', {
      documents: [
        { ref: 'a', document: { fromCashAccountCode: 'TILL', toCashAccountCode: 'ICBC', amount: 100 } },
        { ref: 'b', document: { fromCashAccountCode: 'ICBC', toCashAccountCode: 'TILL', amount: 100.01 } },
      ],
    }, admin);
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([201, 409]);

    const icbc = await t.get(`/cash-transfers?cashAccountId=${accounts.ICBC!.id}`, admin);
    expect(icbc.body.total).toBe(4);
    const march = await t.get(`/cash-transfers?cashAccountId=${accounts.ICBC!.id}&from=2024-03-01&to=2024-03-31`, admin);
    expect(march.body.data.map((d: { number: string }) => d.number)).toEqual(['CT-2024-000003', 'CT-2024-000001']);
    const one = await t.get(`/cash-transfers/${march.body.data[0].id}`, admin);
    expect(one.body).toEqual(march.body.data[0]);
    expect((await t.get('/cash-transfers/99999', admin)).status).toBe(404);
  });
});
