/** Any failure of a workflow, in plain words for the clerk. */
import { ApiError } from '../api/api-client';
import { problemSummary } from '../api/problem-rows';
import { ExcelProblem } from '../excel/excel-run';
import { LISTS_SHEET, ListsSheetTaken } from '../excel/lists-sheet';
import type { Translate } from '../i18n';
import { WorkflowError } from './context';

export function describeError(error: unknown, t: Translate): string {
  if (error instanceof WorkflowError) return t(error.key, error.params);
  if (error instanceof ApiError) {
    const detail = problemSummary(error.problem);
    switch (error.kind) {
      case 'network':
        return t('error.network');
      case 'timeout':
        return t('error.timeout');
      case 'unauthorized':
        return t('signin.again');
      case 'forbidden':
        return t('error.forbidden', { detail });
      case 'server':
        return t('error.server', { detail });
      default: {
        const first = error.problem.errors?.[0];
        return t('error.problem', { detail: first ? `${detail} (${first.path}: ${first.message})` : detail });
      }
    }
  }
  if (error instanceof ListsSheetTaken) return t('error.listsSheetTaken', { sheet: LISTS_SHEET });
  if (error instanceof ExcelProblem) return t('error.excel', { detail: error.message });
  return error instanceof Error ? error.message : String(error);
}
