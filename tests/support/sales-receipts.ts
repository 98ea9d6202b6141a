import type { CustomerReceiptView } from '../../contract/customer-receipts';
import type { SalesInvoiceView } from '../../contract/sales-invoices';
import { invoiceShipments } from './sales-invoices';
import { createApprovedOrder } from './sales-orders';
import { returnGoods, ship } from './sales-shipments';
import { createItem, receive as stockIn } from './inventory';
import { expectInvariants, expectStockInvariants } from './invariants';
import { TestApp } from './test-app';

/** Posts a customer receipt (POST /customer-receipts) with the body as API.md writes it; anything but 201 throws with the problem. */
export async function receive(t: TestApp, token: string, body: Record<string, unknown>): Promise<CustomerReceiptView> {
  const res = await t.post('/customer-receipts', body, token);
  if (res.status !== 201) throw new Error(`customer receipt failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CustomerReceiptView;
}

/** Allocates what is left of a receipt later (POST /customer-receipts/:id/allocations); anything but 200 throws with the problem. */
export async function allocateReceipt(t: TestApp, token: string, receiptId: number, allocations: Array<Record<string, unknown>>, date?: string): Promise<CustomerReceiptView> {
  const res = await t.post(`/customer-receipts/${receiptId}/allocations`, { ...(date ? { date } : {}), allocations }, token);
  if (res.status !== 200) throw new Error(`allocation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CustomerReceiptView;
}

/**
 * An invoice of goods shipped on an approved order, and the credit note a
 * return of part of them raises: order, shipment, invoice and return through
 * the other parts' endpoints, all on `date` but the return (on `returnDate`).
 * Tax 0, so the invoice is qty × unitPrice and the note returnQty × unitPrice.
 */
export async function invoicedThenReturned(
  t: TestApp,
  token: string,
  spec: { customerId: number; warehouseId: number; itemId: number; qty: number; unitPrice: number; returnQty: number; date: string; returnDate: string; currency?: string; rate?: number },
): Promise<{ invoice: SalesInvoiceView; creditNote: SalesInvoiceView }> {
  const { customerId, warehouseId, itemId, date } = spec;
  const money = { ...(spec.currency && { currency: spec.currency }), ...(spec.rate && { rate: spec.rate }) };
  const order = await createApprovedOrder(t, token, { customerId, warehouseId, date, ...money, lines: [{ itemId, qty: spec.qty, unitPrice: spec.unitPrice, taxRate: 0 }] });
  const shipment = await ship(t, token, order.id, [{ lineId: order.lines[0]!.id, qty: spec.qty }], date);
  const invoice = await invoiceShipments(t, token, { customerId, shipmentIds: [shipment.id], date, ...(spec.rate && { rate: spec.rate }) });
  const returned = await returnGoods(t, token, { customerId, shipmentId: shipment.id, date: spec.returnDate, lines: [{ shipmentLineId: shipment.lines[0]!.id, qty: spec.returnQty }] });
  const note = await t.get(`/sales-invoices/${returned.creditNoteId}`, token);
  if (note.status !== 200) throw new Error(`credit note ${returned.creditNoteId}: ${note.status} ${JSON.stringify(note.body)}`);
  return { invoice, creditNote: note.body as SalesInvoiceView };
}

/** A test app with the bank accounts receipts go into: ICBC (CNY, leaf 1002.01) and USD (leaf 1002.02). */
export async function startWithBanks(): Promise<{ t: TestApp; admin: string }> {
  const t = await TestApp.start();
  const admin = await t.adminToken();
  for (const [code, currency] of [['ICBC', 'CNY'], ['USD', 'USD']]) {
    const res = await t.post('/cash-accounts', { code, name: code, type: 'bank', currency }, admin);
    if (res.status !== 201) throw new Error(`cash account ${code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { t, admin };
}

/** The ledgers' invariants (receivables and advances against their open items among them) and the stock's, after a scenario. */
export async function expectAllInvariants(t: TestApp): Promise<void> {
  await expectInvariants(t);
  await expectStockInvariants(t);
}

/** A new item with `qty` on hand at `unitCost` in a new warehouse, for a sale that raises a credit note. */
export async function stockedItem(t: TestApp, warehouseCode: string, qty: number, unitCost: number): Promise<{ warehouseId: number; itemId: number }> {
  const warehouse = await t.createWarehouse(warehouseCode);
  const item = await createItem(t);
  await stockIn(t, warehouse.id, item.id, qty, unitCost);
  return { warehouseId: warehouse.id, itemId: item.id };
}
