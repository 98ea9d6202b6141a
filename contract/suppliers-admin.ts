import { z } from 'zod';
import { decimalNumber } from './decimals';
import { id, listQuery, version } from './platform';
import { expected, msgKey } from './validation-issues';

/** Supplier management (API.md "Purchasing and suppliers"): contracts with price lines, evaluations, scorecards. */

const text = (max: number) =>
  z.string({ error: expected('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(max, msgKey('validation.too-long'));
const optionalText = (max: number) => z.string({ error: msgKey('validation.type:text') }).trim().max(max, msgKey('validation.too-long')).nullable().optional();
const date = z.iso.date({ error: expected('validation.format:date') });
const currency = z.string({ error: msgKey('validation.type:text') }).regex(/^[A-Z]{3}$/, msgKey('validation.format:currency'));
const paymentTermsDays = z
  .number({ error: msgKey('validation.type:number') })
  .int(msgKey('validation.type:whole-days'))
  .min(0, msgKey('validation.too-small'))
  .max(3650, msgKey('validation.too-large'))
  .nullable()
  .optional();

export const contractLine = z.strictObject({
  itemId: id.optional(),
  sku: text(64).optional(),
  unitPrice: decimalNumber('price', { min: 0 }),
  /** The least order quantity the price applies from; none = any quantity. */
  minQty: decimalNumber('qty', { min: 0 }).nullable().optional(),
});
const contractLines = z
  .array(contractLine, { error: expected('validation.type:lines') })
  .min(1, msgKey('validation.too-few:lines'))
  .max(20000, msgKey('validation.too-many:lines'));

export const createContractRequest = z.strictObject({
  supplierId: id.optional(),
  supplierCode: text(32).optional(),
  title: text(200),
  startDate: date,
  endDate: date,
  /** Default: the supplier's currency. */
  currency: currency.optional(),
  paymentTermsDays,
  note: optionalText(500),
  lines: contractLines,
});
export type CreateContractRequest = z.infer<typeof createContractRequest>;

/** An active contract's terms and lines (lines, when given, replace them all); the supplier stays. */
export const updateContractRequest = z.strictObject({
  title: text(200).optional(),
  startDate: date.optional(),
  endDate: date.optional(),
  currency: currency.optional(),
  paymentTermsDays,
  note: optionalText(500),
  lines: contractLines.optional(),
  version: version.optional(),
});
export type UpdateContractRequest = z.infer<typeof updateContractRequest>;

export const CONTRACT_STATUSES = ['active', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

const queryId = z.coerce.number({ error: msgKey('validation.type:id') }).int().positive().optional();
const queryDate = z.iso.date({ error: msgKey('validation.format:date') }).optional();

export const contractsQuery = listQuery.extend({
  supplierId: queryId,
  status: z.enum(CONTRACT_STATUSES, { error: msgKey('validation.choice') }).optional(),
});

export interface ContractLineView {
  line: number;
  itemId: number;
  sku: string;
  unitPrice: number;
  minQty: number | null;
}

export interface ContractView {
  id: number;
  number: string;
  supplierId: number;
  supplierCode: string;
  title: string;
  startDate: string;
  endDate: string;
  currency: string;
  paymentTermsDays: number | null;
  note: string | null;
  status: ContractStatus;
  version: number;
  lines: ContractLineView[];
}

const rating = z.number({ error: expected('validation.type:whole-number') }).int(msgKey('validation.type:whole-number')).min(1, msgKey('validation.too-small')).max(5, msgKey('validation.too-large'));

export const evaluationRequest = z.strictObject({
  /** Default: today; after today → 422. */
  date: date.optional(),
  quality: rating,
  delivery: rating,
  price: rating,
  service: rating,
  comment: optionalText(500),
});
export type EvaluationRequest = z.infer<typeof evaluationRequest>;

export interface EvaluationView {
  id: number;
  supplierId: number;
  date: string;
  quality: number;
  delivery: number;
  price: number;
  service: number;
  comment: string | null;
  userId: number | null;
}

export const evaluationsQuery = listQuery.omit({ q: true }).extend({ from: queryDate, to: queryDate });

/** Default window: the twelve months up to today (`to` = today, `from` = the day after the same date a year earlier). */
export const scorecardQuery = z.object({ from: queryDate, to: queryDate });

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const performanceQuery = scorecardQuery.extend({
  /** The supplier's own classification (its category and grade fields). */
  category: z.string().max(64).optional(),
  grade: z.string().max(16).optional(),
  /** The grade the scorecard gives. */
  scoreGrade: z.enum(GRADES, { error: msgKey('validation.choice') }).optional(),
  limit: listQuery.shape.limit,
  offset: listQuery.shape.offset,
});

export interface ScorecardView {
  supplierId: number;
  from: string;
  to: string;
  /** Orders dated in the window, neither draft nor cancelled. */
  orders: number;
  /** Of the order lines due in the window (expected date, else order date): ordered, and received (each line counted up to its quantity). */
  orderedQty: number;
  receivedQty: number;
  /** Fractions (6 decimals); null when there is nothing to measure. */
  fillRate: number | null;
  onTimeRate: number | null;
  averageLeadDays: number | null;
  returnRate: number | null;
  priceVarianceRate: number | null;
  ratings: { quality: number | null; delivery: number | null; price: number | null; service: number | null; count: number };
  /** 0–100 (2 decimals) from the components that have data, their weights renormalized; null when none has. */
  score: number | null;
  grade: Grade | null;
}

export interface SupplierPerformanceRow extends ScorecardView {
  supplierCode: string;
  name: string;
  category: string | null;
  /** The supplier's classification grade (master data), not the scorecard's. */
  supplierGrade: string | null;
  rank: number | null;
}
