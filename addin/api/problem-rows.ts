/**
 * Where in a document each error of a problem+json belongs: a line (by its
 * `row`, or the index in a `lines[3].qty` path) and a field, or the document
 * as a whole.
 */
import type { Problem, ProblemFieldError } from '../../contract/problem';

export interface LocatedError {
  /** Index into the request's `lines`, or null for a document-level error. */
  line: number | null;
  /** The field the error names (`qty`, `warehouseCode`), or null. */
  field: string | null;
  message: string;
}

/** A document's lines, or a payment's allocations (its lines). */
const LINE_PATH = /^(?:lines|allocations)\[(\d+)\](?:\.(\w+))?/;

export function locateError(error: ProblemFieldError): LocatedError {
  const m = LINE_PATH.exec(error.path ?? '');
  const line = typeof error.row === 'number' ? error.row : m ? Number(m[1]) : null;
  const field = m ? (m[2] ?? null) : error.path ? (error.path.split(/[.[]/)[0] ?? null) || null : null;
  return { line, field, message: error.message };
}

export function locateErrors(problem: Problem | undefined): LocatedError[] {
  return (problem?.errors ?? []).map(locateError);
}

/** The one-line summary of a problem for a person. */
export function problemSummary(problem: Problem): string {
  return problem.detail || problem.title || `HTTP ${problem.status}`;
}

/** The server refused a reused Idempotency-Key / batch ref because the body differs from the first use. */
export function isKeyReusedProblem(problem: Problem | undefined): boolean {
  return problem?.status === 422 && (problem.errors ?? []).some((e) => /idempotency/i.test(e.path ?? '') || /^ref$/.test(e.path ?? ''));
}
