import { ZodError } from 'zod';
import { formatPath, Problem, ProblemFieldError, rowOf } from '../../contract/problem';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not permitted',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Request too large',
  422: 'Invalid input',
  429: 'Too many requests',
  500: 'Internal error',
};

/** The one error type use cases throw; it carries its HTTP status and field errors. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: ProblemFieldError[] = [],
    readonly kind = 'about:blank',
  ) {
    super(detail);
    this.name = 'AppError';
  }

  toProblem(): Problem {
    const problem: Problem = {
      type: this.kind,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
    };
    if (this.errors.length > 0) problem.errors = this.errors;
    return problem;
  }
}

export const unauthorized = (detail = 'Sign in first, or your session has expired.') => new AppError(401, detail);
export const forbidden = (detail: string) => new AppError(403, detail);
export const notFound = (what: string) => new AppError(404, `${what} was not found.`);
export const conflict = (detail: string, errors: ProblemFieldError[] = []) => new AppError(409, detail, errors);
export const invalid = (detail: string, errors: ProblemFieldError[] = []) => new AppError(422, detail, errors);

/** A conditional write (If-Match, `version`) refused because the record moved on; the problem names the version it is at now. */
class PreconditionFailed extends AppError {
  constructor(detail: string, readonly currentVersion: number) {
    super(412, detail);
  }

  override toProblem(): Problem {
    return { ...super.toProblem(), currentVersion: this.currentVersion };
  }
}
export const preconditionFailed = (detail: string, currentVersion: number): AppError => new PreconditionFailed(detail, currentVersion);

export function fieldError(path: Array<string | number>, message: string): ProblemFieldError {
  const error: ProblemFieldError = { path: formatPath(path), message };
  const row = rowOf(path);
  if (row !== undefined) error.row = row;
  return error;
}

export function fromZod(error: ZodError, root?: string): AppError {
  const errors = error.issues.flatMap((issue) => {
    const path = (root ? [root, ...issue.path] : issue.path) as Array<string | number>;
    // One error per unknown field, so the field itself is named where the message is shown.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => fieldError([...path, key], 'unknown field'));
    return [fieldError(path, issue.message)];
  });
  const first = errors[0];
  const detail = first ? `${first.path || 'body'}: ${first.message}` : 'The request is invalid.';
  return invalid(errors.length > 1 ? `${detail} (and ${errors.length - 1} more)` : detail, errors);
}
