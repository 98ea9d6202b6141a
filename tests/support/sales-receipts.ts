import type { CustomerReceiptView } from '../../contract/customer-receipts';
import type { TestApp } from './test-app';

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
