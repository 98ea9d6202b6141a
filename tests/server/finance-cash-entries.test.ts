import { TestApp } from '../support/test-app';
import { addRate, cents, count, cr, dr, expectCashInvariants, journalLines, moneySnapshot } from '../support/finance-cash';

let t: TestApp;
let admin: string;
const accounts: Record<string, { id: number; code: string; accountCode: string }> = {};

async function open(code: string, type: 'cash' | 'bank', extra: Record<string, unknown> = {}) {
  const res = await t.post('/cash-accounts', { code, name: code, type, ...extra }, admin);
  if (res.status !== 201) throw new Error(`open ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  accounts[code] = res.body;
  return res.body;
}

const balance = async (code: string) => (await t.get(`/cash-accounts/${accounts[code]!.id}`, admin)).body.balance;
const post = (body: Record<string, unknown>, token = admin) => t.post('/cash-entries', body, token);

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  await open('TILL', 'cash'); // 1001.01
  await open('ICBC', 'bank'); // 1002.01
  await open('USD', 'bank', { currency: 'USD' }); // 1002.02
  await open('EUR', 'bank', { currency: 'EUR' }); // 1002.03
  await open('OD', 'cash'); // 1001.02
});
afterAll(async () => t.stop());
afterEach(async () => expectCashInvariants(t));

describe('Cash entries (收入 / 费用)', () => {
  test('When income comes in with VAT, then Dr the cash leaf / Cr each income account and output VAT, to the cent', async () => {
    const res = await post({
      kind: 'income', cashAccountCode: 'TILL', date: '2024-03-01', memo: 'Counter sales',
      lines: [{ accountCode: '6001', amount: 1000, taxRate: 0.13 }, { accountCode: '6051', amount: 33.33, taxRate: 0.06, memo: 'scrap' }],
    });

    expect(res.status).toBe(201);
    // 1,000.00 × 13 % = 130.00; 33.33 × 6 % = 1.9998 → 2.00.
    expect(res.body).toMatchObject({
      number: 'CE-2024-000001', kind: 'income', date: '2024-03-01', currency: 'CNY', rate: 1, cashAccountCode: 'TILL',
      subtotal: 1033.33, tax: 132, total: 1165.33, baseTotal: 1165.33, memo: 'Counter sales', status: 'posted',
    });
    expect(res.body.lines).toEqual([
      { line: 0, accountCode: '6001', amount: 1000, taxRate: 0.13, tax: 130, baseAmount: 1000, baseTax: 130, memo: null },
      { line: 1, accountCode: '6051', amount: 33.33, taxRate: 0.06, tax: 2, baseAmount: 33.33, baseTax: 2, memo: 'scrap' },
    ]);
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([cr('6001', 100000), cr('6051', 3333), cr('2221.02', 13200), dr('1001.01', 116533)]);
    expect(await balance('TILL')).toBe(1165.33);
  });

  test('When an expense is paid with VAT, then Dr each expense account and input VAT / Cr the cash leaf', async () => {
    const res = await post({
      kind: 'expense', cashAccountId: accounts.TILL!.id, date: '2024-03-02',
      lines: [{ accountCode: '6602', amount: 100, taxRate: 0.13 }, { accountCode: '6601', amount: 12.34, taxRate: 0.09 }, { accountCode: '6603.02', amount: 5 }],
    });

    expect(res.status).toBe(201);
    // 12.34 × 9 % = 1.1106 → 1.11.
    expect(res.body).toMatchObject({ number: 'CE-2024-000002', subtotal: 117.34, tax: 14.11, total: 131.45, baseTotal: 131.45 });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('6602', 10000), dr('6601', 1234), dr('6603.02', 500), dr('2221.01', 1411), cr('1001.01', 13145)]);
    expect(await balance('TILL')).toBe(1033.88);
  });

  test('When amounts include VAT, then the net is gross / (1 + rate) rounded and the tax the rest', async () => {
    const res = await post({
      kind: 'income', cashAccountCode: 'ICBC', date: '2024-03-03', pricesIncludeTax: true,
      lines: [{ accountCode: '6001', amount: 113, taxRate: 0.13 }, { accountCode: '6051', amount: 10, taxRate: 0.06 }],
    });

    expect(res.status).toBe(201);
    // 113 / 1.13 = 100.00, tax 13.00; 10 / 1.06 = 9.4339… → 9.43, tax 0.57.
    expect(res.body).toMatchObject({ subtotal: 109.43, tax: 13.57, total: 123, baseTotal: 123 });
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([cr('6001', 10000), cr('6051', 943), cr('2221.02', 1357), dr('1002.01', 12300)]);
  });

  test('When the account is kept in a foreign currency, then the entry is in it, at the latest rate on or before its date, and base balances exactly', async () => {
    await addRate(t, 'USD', '2024-01-01', 7.1);
    await addRate(t, 'USD', '2024-03-01', 7.2);
    await addRate(t, 'USD', '2024-03-01', 7.25); // the later rate of the day wins
    await addRate(t, 'USD', '2024-04-01', 7.3);

    const income = await post({ kind: 'income', cashAccountCode: 'USD', date: '2024-03-15', lines: [{ accountCode: '6051', amount: 100 }] });
    expect(income.status).toBe(201);
    expect(income.body).toMatchObject({ currency: 'USD', rate: 7.25, total: 100, baseTotal: 725 });
    expect(await journalLines(t, income.body.journalEntryId)).toEqual([cr('6051', 72500, 'USD', 10000), dr('1002.02', 72500, 'USD', 10000)]);

    // Given rate 7.123456: 10.01 + 1.30 tax = 11.31 USD; base total round(80.5662…) = 80.57, base tax round(9.2604…) = 9.26, the line 80.57 − 9.26 = 71.31.
    const expense = await post({ kind: 'expense', cashAccountCode: 'USD', date: '2024-03-20', rate: 7.123456, lines: [{ accountCode: '6602', amount: 10.01, taxRate: 0.13 }] });
    expect(expense.status).toBe(201);
    expect(expense.body).toMatchObject({ currency: 'USD', rate: 7.123456, subtotal: 10.01, tax: 1.3, total: 11.31, baseTotal: 80.57 });
    expect(await journalLines(t, expense.body.journalEntryId)).toEqual([dr('6602', 7131, 'USD', 1001), dr('2221.01', 926, 'USD', 130), cr('1002.02', 8057, 'USD', 1131)]);
    expect(await balance('USD')).toBe(88.69);

    const april = await post({ kind: 'income', cashAccountCode: 'USD', date: '2024-04-02', lines: [{ accountCode: '6051', amount: 1 }] });
    expect(april.body).toMatchObject({ rate: 7.3, baseTotal: 7.3 });
  });

  test('When no rate exists on or before the date of a foreign-currency entry, then it is refused naming rate and nothing is written', async () => {
    await addRate(t, 'EUR', '2024-06-01', 7.9);
    const before = await moneySnapshot(t);

    const res = await post({ kind: 'income', cashAccountCode: 'EUR', date: '2024-05-31', lines: [{ accountCode: '6051', amount: 10 }] });

    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'rate', message: 'no EUR rate on or before 2024-05-31' })]);
    const base = await post({ kind: 'income', cashAccountCode: 'TILL', rate: 1.5, lines: [{ accountCode: '6051', amount: 10 }] });
    expect(base.status).toBe(422);
    expect(base.body.errors).toEqual([expect.objectContaining({ path: 'rate' })]);
    const precise = await post({ kind: 'income', cashAccountCode: 'EUR', date: '2024-06-02', rate: 7.1234567, lines: [{ accountCode: '6051', amount: 10.001 }] });
    expect(precise.status).toBe(422);
    expect(precise.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['lines[0].amount', 'rate']);
    expect(await moneySnapshot(t)).toEqual(before);
  });

  test('When a line names an account of the wrong kind, unknown or with sub-accounts, then the entry is refused naming the line', async () => {
    const before = await moneySnapshot(t);

    const income = await post({ kind: 'expense', cashAccountCode: 'TILL', lines: [{ accountCode: '6602', amount: 1 }, { accountCode: '6001', amount: 1 }, { accountCode: '1405', amount: 1 }] });
    expect(income.status).toBe(422);
    expect(income.body.detail).toBe('2 line(s) name an account that is not an expense account; nothing was posted.');
    expect(income.body.errors).toEqual([
      expect.objectContaining({ path: 'lines[1].accountCode', row: 1, message: 'account 6001 is not an expense account' }),
      expect.objectContaining({ path: 'lines[2].accountCode', row: 2, message: 'account 1405 is not an expense account' }),
    ]);
    const cashLeaf = await post({ kind: 'income', cashAccountCode: 'TILL', lines: [{ accountCode: '1002.01', amount: 1 }] });
    expect(cashLeaf.status).toBe(422);
    expect(cashLeaf.body.errors).toEqual([expect.objectContaining({ path: 'lines[0].accountCode' })]);
    const unknown = await post({ kind: 'income', cashAccountCode: 'TILL', lines: [{ accountCode: '6001', amount: 1 }, { accountCode: '6999', amount: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].accountCode', message: 'unknown account 6999' })]);
    const parent = await post({ kind: 'expense', cashAccountCode: 'TILL', lines: [{ accountCode: '6602', amount: 1 }, { accountCode: '6603', amount: 1 }] });
    expect(parent.status).toBe(422);
    expect(parent.body.errors).toEqual([expect.objectContaining({ path: 'lines[1].accountCode', message: 'account 6603 has sub-accounts: post to one of them' })]);
    const noAccount = await post({ kind: 'income', lines: [{ accountCode: '6001', amount: 1 }] });
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.errors).toEqual([expect.objectContaining({ path: 'cashAccountId' })]);
    const unknownAccount = await post({ kind: 'income', cashAccountCode: 'NOPE', lines: [{ accountCode: '6001', amount: 1 }] });
    expect(unknownAccount.body.errors).toEqual([expect.objectContaining({ path: 'cashAccountCode', message: 'unknown cash account NOPE' })]);
    const future = await post({ kind: 'income', cashAccountCode: 'TILL', date: '2999-01-01', lines: [{ accountCode: '6001', amount: 1 }] });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'date' })]);
    expect(await moneySnapshot(t)).toEqual(before);
  });

  test('When an expense would take the account below zero, then it is refused with 409 naming the account and nothing is written; with overdraft allowed it passes', async () => {
    await post({ kind: 'income', cashAccountCode: 'OD', lines: [{ accountCode: '6051', amount: 50 }] });
    const before = await moneySnapshot(t);

    const res = await post({ kind: 'expense', cashAccountCode: 'OD', lines: [{ accountCode: '6602', amount: 50, taxRate: 0.01 }] });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'cash.overdraft', detail: 'Not enough money in OD: it holds 50.00, this would take it to -0.50; nothing was posted.' });
    expect(res.body.errors).toEqual([{ path: 'cashAccountCode', message: 'OD would go below zero (-0.50)', code: 'cash.overdraft' }]);
    expect(await moneySnapshot(t)).toEqual(before);
    const exact = await post({ kind: 'expense', cashAccountCode: 'OD', lines: [{ accountCode: '6602', amount: 50 }] });
    expect(exact.status).toBe(201);
    expect(await balance('OD')).toBe(0);

    await t.patch(`/cash-accounts/${accounts.OD!.id}`, { allowOverdraft: true }, admin);
    const overdrawn = await post({ kind: 'expense', cashAccountCode: 'OD', lines: [{ accountCode: '6602', amount: 20 }] });
    expect(overdrawn.status).toBe(201);
    expect(await balance('OD')).toBe(-20);
  });

  test('When 30 expenses of 100.00 race for 1,000.00, then exactly 10 pass, 20 are refused with 409 and the balance is 0.00', async () => {
    const race = await open('RACE', 'bank');
    expect((await post({ kind: 'income', cashAccountId: race.id, lines: [{ accountCode: '6051', amount: 1000 }] })).status).toBe(201);

    const results = await Promise.all(Array.from({ length: 30 }, () => post({ kind: 'expense', cashAccountId: race.id, lines: [{ accountCode: '6602', amount: 100 }] })));

    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409)).toHaveLength(20);
    expect(await balance('RACE')).toBe(0);
    const numbers = results.filter((r) => r.status === 201).map((r) => Number(r.body.number.split('-').pop()));
    const first = Math.min(...numbers);
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => first + i));
  });

  test('When entries are posted in a batch, then each stands alone, and sending the batch again creates nothing', async () => {
    const batch = await open('BATCH', 'cash');
    const documents = [
      { ref: 'row-2', document: { kind: 'income', cashAccountId: batch.id, lines: [{ accountCode: '6051', amount: 80 }] } },
      { ref: 'row-3', document: { kind: 'expense', cashAccountId: batch.id, lines: [{ accountCode: '6602', amount: 100 }] } },
      { ref: 'row-4', document: { kind: 'expense', cashAccountId: batch.id, lines: [{ accountCode: '6001', amount: 1 }] } },
      { ref: 'row-5', document: { kind: 'expense', cashAccountId: batch.id, lines: [{ accountCode: '6602', amount: 30, taxRate: 0.1 }] } },
    ];

    const first = await t.post('/cash-entries/batch', { documents }, admin);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['row-2', 201], ['row-3', 409], ['row-4', 422], ['row-5', 201]]);
    expect(first.body.results[1].problem.errors).toEqual([expect.objectContaining({ path: 'cashAccountId' })]);
    expect(first.body.results[3].document).toMatchObject({ total: 33, kind: 'expense' });
    expect(await balance('BATCH')).toBe(47);
    const stored = await count(t, 'cash_documents');

    const again = await t.post('/cash-entries/batch', { documents }, admin);
    expect(again.body.results.filter((r: { status: number }) => r.status === 201)).toEqual(first.body.results.filter((r: { status: number }) => r.status === 201));
    expect(await count(t, 'cash_documents')).toBe(stored);
    expect(await balance('BATCH')).toBe(47);
  });

  test('When entries are listed or read, then they come with their lines, filtered by account, kind and dates', async () => {
    const march = await t.get(`/cash-entries?cashAccountId=${accounts.TILL!.id}&from=2024-03-01&to=2024-03-31`, admin);
    expect(march.status).toBe(200);
    expect(march.body.total).toBe(2);
    expect(march.body.data.map((e: { number: string }) => e.number)).toEqual(['CE-2024-000002', 'CE-2024-000001']);
    const expenses = await t.get(`/cash-entries?cashAccountId=${accounts.TILL!.id}&kind=expense`, admin);
    expect(expenses.body.data.map((e: { kind: string }) => e.kind)).toEqual(['expense']);
    const one = await t.get(`/cash-entries/${march.body.data[1].id}`, admin);
    expect(one.body).toEqual(march.body.data[1]);
    expect(one.body.lines).toHaveLength(2);
    expect((await t.get('/cash-entries/99999', admin)).status).toBe(404);
  });

  test('When an entry is posted with an Idempotency-Key twice, then it is posted once', async () => {
    const body = { kind: 'income', cashAccountCode: 'ICBC', lines: [{ accountCode: '6051', amount: 7.77 }] };
    const a = await t.post('/cash-entries', body, admin, { 'Idempotency-Key': 'ce-once' });
    const b = await t.post('/cash-entries', body, admin, { 'Idempotency-Key': 'ce-once' });
    expect(b.body).toEqual(a.body);
    expect(cents((await t.get(`/cash-entries?cashAccountId=${accounts.ICBC!.id}`, admin)).body.data.reduce((s: number, e: { total: number }) => s + e.total, 0))).toBe(cents(123 + 7.77));
  });

  test('When someone without finance:cash posts an entry, then it is refused (403) and nothing is written', async () => {
    const viewer = await t.createUser(['viewer']);
    const before = await moneySnapshot(t);
    const res = await post({ kind: 'income', cashAccountCode: 'TILL', lines: [{ accountCode: '6051', amount: 1 }] }, viewer.token);
    expect(res.status).toBe(403);
    expect((await t.get('/cash-entries', viewer.token)).status).toBe(200);
    expect(await moneySnapshot(t)).toEqual(before);
  });
});
