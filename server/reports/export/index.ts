import type { Response } from 'express';
import type { ExportReportRequest } from '../../../contract/reports';
import type { Actor } from '../../platform/actor';
import type { Language } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

/*
 * POST /reports/export?format=xlsx|csv: any standard, saved or custom report
 * as a file, streamed (exceljs' streaming writer), column types as number
 * formats, formula-looking text kept as text. Owned by the export work.
 */
export async function exportReport(_services: Services, _actor: Actor, _language: Language, _request: ExportReportRequest, _format: 'xlsx' | 'csv', _res: Response): Promise<void> {
  throw new Error('export: not built yet');
}
