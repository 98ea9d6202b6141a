/**
 * RFC 9457 problem details, as every error of the API is answered. `code` is a
 * stable name for the problem (`stock.insufficient`, `validation.required`),
 * the same in every language; `title`, `detail` and `message` are in the
 * language the request asked for with `Accept-Language`.
 */
export interface ProblemFieldError {
  path: string;
  message: string;
  /** Index of the line in `lines` the error belongs to, when it belongs to one. */
  row?: number;
  code?: string;
}

export interface Problem {
  type: string;
  /** Always there in the server's answers; a client's stand-in for an answer that never came may lack it. */
  code?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: ProblemFieldError[];
  /** 412 only: the version the record is at now, so a client can tell how far behind it is. */
  currentVersion?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `['lines', 3, 'qty']` → `lines[3].qty`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The line index a path points into (`lines[3].qty` → 3), if any. */
export function rowOf(path: ReadonlyArray<PropertyKey>): number | undefined {
  return path[0] === 'lines' && typeof path[1] === 'number' ? path[1] : undefined;
}
