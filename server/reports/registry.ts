import type { ReportCell, ReportColumn, ReportRange, ReportSummary } from '../../contract/reports';
import { forbidden, invalid, fieldError } from '../platform/errors';
import { msg, Language } from '../platform/i18n/message';
import type { Actor } from '../platform/actor';
import type { Services } from '../platform/services';
import { resolveParameters } from './parameters';
import { ColumnSpec, label, StandardReport } from './report';
import { FINANCE_REPORTS } from './standard/finance';
import { PARTNERS_REPORTS } from './standard/partners';
import { PURCHASING_REPORTS } from './standard/purchasing';
import { SALES_REPORTS } from './standard/sales';
import { STOCK_REPORTS } from './standard/stock';

/** Every standard report, in catalogue order (API.md's list). */
export const STANDARD_REPORTS: StandardReport[] = [...STOCK_REPORTS, ...PURCHASING_REPORTS, ...SALES_REPORTS, ...PARTNERS_REPORTS, ...FINANCE_REPORTS];
const BY_ID = new Map(STANDARD_REPORTS.map((r) => [r.id, r]));

export function findStandardReport(id: string): StandardReport | undefined {
  return BY_ID.get(id);
}

function mayRun(actor: Actor, report: StandardReport): boolean {
  return actor.permissions.has('report:read') && actor.permissions.has(report.permission);
}

export function columnsIn(columns: ColumnSpec[], language: Language): ReportColumn[] {
  return columns.map((c) => ({ key: c.key, label: label(c.label, language), type: c.type }));
}

/** GET /reports: the reports this actor may run, titles and labels in the request's language. */
export function listReports(actor: Actor, language: Language, today: string): ReportSummary[] {
  return STANDARD_REPORTS.filter((r) => mayRun(actor, r)).map((r) => ({
    id: r.id,
    title: label(r.title, language),
    module: r.module,
    parameters: r.parameters.map((p) => {
      const value = typeof p.default === 'function' ? (p.default as (c: { today: string }) => unknown)({ today }) : p.default;
      return {
        key: p.key,
        label: label(p.label, language),
        type: p.type,
        required: Boolean(p.required),
        ...(value !== undefined && { default: value }),
        ...(p.options && { options: p.options.map((o) => ({ value: o.value, label: label(o.label, language) })) }),
      };
    }),
    columns: columnsIn(r.columns, language),
    ...(r.chart && { chart: r.chart }),
  }));
}

/** Sums of the columns marked `total`, exact in the column's scale; the first cell is the label 合计 / Total. */
export function totalsOf(columns: ColumnSpec[], rows: ReportCell[][], language: Language): ReportCell[] | undefined {
  if (!columns.some((c) => c.total)) return undefined;
  const scale = (type: string) => (type === 'money' ? 100 : type === 'quantity' ? 1000 : type === 'price' ? 10000 : 1);
  const totals: ReportCell[] = columns.map((c) => {
    if (!c.total) return null;
    const s = scale(c.type);
    let sum = 0;
    for (const row of rows) {
      const v = row[columns.indexOf(c)];
      if (typeof v === 'number') sum += Math.round(v * s);
    }
    return sum / s;
  });
  if (totals[0] === null) totals[0] = language === 'zh-CN' ? '合计' : 'Total';
  return totals;
}

/** POST /reports/run for a standard report. */
export async function runStandardReport(services: Services, actor: Actor, language: Language, id: string, given: Record<string, unknown>): Promise<ReportRange> {
  const report = BY_ID.get(id);
  if (!report) throw invalid(msg('report.unknown', { id }), [fieldError(['id'], msg('report.unknown:field', { id }), 'report.unknown')]);
  if (!mayRun(actor, report)) throw forbidden(msg('permission.denied', { permission: actor.permissions.has('report:read') ? report.permission : 'report:read' }));
  const today = services.calendar.today();
  const { params, echo } = await resolveParameters(services, actor, report.parameters, given, { today });
  const result = await report.run({ services, actor, language, params, today });
  const columns = result.columns ?? report.columns;
  const totals = result.totals ?? totalsOf(columns, result.rows, language);
  return {
    id,
    title: label(report.title, language),
    parameters: echo,
    generatedAt: services.calendar.now().toISOString(),
    columns: columnsIn(columns, language),
    rows: result.rows,
    ...(totals && { totals }),
    ...(report.chart && { chart: report.chart }),
  };
}
