import type { CustomReportSpec, DatasetView, ReportCell, ReportColumn, ReportRange } from '../../../contract/reports';
import type { Actor } from '../../platform/actor';
import type { Language } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

/*
 * Custom multi-dimensional reports (API.md "Reports", datasets table): the
 * seven datasets with their whitelisted dimensions and measures, compiled
 * to parameterised SQL. Owned by the custom-reports work; these are the
 * entry points the routes, export and saved definitions call.
 */

/** GET /reports/datasets. */
export function listDatasets(_language: Language): DatasetView[] {
  throw new Error('custom reports: not built yet');
}

/** POST /reports/custom: the range (at most spec.limit rows, 10,000 by default). */
export async function runCustomReport(_services: Services, _actor: Actor, _language: Language, _spec: CustomReportSpec): Promise<ReportRange> {
  throw new Error('custom reports: not built yet');
}

/** Every row of a custom report, page by page (export: any number of rows in flat memory). */
export async function* customReportPages(
  _services: Services,
  _actor: Actor,
  _language: Language,
  _spec: CustomReportSpec,
  _pageSize: number,
): AsyncGenerator<{ title: string; columns: ReportColumn[]; rows: ReportCell[][] }> {
  throw new Error('custom reports: not built yet');
}
