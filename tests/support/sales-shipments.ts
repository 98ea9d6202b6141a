import { QueryTypes } from 'sequelize';
import type { SalesReturnView, ShipmentView } from '../../contract/shipments';
import { stockState } from './inventory';
import { expectInvariants, expectStockInvariants } from './invariants';
import { createCustomer } from './sales-orders';
import { TestApp } from './test-app';

/** A shipment line request as API.md writes it: `lineId` or `itemId`/`sku`, `qty`, optional `batchNo`. */
export interface ShipLine {
  lineId?: number;
  itemId?: number;
  sku?: string;
  qty: number;
  batchNo?: string;
}

/** Ships lines of an approved sales order through POST /sales-orders/:id/shipments; anything but 201 throws with the problem. */
export async function ship(t: TestApp, token: string, orderId: number, lines: ShipLine[], date?: string): Promise<ShipmentView> {
  const res = await t.post(`/sales-orders/${orderId}/shipments`, { ...(date ? { date } : {}), lines }, token);
  if (res.status !== 201) throw new Error(`shipment failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ShipmentView;
}

/** Posts a sales return (POST /sales-returns) with the body as API.md writes it; anything but 201 throws with the problem. */
export async function returnGoods(t: TestApp, token: string, body: Record<string, unknown>): Promise<SalesReturnView> {
  const res = await t.post('/sales-returns', body, token);
  if (res.status !== 201) throw new Error(`sales return failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as SalesReturnView;
}

/** What an order holds now, line by line and batch by batch (the gate's reservation rows), quantities as the API writes them. */
export async function reservationsOf(t: TestApp, orderId: number): Promise<Array<{ line: number; batchNo: string; qty: number }>> {
  const rows = await t.services.db.sequelize.query<{ line: number; batch_no: string; qty: number | string }>(
    "SELECT line, batch_no, qty FROM stock_reservations WHERE doc_type = 'SO' AND doc_id = :orderId ORDER BY line, batch_no",
    { replacements: { orderId }, type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ line: Number(r.line), batchNo: r.batch_no, qty: Number(r.qty) / 1000 }));
}

/** Row counts of every table a shipment, its cancellation or a return writes (with the stock state, to show a refusal wrote nothing). */
export async function salesDocumentTables(t: TestApp): Promise<Record<string, number>> {
  const { sequelize } = t.services.db;
  const out: Record<string, number> = {};
  const tables = ['shipments', 'shipment_lines', 'sales_returns', 'sales_return_lines', 'sales_invoices', 'sales_invoice_lines', 'journal_entries', 'journal_lines', 'open_items', 'stock_reservations', 'doc_sequences'];
  for (const table of tables) {
    const [row] = await sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`, { type: QueryTypes.SELECT });
    out[table] = Number(row!.n);
  }
  const [progress] = await sequelize.query<Record<string, number | string | null>>(
    'SELECT COALESCE(SUM(shipped), 0) AS shipped, COALESCE(SUM(returned), 0) AS returned, COALESCE(SUM(invoiced), 0) AS invoiced FROM sales_order_lines',
    { type: QueryTypes.SELECT },
  );
  for (const [k, v] of Object.entries(progress!)) out[`orderLines.${k}`] = Number(v);
  const [sequences] = await sequelize.query<{ n: number | string | null }>('SELECT COALESCE(SUM(last), 0) AS n FROM doc_sequences', { type: QueryTypes.SELECT });
  out.numbers = Number(sequences!.n);
  return out;
}

/** Everything a refused shipment, cancel or return must leave as it was: the stock state and the sales documents' tables. */
export async function salesState(t: TestApp) {
  return { stock: await stockState(t), documents: await salesDocumentTables(t) };
}

export interface SalesScene {
  t: TestApp;
  admin: string;
  wh: { id: number; code: string };
  customer: { id: number; code: string };
}

/**
 * A test file's app (started before its tests, stopped after), with an
 * admin's token, a warehouse and a customer; every stock and ledger
 * invariant is checked after each test.
 */
export function salesScene(warehouseCode: string, customerCode: string): SalesScene {
  const scene = {} as SalesScene;
  beforeAll(async () => {
    scene.t = await TestApp.start();
    scene.admin = await scene.t.adminToken();
    scene.wh = await scene.t.createWarehouse(warehouseCode);
    scene.customer = await createCustomer(scene.t, { code: customerCode });
  });
  afterAll(() => scene.t.stop());
  afterEach(async () => {
    await expectStockInvariants(scene.t);
    await expectInvariants(scene.t);
  });
  return scene;
}
