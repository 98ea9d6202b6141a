import { z } from 'zod';
import { decimalNumber, decimalPlaces } from './decimals';
import { id, listQuery, version } from './platform';
import { expected, msgKey } from './validation-issues';

const text = (max: number) =>
  z.string({ error: expected('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const optionalText = (max: number) =>
  z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long')).nullable().optional();
const flag = z.boolean({ error: msgKey('validation.type:boolean') });
/** A percentage such as 2.5 (= 2.5 %), at most 2 decimals, as OVER_RECEIPT_TOLERANCE is given. */
const percent = z
  .number({ error: expected('validation.type:number') })
  .refine((n) => decimalPlaces(n) <= 2, { message: msgKey('validation.too-precise:percent'), params: { places: 2 } })
  .refine((n) => n >= 0, { message: msgKey('validation.too-small'), params: { min: 0 } })
  .refine((n) => n <= 1000, { message: msgKey('validation.too-large'), params: { max: 1000 } });

export const warehouseOverride = z.strictObject({
  warehouseId: id.optional(),
  warehouseCode: text(32).optional(),
  safetyStock: decimalNumber('qty', { min: 0 }).nullable().optional(),
  maxStock: decimalNumber('qty', { min: 0 }).nullable().optional(),
});

const itemFields = {
  sku: text(64),
  name: text(200),
  unit: text(16),
  category: optionalText(64),
  barcode: optionalText(64),
  batchTracked: flag.optional(),
  safetyStock: decimalNumber('qty', { min: 0 }).nullable().optional(),
  reorderQty: decimalNumber('qty', { min: 0 }).nullable().optional(),
  maxStock: decimalNumber('qty', { min: 0 }).nullable().optional(),
  defaultSupplierId: id.nullable().optional(),
  defaultSupplierCode: text(32).optional(),
  purchasePrice: decimalNumber('price', { min: 0 }).nullable().optional(),
  salePrice: decimalNumber('price', { min: 0 }).nullable().optional(),
  taxRate: decimalNumber('rate', { min: 0 }).refine((n) => n <= 1, msgKey('validation.too-large:fraction')).nullable().optional(),
  /** How far receipts may exceed an order line, in percent; null = the global OVER_RECEIPT_TOLERANCE. */
  overReceiptTolerance: percent.nullable().optional(),
  active: flag.optional(),
  /** Per-warehouse safety and maximum stock, overriding the item's own. */
  warehouseOverrides: z.array(warehouseOverride, { error: msgKey('validation.type:list') }).max(1000, msgKey('validation.too-many')).optional(),
};
export const itemRequest = z.strictObject({ ...itemFields, batchTracked: flag.default(false), active: flag.default(true) });
/** Every field optional and none defaulted: a PATCH changes only what it names. */
export const updateItemRequest = z.strictObject(itemFields).partial().extend({ version: version.optional() });
export type ItemRequest = z.infer<typeof itemRequest>;
export type UpdateItemRequest = z.infer<typeof updateItemRequest>;

export interface ItemView {
  id: number;
  sku: string;
  name: string;
  unit: string;
  category: string | null;
  barcode: string | null;
  batchTracked: boolean;
  safetyStock: number | null;
  reorderQty: number | null;
  maxStock: number | null;
  defaultSupplierId: number | null;
  purchasePrice: number | null;
  salePrice: number | null;
  taxRate: number | null;
  /** Percent; null = the global OVER_RECEIPT_TOLERANCE. Always answered; optional so clients built before it still type-check. */
  overReceiptTolerance?: number | null;
  active: boolean;
  warehouseOverrides: Array<{ warehouseId: number; safetyStock: number | null; maxStock: number | null }>;
  version: number;
}

const partnerFields = {
  code: text(32),
  name: text(200),
  category: optionalText(64),
  grade: optionalText(16),
  contact: optionalText(100),
  phone: optionalText(50),
  email: z.email({ error: msgKey('validation.format:email') }).max(200, msgKey('validation.too-long')).nullable().optional(),
  address: optionalText(300),
  paymentTermsDays: z
    .number({ error: msgKey('validation.type:number') })
    .int(msgKey('validation.type:whole-days'))
    .min(0, msgKey('validation.too-small'))
    .max(3650, msgKey('validation.too-large'))
    .nullable()
    .optional(),
  currency: z.string({ error: msgKey('validation.type:text') }).regex(/^[A-Z]{3}$/, msgKey('validation.format:currency')).optional(),
  active: flag.optional(),
};
const creditLimit = decimalNumber('money', { min: 0 }).nullable().optional();
const defaults = { currency: partnerFields.currency.default('CNY'), active: flag.default(true) };

export const supplierRequest = z.strictObject({ ...partnerFields, ...defaults });
export const updateSupplierRequest = z.strictObject(partnerFields).partial().extend({ version: version.optional() });
export const customerRequest = z.strictObject({ ...partnerFields, ...defaults, creditLimit });
export const updateCustomerRequest = z.strictObject({ ...partnerFields, creditLimit }).partial().extend({ version: version.optional() });
export type PartnerRequest = z.infer<typeof customerRequest>;

/** GET /suppliers and /customers: `q` matches code or name; `category` and `grade` match exactly (API.md "Partner lists also filter ?category&grade"). */
export const partnerListQuery = listQuery.extend({
  category: z.string({ error: msgKey('validation.type:text') }).max(64, msgKey('validation.too-long')).optional(),
  grade: z.string({ error: msgKey('validation.type:text') }).max(16, msgKey('validation.too-long')).optional(),
});
export type PartnerListQuery = z.infer<typeof partnerListQuery>;
export type UpdatePartnerRequest = z.infer<typeof updateCustomerRequest>;

export interface PartnerView {
  id: number;
  code: string;
  name: string;
  category: string | null;
  grade: string | null;
  contact: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  paymentTermsDays: number | null;
  currency: string;
  active: boolean;
  /** Customers only. */
  creditLimit?: number | null;
  version: number;
}
