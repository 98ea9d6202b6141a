import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/** Shipments against sales orders, and sales returns against shipments (API.md "Sales and customers"). */

const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
const code = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const batchNo = z.string({ error: msgKey('validation.type:text') }).trim().max(64, msgKey('validation.too-long'));
const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));

export const shipmentLine = z.strictObject({
  /** The sales order line; or the item, when it is on one line of the order only. */
  lineId: id.optional(),
  itemId: id.optional(),
  sku: code(64).optional(),
  qty: decimalNumber('qty', { positive: true }),
  /** Optional: FEFO across batches when none is named. */
  batchNo: batchNo.optional(),
});

/** POST /sales-orders/:id/shipments */
export const shipmentRequest = z.strictObject({ date: isoDate.optional(), lines: lines(shipmentLine) });
export type ShipmentRequest = z.infer<typeof shipmentRequest>;

/** A document of POST /shipments/batch: the order named in the body. */
export const batchShipmentRequest = shipmentRequest.extend({ salesOrderId: id });
export type BatchShipmentRequest = z.infer<typeof batchShipmentRequest>;

const optionalId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};
export const shipmentsQuery = z.object({ ...page, salesOrderId: optionalId, customerId: optionalId, warehouseId: optionalId, from: isoDate.optional(), to: isoDate.optional(), q: z.string().max(100).optional() });
export type ShipmentsQuery = z.infer<typeof shipmentsQuery>;

export interface ShipmentLineView {
  id: number;
  line: number;
  lineId: number;
  itemId: number;
  sku: string;
  batchNo: string | null;
  expiryDate: string | null;
  qty: number;
  unitCost: number;
  value: number;
  returned: number;
  invoiced: number;
}

export interface ShipmentView {
  id: number;
  number: string;
  status: 'posted' | 'cancelled';
  salesOrderId: number;
  salesOrderNumber: string;
  customerId: number;
  customerCode: string;
  warehouseId: number;
  date: string;
  baseValue: number;
  reversalOf: number | null;
  reversedBy: number | null;
  lines: ShipmentLineView[];
}

export const salesReturnLine = z.strictObject({
  /** The shipment line; or the item (and batch), when that names one line of the shipment. */
  shipmentLineId: id.optional(),
  itemId: id.optional(),
  sku: code(64).optional(),
  qty: decimalNumber('qty', { positive: true }),
  batchNo: batchNo.optional(),
});

/** POST /sales-returns */
export const salesReturnRequest = z.strictObject({
  customerId: id.optional(),
  customerCode: code(32).optional(),
  /** Or `shipmentNumber` (the returns sheet names the shipment by its number). */
  shipmentId: id.optional(),
  shipmentNumber: code(32).optional(),
  date: isoDate.optional(),
  reason: z.string({ error: msgKey('validation.type:text') }).max(200, msgKey('validation.too-long')).optional(),
  lines: lines(salesReturnLine),
});
export type SalesReturnRequest = z.infer<typeof salesReturnRequest>;

export const salesReturnsQuery = z.object({ ...page, shipmentId: optionalId, customerId: optionalId, warehouseId: optionalId, from: isoDate.optional(), to: isoDate.optional() });
export type SalesReturnsQuery = z.infer<typeof salesReturnsQuery>;

export interface SalesReturnLineView {
  id: number;
  line: number;
  shipmentLineId: number;
  lineId: number;
  itemId: number;
  sku: string;
  batchNo: string | null;
  qty: number;
  unitCost: number;
  value: number;
}

export interface SalesReturnView {
  id: number;
  number: string;
  customerId: number;
  shipmentId: number;
  shipmentNumber: string;
  salesOrderId: number;
  warehouseId: number;
  date: string;
  reason: string | null;
  baseValue: number;
  creditNoteId: number | null;
  creditNoteNumber: string | null;
  lines: SalesReturnLineView[];
}
