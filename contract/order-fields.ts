import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id } from './platform';
import { expected, msgKey } from './validation-issues';

/** The fields purchase and sales orders share (API.md "Documents"): dates, texts, currency, lines, fractions, references, paging. */

export const isoDate = z.iso.date({ error: msgKey('validation.format:date') });
export const text = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long'));
export const code = (max: number) => text(max).min(1, msgKey('validation.required'));
export const currency = z.string({ error: msgKey('validation.type:text') }).trim().regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));
export const lines = <T extends z.ZodTypeAny>(line: T) =>
  z.array(line, { error: expected('validation.type:lines') }).min(1, msgKey('validation.too-few:lines')).max(20000, msgKey('validation.too-many:lines'));
export const fraction = decimalNumber('rate', { min: 0 }).refine((n) => n <= 1, { message: msgKey('validation.too-large:fraction') });

export const itemRef = { itemId: id.optional(), sku: code(64).optional() };
export const warehouseRef = { warehouseId: id.optional(), warehouseCode: code(32).optional() };

export const queryId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
export const page = {
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
};
