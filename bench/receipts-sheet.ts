/// <reference types="office-js" />
import fs from 'node:fs';
import { ApiClient } from '../addin/api/api-client';
import { RECEIPT_LAYOUT } from '../addin/sheets/receipt-sheet';
import { postDocumentSheet } from '../addin/workflows/documents';
import { pullOpenLines } from '../addin/workflows/purchasing';
import { freshWorkbook, measure, session, SheetRun } from './addin-sheets';
import { openDirect, seedItems, seedWarehouses } from './seed';
import { ADMIN_PASSWORD, startServer, tempSqliteUrl } from './server-process';

export interface ReceiptsSheetResult {
  small: SheetRun;
  large: SheetRun;
  pull: SheetRun;
}

const LINES_PER_ORDER = 50;

/** Approved orders of 50 lines each, written straight into the file (the bench measures the sheet, not the ordering). */
function seedOrders(file: string, orders: number, warehouseId: number): void {
  const db = openDirect(file);
  const now = new Date().toISOString();
  const supplier = Number(db.prepare("INSERT INTO suppliers (code, name, currency, active, created_at, updated_at) VALUES ('BS', 'Bench supplier', 'CNY', 1, ?, ?)").run(now, now).lastInsertRowid);
  const order = db.prepare(
    `INSERT INTO purchase_orders (number, status, supplier_id, warehouse_id, date, prices_include_tax, currency, rate, subtotal, tax, total, base_subtotal, base_tax, base_total, version, created_at, updated_at)
     VALUES (?, 'approved', ?, ?, '2026-01-05', 0, 'CNY', 1000000, 0, 0, 0, 0, 0, 0, 1, ?, ?)`,
  );
  const line = db.prepare(
    `INSERT INTO purchase_order_lines (order_id, line, item_id, qty, unit_price, discount, tax_rate, amount, tax, base_amount, base_tax, base_unit_cost, received, returned, invoiced)
     VALUES (?, ?, ?, 10000, 20000, 0, 0, 2000, 0, 2000, 0, 20000, 0, 0, 0)`,
  );
  db.transaction(() => {
    for (let o = 0; o < orders; o++) {
      const id = Number(order.run(`PO-2026-${String(o + 1).padStart(6, '0')}`, supplier, warehouseId, now, now).lastInsertRowid);
      for (let l = 0; l < LINES_PER_ORDER; l++) line.run(id, l, o * LINES_PER_ORDER + l + 1);
    }
  })();
  db.prepare("INSERT INTO doc_sequences (doc_type, year, last) VALUES ('PO', 2026, ?)").run(orders);
  db.close();
}

/** Pulls the open lines of `orders` orders, types what arrived on every row, and posts the sheet. */
async function receive(url: string, token: string, rows: number): Promise<{ pull: SheetRun; post: SheetRun }> {
  const handle = freshWorkbook();
  const s = session(url, token);
  await s.cache.get();
  const pull = await measure(handle, s, rows, async () => {
    const result = await pullOpenLines(s.ctx, { supplier: '', warehouseId: null });
    if (result.params?.count !== rows) throw new Error(`pulled ${JSON.stringify(result)}`);
  });
  const sheet = handle.model.sheetByName(RECEIPT_LAYOUT.names.zh)!;
  const qtyColumn = RECEIPT_LAYOUT.columns.findIndex((c) => c.key === 'qty');
  handle.model.typeValues(sheet, 1, qtyColumn, Array.from({ length: rows }, () => [10]));
  const post = await measure(handle, s, rows, async () => {
    const result = await postDocumentSheet(s.ctx, 'receipts');
    if (result.params?.posted !== rows) throw new Error(`posted ${JSON.stringify(result)}`);
  });
  return { pull, post };
}

/**
 * A 5,000-row receipts sheet (100 orders of 50 lines) pulled from the server
 * and posted back, against a 10-row one: syncs must not grow with the rows.
 */
export async function benchReceiptsSheet(port = 3817): Promise<ReceiptsSheetResult> {
  const rows = 5000;
  const run = async (orders: number) => {
    const { url, file, dir } = tempSqliteUrl();
    let server = await startServer(url, port);
    await server.stop();
    seedItems(file, orders * LINES_PER_ORDER, 'R');
    const [warehouseId] = seedWarehouses(file, 1);
    seedOrders(file, orders, warehouseId!);
    server = await startServer(url, port);
    try {
      const login = await new ApiClient({ baseUrl: server.url }).login('admin', ADMIN_PASSWORD);
      return await receive(server.url, login.token, orders * LINES_PER_ORDER);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const small = await run(1);
  const large = await run(rows / LINES_PER_ORDER);
  return { small: small.post, large: large.post, pull: large.pull };
}
