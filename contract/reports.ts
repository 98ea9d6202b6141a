import { z } from 'zod';
import { id } from './platform';
import { msgKey } from './validation-issues';

/*
 * Reports (API.md "Reports"): standard reports from the registry, custom
 * multi-dimensional reports over whitelisted datasets, saved definitions,
 * export to xlsx / csv, and the batch behind the =JXC.* custom functions.
 * Every report answers a range: columns with a type, rows of plain values.
 */

export const COLUMN_TYPES = ['string', 'number', 'money', 'quantity', 'price', 'date', 'percent'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
}

export type ChartType = 'column' | 'bar' | 'line' | 'pie';
export interface ReportChart {
  type: ChartType;
  /** The column whose values label the categories. */
  category: string;
  /** The columns plotted, one series each. */
  series: string[];
}

/** A cell of a range: numbers are plain JSON numbers at the column type's precision; dates `YYYY-MM-DD`. */
export type ReportCell = string | number | null;

export interface ReportRange {
  id: string;
  title: string;
  /** The parameters the report ran with, defaults filled in (codes as given). */
  parameters: Record<string, unknown>;
  generatedAt: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** One cell per column: sums of the summed columns, null elsewhere (the first is a label). */
  totals?: ReportCell[];
  chart?: ReportChart;
}

/**
 * Parameter types. `warehouse`, `customer`, `supplier`, `item` and `account`
 * take a code (or an id for the first four); `period` is `YYYY-MM`.
 */
export const PARAMETER_TYPES = ['date', 'period', 'string', 'number', 'boolean', 'enum', 'warehouse', 'customer', 'supplier', 'item', 'account', 'category'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export interface ReportParameterView {
  key: string;
  label: string;
  type: ParameterType;
  required: boolean;
  /** The value used when none is given ('today', the month's first day … already resolved to a value). */
  default?: unknown;
  options?: Array<{ value: string; label: string }>;
}

export const REPORT_MODULES = ['stock', 'purchasing', 'sales', 'receivables', 'finance'] as const;
export type ReportModule = (typeof REPORT_MODULES)[number];

export interface ReportSummary {
  id: string;
  title: string;
  module: ReportModule;
  parameters: ReportParameterView[];
  columns: ReportColumn[];
  chart?: ReportChart;
}

const reportId = z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(80, msgKey('validation.too-long'));
/** Parameter values are checked against the report's own declaration (server/reports/parameters.ts). */
const parameterValues = z.record(z.string(), z.unknown(), { error: msgKey('validation.type:object') });

/* ---------------- custom reports ---------------- */

export const FILTER_OPS = ['eq', 'in', 'between', 'gte', 'lte', 'contains'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

const name = z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(64, msgKey('validation.too-long'));

export const customFilter = z.object({
  field: name,
  op: z.enum(FILTER_OPS, { error: msgKey('validation.choice') }),
  /** eq/gte/lte/contains: a value; in: a list; between: [from, to]. Checked against the field's type by the compiler. */
  value: z.unknown(),
});
export type CustomFilter = z.infer<typeof customFilter>;

export const customReportSpec = z.object({
  dataset: name,
  dimensions: z.array(name).max(8, msgKey('validation.too-many')).default([]),
  measures: z.array(name).min(1, msgKey('validation.required')).max(16, msgKey('validation.too-many')),
  filters: z.array(customFilter).max(32, msgKey('validation.too-many')).default([]),
  sort: z.array(z.object({ key: name, dir: z.enum(['asc', 'desc'], { error: msgKey('validation.choice') }).default('asc') })).max(8, msgKey('validation.too-many')).default([]),
  /** At most this many rows (default 10,000 over HTTP; export takes every row when absent). */
  limit: z.number({ error: msgKey('validation.type:number') }).int().min(1).max(1_000_000).optional(),
});
export type CustomReportSpec = z.infer<typeof customReportSpec>;

export interface DatasetField {
  key: string;
  label: string;
  type: ColumnType;
}
export interface DatasetView {
  id: string;
  title: string;
  dimensions: DatasetField[];
  measures: DatasetField[];
}

/* ---------------- running and exporting ---------------- */

export const runReportRequest = z.object({ id: reportId, parameters: parameterValues.default({}) });
export type RunReportRequest = z.infer<typeof runReportRequest>;

export const exportReportRequest = z.union([
  z.object({ id: reportId, parameters: parameterValues.default({}) }).strict(),
  z.object({ custom: customReportSpec }).strict(),
]);
export type ExportReportRequest = z.infer<typeof exportReportRequest>;
export const exportQuery = z.object({ format: z.enum(['xlsx', 'csv'], { error: msgKey('validation.choice') }).default('xlsx') });

/* ---------------- saved definitions ---------------- */

export const createDefinitionRequest = z.object({
  name: z.string({ error: msgKey('validation.type:text') }).trim().min(1, msgKey('validation.required')).max(100, msgKey('validation.too-long')),
  spec: customReportSpec,
  shared: z.boolean({ error: msgKey('validation.type:boolean') }).default(false),
});
export type CreateDefinitionRequest = z.infer<typeof createDefinitionRequest>;
export const updateDefinitionRequest = createDefinitionRequest.partial().extend({ version: z.number().int().positive().optional() });
export type UpdateDefinitionRequest = z.infer<typeof updateDefinitionRequest>;

export interface ReportDefinitionView {
  id: number;
  name: string;
  spec: CustomReportSpec;
  shared: boolean;
  ownerId: number;
  ownerName: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}
export const definitionsQuery = z.object({
  limit: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(1).max(10000).default(100),
  offset: z.coerce.number({ error: msgKey('validation.type:number') }).int().min(0).default(0),
});

/* ---------------- =JXC.* custom functions ---------------- */

export const FUNCTION_NAMES = ['STOCK', 'AVAILABLE', 'COST', 'PRICE', 'BALANCE', 'AR', 'AP', 'SALES'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** One recalculation's calls, answered in the same order (POST /reports/functions). */
export const functionsRequest = z.object({
  calls: z
    .array(z.object({ fn: z.string({ error: msgKey('validation.type:text') }), args: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).max(8) }))
    .min(1, msgKey('validation.required'))
    .max(10000, msgKey('validation.too-many')),
});
export type FunctionsRequest = z.infer<typeof functionsRequest>;
/** `error.code`: 'not-available' (Excel #N/A: unknown SKU, account …) or 'value' (#VALUE!: a bad argument). */
export type FunctionResult = { value: number } | { error: { code: 'not-available' | 'value'; message: string } };
export interface FunctionsResponse {
  results: FunctionResult[];
}

export { id as reportDefinitionId };
