/**
 * Turning a problem+json answer into what the page shows: one sentence for the
 * top of the form and a message beside each field. Pure, so it is unit tested.
 */
import type { Problem, ProblemFieldError } from '../../../contract/problem';
import { MessageKey, t } from './i18n';

/** The form field an error path belongs to: `roles[0]` → `roles`, `lines[3].qty` → `lines`. */
export function fieldKey(path: string): string {
  const match = /^[^.[]*/.exec(path);
  return match ? match[0] : path;
}

export interface SortedErrors {
  /** field → messages to show beside it */
  byField: Map<string, string[]>;
  /** errors no field on the form can show; they go with the summary */
  unplaced: string[];
}

/** A message beside `roles` for `roles[0]` keeps the index, so the person sees which entry is wrong. */
function messageFor(error: ProblemFieldError, field: string): string {
  return error.path === field ? error.message : `${error.path}: ${error.message}`;
}

export function sortFieldErrors(errors: ProblemFieldError[] | undefined, fields: ReadonlySet<string>): SortedErrors {
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const error of errors ?? []) {
    const field = fieldKey(error.path);
    if (fields.has(field)) byField.set(field, [...(byField.get(field) ?? []), messageFor(error, field)]);
    else unplaced.push(error.path ? `${error.path}: ${error.message}` : error.message);
  }
  return { byField, unplaced };
}

const KNOWN_STATUSES = new Set([400, 401, 403, 404, 409, 412, 413, 422, 429, 500]);

/** "冲突：This is the last active administrator…" — the kind in the page's language, then the server's detail. */
export function problemSummary(problem: Problem): string {
  if (problem.status === 0) return t('app.networkError');
  const kind = KNOWN_STATUSES.has(problem.status) ? t(`problem.${problem.status}` as MessageKey) : problem.title;
  const detail = problem.detail ?? problem.title;
  const separator = /[\u3000-\u9fff]$/.test(kind) ? '：' : ': ';
  const tail = problem.status === 429 ? ` ${t('problem.retryLater')}` : '';
  return `${kind}${separator}${detail}${tail}`;
}
