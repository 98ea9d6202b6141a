import { QueryTypes } from 'sequelize';
import type { SalesOrderView } from '../../contract/sales-orders';
import { createPartner } from './inventory';
import type { TestApp } from './test-app';

/** Factories for sales scenarios, through the HTTP API. */

export interface OrderBody {
  customerId?: number;
  customerCode?: string;
  warehouseId?: number;
  warehouseCode?: string;
  lines: Array<{ itemId?: number; sku?: string; qty: number; unitPrice?: number; discount?: number; taxRate?: number }>;
  [field: string]: unknown;
}

/** A draft sales order (201 expected). */
export async function createOrder(t: TestApp, token: string, body: OrderBody): Promise<SalesOrderView> {
  const res = await t.post('/sales-orders', body, token);
  if (res.status !== 201) throw new Error(`create sales order failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Approves an order (200 expected): its lines reserved, its customer's credit checked. */
export async function approveOrder(t: TestApp, token: string, orderId: number, body: { overrideCredit?: boolean } = {}): Promise<SalesOrderView> {
  const res = await t.post(`/sales-orders/${orderId}/approve`, body, token);
  if (res.status !== 200) throw new Error(`approve sales order ${orderId} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A draft created and approved by the same user (who needs sales:create and sales:approve). */
export async function createApprovedOrder(t: TestApp, token: string, body: OrderBody & { overrideCredit?: boolean }): Promise<SalesOrderView> {
  const { overrideCredit, ...draft } = body;
  const order = await createOrder(t, token, draft);
  return approveOrder(t, token, order.id, overrideCredit === undefined ? {} : { overrideCredit });
}

/** A customer through the API (as an admin); creditLimit in currency units, null/absent = no limit. */
export async function createCustomer(
  t: TestApp,
  options: { code?: string; creditLimit?: number | null; currency?: string; paymentTermsDays?: number; [field: string]: unknown } = {},
): Promise<{ id: number; code: string }> {
  return createPartner(t, 'customers', options);
}

/** What the sales order tables hold, to show a refusal wrote nothing. */
export async function salesOrderTables(t: TestApp): Promise<{ orders: number; lines: number; numbers: number; reservations: number; reserved: number; approved: number }> {
  const { sequelize } = t.services.db;
  const n = async (sql: string) => Number(((await sequelize.query(sql, { type: QueryTypes.SELECT })) as Array<{ n: number | string | null }>)[0]?.n ?? 0);
  return {
    orders: await n('SELECT COUNT(*) AS n FROM sales_orders'),
    lines: await n('SELECT COUNT(*) AS n FROM sales_order_lines'),
    numbers: await n("SELECT COALESCE(MAX(last), 0) AS n FROM doc_sequences WHERE doc_type = 'SO'"),
    reservations: await n("SELECT COUNT(*) AS n FROM stock_reservations WHERE doc_type = 'SO' AND qty <> 0"),
    reserved: await n('SELECT COALESCE(SUM(reserved), 0) AS n FROM stock_balances'),
    approved: await n("SELECT COUNT(*) AS n FROM sales_orders WHERE status <> 'draft'"),
  };
}
