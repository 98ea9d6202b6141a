import { selectRows } from '../../server/db/sql';
import { cr, dr, journalLines } from '../support/finance-cash';
import { expectInvariants } from '../support/invariants';
import { createSupplierInvoice } from '../support/purchasing-payments';
import { TestApp } from '../support/test-app';

/**
 * Supplier payments over HTTP on a real database: each payment's own journal
 * (Dr 1123 / Cr the cash leaf) and every allocation's (Dr 2202.01 / Cr 1123 ±
 * FX to 6603.01) compared entry by entry with hand-computed cents; refusals
 * name their field and write nothing; concurrent payments never take more of
 * an invoice than is open. Invoices come from tests/support/purchasing-payments.ts.
 */

let t: TestApp;
let admin: string;
const suppliers: Record<string, number> = {};

const pay = (body: Record<string, unknown>, token = admin) => t.post('/supplier-payments', body, token);
const rows = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) => selectRows<T>(t.services.db, sql, replacements);
const USD = (r: number) => Math.round(r * 1_000_000);

async function supplier(code: string): Promise<number> {
  const res = await t.post('/suppliers', { code, name: `Supplier ${code}` }, admin);
  expect(res.status).toBe(201);
  return (suppliers[code] = res.body.id);
}

async function openCash(code: string, type: 'cash' | 'bank', extra: Record<string, unknown> = {}) {
  const res = await t.post('/cash-accounts', { code, name: code, type, ...extra }, admin);
  expect(res.status).toBe(201);
  return res.body;
}

async function fund(cashAccountCode: string, amount: number, rate?: number) {
  const res = await t.post('/cash-entries', { kind: 'income', cashAccountCode, date: '2026-01-02', ...(rate && { rate }), lines: [{ accountCode: '6001', amount }] }, admin);
  expect(res.status).toBe(201);
}

const invoiceOf = async (id: number) => (await rows<{ status: string }>('SELECT status FROM purchase_invoices WHERE id = :id', { id }))[0]!.status;
const openOf = async (id: number) => Number((await rows<{ open_amount: number }>("SELECT open_amount FROM open_items WHERE doc_type = 'PI' AND doc_id = :id", { id }))[0]!.open_amount);

/** What a refused payment must leave as it was. */
async function snapshot() {
  return {
    payments: await rows('SELECT COUNT(*) AS n FROM supplier_payments'),
    items: await rows('SELECT id, open_amount, open_base FROM open_items ORDER BY id'),
    allocations: await rows('SELECT COUNT(*) AS n FROM open_item_allocations'),
    entries: await rows('SELECT COUNT(*) AS n FROM journal_entries'),
    cash: await rows('SELECT id, balance FROM cash_accounts ORDER BY id'),
    invoices: await rows('SELECT id, status FROM purchase_invoices ORDER BY id'),
    sequences: await rows("SELECT year, last FROM doc_sequences WHERE doc_type = 'SP' ORDER BY year"),
  };
}

beforeAll(async () => {
  t = await TestApp.start();
  admin = await t.adminToken();
  await openCash('ICBC', 'bank'); // 1002.01
  await openCash('USD', 'bank', { currency: 'USD' }); // 1002.02
  await openCash('TILL', 'cash'); // 1001.01, left empty
  await fund('ICBC', 100000);
  await fund('USD', 10000, 7);
  for (const code of ['S1', 'S2', 'FX', 'ADV', 'RACE']) await supplier(code);
});
afterAll(async () => t.stop());
afterEach(async () => expectInvariants(t));

describe('Supplier payments', () => {
  test('When a payment in base currency is allocated to two invoices, then its rest is an advance and the paid invoice is marked paid', async () => {
    const i1 = await createSupplierInvoice(t, { supplierId: suppliers.S1!, date: '2026-02-01', amount: 1000_00 });
    const i2 = await createSupplierInvoice(t, { supplierId: suppliers.S1!, date: '2026-02-03', amount: 500_00 });

    const res = await pay({
      supplierCode: 'S1', cashAccountCode: 'ICBC', date: '2026-02-10', amount: 1200, reference: 'wire 1',
      allocations: [{ invoiceId: i1.id, amount: 1000 }, { invoiceNumber: i2.number, amount: 150 }],
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      number: 'SP-2026-000001', supplierId: suppliers.S1, supplierCode: 'S1', cashAccountCode: 'ICBC', date: '2026-02-10', currency: 'CNY', rate: 1,
      amount: 1200, baseAmount: 1200, reference: 'wire 1', allocated: 1150, unallocated: 50, fxDifference: 0,
    });
    expect(res.body.allocations).toMatchObject([
      { invoiceId: i1.id, invoiceNumber: i1.number, date: '2026-02-10', amount: 1000, fxDifference: 0 },
      { invoiceId: i2.id, invoiceNumber: i2.number, date: '2026-02-10', amount: 150, fxDifference: 0 },
    ]);
    expect(await journalLines(t, res.body.journalEntryId)).toEqual([dr('1123', 1200_00), cr('1002.01', 1200_00)]);
    expect(await journalLines(t, res.body.allocations[0].journalEntryId)).toEqual([cr('1123', 1000_00), dr('2202.01', 1000_00)]);
    expect(await journalLines(t, res.body.allocations[1].journalEntryId)).toEqual([cr('1123', 150_00), dr('2202.01', 150_00)]);
    expect([await invoiceOf(i1.id), await invoiceOf(i2.id)]).toEqual(['paid', 'open']);
    expect((await t.get('/cash-accounts', admin)).body.data.find((a: { code: string }) => a.code === 'ICBC').balance).toBe(100000 - 1200);

    const again = await t.get(`/supplier-payments/${res.body.id}`, admin);
    expect(again.body).toEqual(res.body);
    const list = await t.get(`/supplier-payments?supplierId=${suppliers.S1}`, admin);
    expect(list.body).toMatchObject({ total: 1, data: [{ id: res.body.id, allocated: 1150 }] });

    const payables = await t.get(`/payables?supplierId=${suppliers.S1}&asOf=2026-03-05`, admin);
    expect(payables.body.data).toEqual([
      {
        id: i2.id, docType: 'PI', kind: 'invoice', number: i2.number, supplierInvoiceNo: expect.any(String), supplierId: suppliers.S1, supplierCode: 'S1',
        date: '2026-02-03', dueDate: '2026-02-03', currency: 'CNY', total: 500, openAmount: 350, baseOpenAmount: 350, daysOverdue: 30,
      },
      {
        id: res.body.id, docType: 'SP', kind: 'payment', number: 'SP-2026-000001', supplierInvoiceNo: null, supplierId: suppliers.S1, supplierCode: 'S1',
        date: '2026-02-10', dueDate: '2026-02-10', currency: 'CNY', total: -1200, openAmount: -50, baseOpenAmount: -50, daysOverdue: 0,
      },
    ]);
    const all = await t.get(`/payables?supplierId=${suppliers.S1}&status=all`, admin);
    expect(all.body.data.map((r: { number: string; openAmount: number }) => [r.number, r.openAmount])).toEqual([[i1.number, 0], [i2.number, 350], ['SP-2026-000001', -50]]);
  });

  test('When a USD invoice booked at 7.1 is paid at 7.2 and then at 7.0, then the loss and the gain are realized to the cent', async () => {
    const invoice = await createSupplierInvoice(t, { supplierId: suppliers.FX!, date: '2026-03-01', currency: 'USD', rate: USD(7.1), amount: 1000_00 });
    expect(invoice.baseTotal).toBe(7100_00);

    // 400.00 USD × 7.2 = 2,880.00 paid; the invoice gives up 400.00 × 7.1 = 2,840.00: a loss of 40.00.
    const first = await pay({ supplierId: suppliers.FX, cashAccountCode: 'USD', date: '2026-03-10', rate: 7.2, amount: 400, allocations: [{ invoiceId: invoice.id, amount: 400 }] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ currency: 'USD', rate: 7.2, amount: 400, baseAmount: 2880, allocated: 400, unallocated: 0, fxDifference: 40 });
    expect(await journalLines(t, first.body.journalEntryId)).toEqual([dr('1123', 2880_00, 'USD', 400_00), cr('1002.02', 2880_00, 'USD', 400_00)]);
    expect(await journalLines(t, first.body.allocations[0].journalEntryId)).toEqual([cr('1123', 2880_00, 'USD', 400_00), dr('2202.01', 2840_00, 'USD', 400_00), dr('6603.01', 40_00)]);

    // 600.00 USD × 7.0 = 4,200.00 paid; the invoice gives up the 4,260.00 it has left: a gain of 60.00.
    const second = await pay({ supplierCode: 'FX', cashAccountId: (await t.get('/cash-accounts?code=USD', admin)).body.data.find((a: { code: string }) => a.code === 'USD').id, date: '2026-03-20', rate: 7, amount: 600, allocations: [{ invoiceNumber: invoice.number, amount: 600 }] });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ rate: 7, amount: 600, baseAmount: 4200, allocated: 600, unallocated: 0, fxDifference: -60 });
    expect(await journalLines(t, second.body.journalEntryId)).toEqual([dr('1123', 4200_00, 'USD', 600_00), cr('1002.02', 4200_00, 'USD', 600_00)]);
    expect(await journalLines(t, second.body.allocations[0].journalEntryId)).toEqual([cr('1123', 4200_00, 'USD', 600_00), dr('2202.01', 4260_00, 'USD', 600_00), cr('6603.01', 60_00)]);

    expect(await invoiceOf(invoice.id)).toBe('paid');
    const usd = (await t.get('/cash-accounts', admin)).body.data.find((a: { code: string }) => a.code === 'USD');
    expect(usd.balance).toBe(10000 - 400 - 600);

    // Owed 7,100.00, paid 2,880.00 + 4,200.00, FX +40.00 −60.00: nothing left.
    const statement = await t.get(`/suppliers/${suppliers.FX}/statement`, admin);
    expect(statement.status).toBe(200);
    expect(statement.body).toMatchObject({ opening: 0, closing: 0, currency: 'CNY' });
    expect(statement.body.lines).toEqual([
      { date: '2026-03-01', docType: 'PI', number: invoice.number, debit: 0, credit: 7100, balance: 7100 },
      { date: '2026-03-10', docType: 'SP', number: first.body.number, debit: 2880, credit: 0, balance: 4220 },
      { date: '2026-03-10', docType: 'FX', number: first.body.number, debit: 0, credit: 40, balance: 4260 },
      { date: '2026-03-20', docType: 'SP', number: second.body.number, debit: 4200, credit: 0, balance: 60 },
      { date: '2026-03-20', docType: 'FX', number: second.body.number, debit: 60, credit: 0, balance: 0 },
    ]);
  });

  test('When a payment is made in advance and allocated later, then the allocation is dated the invoice and moves the advance to the payable', async () => {
    const advance = await pay({ supplierCode: 'ADV', cashAccountCode: 'ICBC', date: '2026-04-01', amount: 300 });
    expect(advance.status).toBe(201);
    expect(advance.body).toMatchObject({ allocated: 0, unallocated: 300, allocations: [] });
    expect(await journalLines(t, advance.body.journalEntryId)).toEqual([dr('1123', 300_00), cr('1002.01', 300_00)]);

    const invoice = await createSupplierInvoice(t, { supplierId: suppliers.ADV!, date: '2026-04-05', amount: 200_00 });
    const later = await t.post(`/supplier-payments/${advance.body.id}/allocations`, { allocations: [{ invoiceId: invoice.id, amount: 200 }] }, admin);

    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ id: advance.body.id, allocated: 200, unallocated: 100, allocations: [{ invoiceId: invoice.id, date: '2026-04-05', amount: 200 }] });
    expect(await journalLines(t, later.body.allocations[0].journalEntryId)).toEqual([cr('1123', 200_00), dr('2202.01', 200_00)]);
    expect(await invoiceOf(invoice.id)).toBe('paid');

    const more = await t.post(`/supplier-payments/${advance.body.id}/allocations`, { allocations: [{ invoiceId: invoice.id, amount: 1 }] }, admin);
    expect(more.status).toBe(422);
    expect(more.body.errors).toEqual([expect.objectContaining({ path: 'allocations[0].amount' })]);
  });

  describe('refusals write nothing', () => {
    const refused = async (body: Record<string, unknown>, status: number, code: string, path: string) => {
      const before = await snapshot();
      const res = await pay(body);
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
      expect(await snapshot()).toEqual(before);
    };

    test('When an allocation is more than the invoice has open, then 422 names its amount', async () => {
      const invoice = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', amount: 100_00 });
      await refused({ supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 200, allocations: [{ invoiceId: invoice.id, amount: 150 }] }, 422, 'allocation.exceeds-open', 'allocations[0].amount');
    });

    test('When the allocations add up to more than the payment, then 422 names the allocations', async () => {
      const a = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', amount: 100_00 });
      const b = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', amount: 100_00 });
      await refused({ supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 100, allocations: [{ invoiceId: a.id, amount: 60 }, { invoiceId: b.id, amount: 60 }] }, 422, 'supplier-payment.over-allocated', 'allocations');
    });

    test('When the invoice is in another currency, of another supplier, held, or unknown, then it is refused naming the line', async () => {
      const usd = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', currency: 'USD', rate: USD(7.1), amount: 100_00 });
      const others = await createSupplierInvoice(t, { supplierId: suppliers.S1!, date: '2026-05-01', amount: 100_00 });
      const held = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', amount: 100_00, status: 'held' });
      const fine = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-01', amount: 100_00 });
      const base = { supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 50 };
      await refused({ ...base, allocations: [{ invoiceId: usd.id, amount: 50 }] }, 422, 'supplier-payment.currency', 'allocations[0].invoiceId');
      await refused({ ...base, allocations: [{ invoiceNumber: others.number, amount: 50 }] }, 422, 'supplier-payment.other-supplier', 'allocations[0].invoiceNumber');
      await refused({ ...base, allocations: [{ invoiceId: fine.id, amount: 1 }, { invoiceId: held.id, amount: 49 }] }, 409, 'supplier-payment.invoice-held', 'allocations[1].invoiceId');
      await refused({ ...base, allocations: [{ invoiceNumber: 'PI-1999-000001', amount: 50 }] }, 422, 'supplier-payment.unknown-invoice', 'allocations[0].invoiceNumber');
    });

    test('When the cash account would go below zero, or is in another currency than the payment, or the supplier is unknown, then it is refused', async () => {
      await refused({ supplierCode: 'S2', cashAccountCode: 'TILL', amount: 10 }, 409, 'cash.overdraft', 'cashAccountCode');
      await refused({ supplierCode: 'S2', cashAccountCode: 'ICBC', currency: 'USD', amount: 10 }, 422, 'supplier-payment.cash-currency', 'currency');
      await refused({ supplierCode: 'NOPE', cashAccountCode: 'ICBC', amount: 10 }, 422, 'reference.unknown', 'supplierCode');
      await refused({ supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 10.001 }, 422, 'validation.too-precise', 'amount');
    });

    test('When a user without supplier:pay posts a payment, then 403 and nothing is written', async () => {
      const clerk = await t.createUser([(await t.createRole(['purchase:read'])).name]);
      const before = await snapshot();
      const res = await pay({ supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 10 }, clerk.token);
      expect(res.status).toBe(403);
      expect(await snapshot()).toEqual(before);
      expect((await t.get('/payables', clerk.token)).status).toBe(200);
    });
  });

  test('When a sheet posts payments as a batch, then each row gets its number or its own error and the rest posts', async () => {
    const invoice = await createSupplierInvoice(t, { supplierId: suppliers.S2!, date: '2026-05-02', amount: 80_00 });
    const before = (await t.get(`/supplier-payments?supplierId=${suppliers.S2}`, admin)).body.total;

    const res = await t.post('/supplier-payments/batch', {
      documents: [
        { ref: 'sheet-row-2', document: { supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 80, allocations: [{ invoiceNumber: invoice.number, amount: 80 }] } },
        { ref: 'sheet-row-3', document: { supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 'lots' } },
        { ref: 'sheet-row-4', document: { supplierCode: 'S2', cashAccountCode: 'ICBC', amount: 90, allocations: [{ invoiceNumber: invoice.number, amount: 90 }] } },
      ],
    }, admin);

    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { ref: string; status: number }) => [r.ref, r.status])).toEqual([['sheet-row-2', 201], ['sheet-row-3', 422], ['sheet-row-4', 422]]);
    expect(res.body.results[0].document).toMatchObject({ allocated: 80, unallocated: 0 });
    expect(res.body.results[1].problem.errors).toEqual([expect.objectContaining({ path: 'amount' })]);
    expect(res.body.results[2].problem.errors).toEqual([expect.objectContaining({ path: 'allocations[0].amount' })]);
    expect((await t.get(`/supplier-payments?supplierId=${suppliers.S2}`, admin)).body.total).toBe(before + 1);
    expect(await invoiceOf(invoice.id)).toBe('paid');
  });

  test('When ten payments of 30.00 race for one invoice of 100.00, then exactly three are allocated and 10.00 stays open', async () => {
    const invoice = await createSupplierInvoice(t, { supplierId: suppliers.RACE!, date: '2026-06-01', amount: 100_00 });

    const results = await Promise.all(
      Array.from({ length: 10 }, () => pay({ supplierCode: 'RACE', cashAccountCode: 'ICBC', amount: 30, allocations: [{ invoiceId: invoice.id, amount: 30 }] })),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422, 422, 422, 422, 422]);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'allocation.exceeds-open')).toBe(true);
    expect(await openOf(invoice.id)).toBe(10_00);
    expect(await invoiceOf(invoice.id)).toBe('open');
    const [row] = await rows<{ n: number | string }>('SELECT COUNT(*) AS n FROM supplier_payments WHERE supplier_id = :s', { s: suppliers.RACE });
    expect(Number(row!.n)).toBe(3);
  });
});
