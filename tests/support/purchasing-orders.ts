import { QueryTypes } from 'sequelize';
import type { TestApp } from './test-app';

let contracts = 0;

/**
 * A supplier contract straight in its tables (the contracts API is another
 * part's): prices as the API writes them, minQty in units.
 */
export async function insertContract(
  t: TestApp,
  c: { supplierId: number; currency?: string; startDate: string; endDate: string; status?: string; lines: Array<{ itemId: number; unitPrice: number; minQty?: number }> },
): Promise<number> {
  const { sequelize } = t.services.db;
  const now = new Date();
  const number = `SC-TEST-${++contracts}`;
  await sequelize.query(
    `INSERT INTO supplier_contracts (number, supplier_id, title, start_date, end_date, currency, status, version, created_at, updated_at)
     VALUES (:number, :supplierId, 'test contract', :startDate, :endDate, :currency, :status, 1, :now, :now)`,
    { replacements: { number, supplierId: c.supplierId, startDate: c.startDate, endDate: c.endDate, currency: c.currency ?? 'CNY', status: c.status ?? 'active', now } },
  );
  const [row] = (await sequelize.query('SELECT id FROM supplier_contracts WHERE number = :number', { replacements: { number }, type: QueryTypes.SELECT })) as Array<{ id: number }>;
  const id = Number(row!.id);
  for (const [i, l] of c.lines.entries()) {
    await sequelize.query('INSERT INTO supplier_contract_lines (contract_id, line, item_id, unit_price, min_qty) VALUES (:id, :line, :itemId, :unitPrice, :minQty)', {
      replacements: { id, line: i, itemId: l.itemId, unitPrice: Math.round(l.unitPrice * 10000), minQty: l.minQty === undefined ? null : Math.round(l.minQty * 1000) },
    });
  }
  return id;
}

/** What the purchasing tables hold, to show a refusal wrote nothing. */
export async function orderTables(t: TestApp): Promise<{ orders: number; lines: number; numbers: number }> {
  const { sequelize } = t.services.db;
  const n = async (sql: string) => Number(((await sequelize.query(sql, { type: QueryTypes.SELECT })) as Array<{ n: number | string }>)[0]?.n ?? 0);
  return {
    orders: await n('SELECT COUNT(*) AS n FROM purchase_orders'),
    lines: await n('SELECT COUNT(*) AS n FROM purchase_order_lines'),
    numbers: await n("SELECT COALESCE(MAX(last), 0) AS n FROM doc_sequences WHERE doc_type = 'PO'"),
  };
}

/** Records goods as received on an order line straight in the table, standing in for the receipts part. */
export async function markReceived(t: TestApp, lineId: number, qty: number): Promise<void> {
  await t.services.db.sequelize.query('UPDATE purchase_order_lines SET received = received + :qty WHERE id = :lineId', { replacements: { qty: Math.round(qty * 1000), lineId } });
}

/** The stored line columns the API does not show as they are (base unit cost ×10000). */
export async function storedLines(t: TestApp, orderId: number): Promise<Array<{ base_unit_cost: string; contract_price: string | null }>> {
  const rows = await t.services.db.sequelize.query('SELECT base_unit_cost, contract_price FROM purchase_order_lines WHERE order_id = :orderId ORDER BY line', {
    replacements: { orderId },
    type: QueryTypes.SELECT,
  });
  return (rows as Array<Record<string, unknown>>).map((r) => ({ base_unit_cost: String(r.base_unit_cost), contract_price: r.contract_price == null ? null : String(r.contract_price) }));
}
