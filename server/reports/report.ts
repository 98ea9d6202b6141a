import type { ColumnType, ParameterType, ReportCell, ReportChart, ReportModule } from '../../contract/reports';
import type { Actor } from '../platform/actor';
import type { Language } from '../platform/i18n/message';
import type { Permission } from '../platform/permissions/catalogue';
import type { Services } from '../platform/services';

/*
 * What one standard report declares (one module each under
 * server/reports/standard/<module>/): its id, bilingual title, parameters,
 * columns, optional chart and its query. The registry (registry.ts) turns a
 * declaration into API.md's `GET /reports` entry and a run into a range.
 */

export interface Bilingual {
  en: string;
  zh: string;
}

export interface ParameterSpec {
  key: string;
  label: Bilingual;
  type: ParameterType;
  required?: boolean;
  /** A value, or one computed when the report runs ('today' → the business date). */
  default?: unknown | ((ctx: DefaultsContext) => unknown);
  /** For `enum`: the allowed values. */
  options?: Array<{ value: string; label: Bilingual }>;
}

export interface ColumnSpec {
  key: string;
  label: Bilingual;
  type: ColumnType;
  /** Summed into the totals row (money, quantity, number columns). */
  total?: boolean;
}

export interface DefaultsContext {
  /** The business date, YYYY-MM-DD. */
  today: string;
}

/**
 * The parameters after parsing: dates and periods as strings, numbers as
 * numbers, and partner / item / warehouse / account references resolved to
 * `{id, code, name}` (accounts: `{code, name}`), absent optional ones undefined.
 */
export type ResolvedParameters = Record<string, unknown>;
export interface ResolvedRef {
  id: number;
  code: string;
  name: string;
}

export interface ReportContext {
  services: Services;
  actor: Actor;
  language: Language;
  params: ResolvedParameters;
  today: string;
}

export interface ReportResult {
  rows: ReportCell[][];
  /** Only when the report computes its own totals; otherwise the registry sums the columns marked `total`. */
  totals?: ReportCell[];
  /** Columns decided by the data (e.g. one per month); otherwise the declared ones. */
  columns?: ColumnSpec[];
}

export interface StandardReport {
  id: string;
  module: ReportModule;
  title: Bilingual;
  /** Needed besides `report:read`: the permission that shows the same data elsewhere (stock:read, finance:read …). */
  permission: Permission;
  parameters: ParameterSpec[];
  columns: ColumnSpec[];
  chart?: ReportChart;
  run(ctx: ReportContext): Promise<ReportResult>;
}

export function label(text: Bilingual, language: Language): string {
  return language === 'zh-CN' ? text.zh : text.en;
}
