import type { SalesReturnView, ShipmentView } from '../../contract/shipments';
import type { TestApp } from './test-app';

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
