import { ZodError } from 'zod';
import { formatPath, Problem, ProblemFieldError, rowOf } from '../../contract/problem';
import { codeOf, describeIssue } from '../../contract/validation-issues';
import { isMessage, isMessageKey, Language, Message, MessageKey, msg, render, Wording } from './i18n/message';

/** The code of a problem whose thrower named none. */
const DEFAULT_CODES: Record<number, string> = {
  400: 'request.malformed',
  401: 'auth.required',
  403: 'permission.denied',
  404: 'not-found',
  409: 'conflict',
  412: 'version.stale',
  413: 'request.too-large',
  415: 'request.unsupported-encoding',
  422: 'validation.invalid',
  429: 'rate.limited',
  500: 'server.error',
};

/** A field error as thrown: its message is rendered when the answer is sent. */
export interface FieldIssue {
  path: string;
  message: Wording;
  row?: number;
  code?: string;
}

export interface ProblemOptions {
  /** Defaults to the detail's code, else to the status's. */
  code?: string;
  type?: string;
}

type TitleKey = Extract<MessageKey, `title.${string}`>;

function titleKey(status: number): TitleKey {
  const key = `title.${status}`;
  return isMessageKey(key) ? (key as TitleKey) : 'title.other';
}

function codeFor(wording: Wording): string | undefined {
  return isMessage(wording) ? codeOf(wording.key) : undefined;
}

/** The one error type use cases throw; it carries its HTTP status, its code and field errors. */
export class AppError extends Error {
  readonly code: string;
  readonly type: string;
  /** The detail in English, as logs and the audit log keep it. */
  readonly detail: string;

  constructor(
    readonly status: number,
    readonly wording: Wording,
    readonly errors: FieldIssue[] = [],
    options: ProblemOptions = {},
  ) {
    const detail = render(wording, 'en');
    super(detail);
    this.name = 'AppError';
    this.detail = detail;
    this.code = options.code ?? codeFor(wording) ?? DEFAULT_CODES[status] ?? 'error';
    this.type = options.type ?? 'about:blank';
  }

  toProblem(language: Language = 'en'): Problem {
    const problem: Problem = {
      type: this.type,
      code: this.code,
      title: render(msg(titleKey(this.status)), language),
      status: this.status,
      detail: render(this.wording, language),
    };
    if (this.errors.length > 0) problem.errors = this.errors.map((e) => renderFieldError(e, language));
    return problem;
  }
}

function renderFieldError({ path, message, row, code }: FieldIssue, language: Language): ProblemFieldError {
  const error: ProblemFieldError = { path, message: render(message, language) };
  if (row !== undefined) error.row = row;
  const named = code ?? codeFor(message);
  if (named) error.code = named;
  return error;
}

export const unauthorized = (detail: Wording = msg('auth.required')) => new AppError(401, detail);
export const forbidden = (detail: Wording) => new AppError(403, detail);
/** `notFound(msg('entity.item', { id }))`, or (not yet converted) `notFound('Item 5')`. */
export const notFound = (what: Wording) => new AppError(404, isMessage(what) ? msg('not-found', { what }) : `${what} was not found.`);
export const conflict = (detail: Wording, errors: FieldIssue[] = []) => new AppError(409, detail, errors);
export const invalid = (detail: Wording, errors: FieldIssue[] = []) => new AppError(422, detail, errors);

/** A conditional write (If-Match, `version`) refused because the record moved on; the problem names the version it is at now. */
class PreconditionFailed extends AppError {
  constructor(
    detail: Wording,
    readonly currentVersion: number,
  ) {
    super(412, detail);
  }

  override toProblem(language?: Language): Problem {
    return { ...super.toProblem(language), currentVersion: this.currentVersion };
  }
}
export const preconditionFailed = (detail: Wording, currentVersion: number): AppError => new PreconditionFailed(detail, currentVersion);

export function fieldError(path: Array<string | number>, message: Wording, code?: string): FieldIssue {
  const error: FieldIssue = { path: formatPath(path), message };
  const row = rowOf(path);
  if (row !== undefined) error.row = row;
  if (code) error.code = code;
  return error;
}

function issueError(path: Array<string | number>, issue: ZodError['issues'][number]): FieldIssue {
  const { code, key, params, text } = describeIssue(issue);
  const message: Message | string = key ? { key, params } : text;
  return fieldError(path, message, code);
}

/** A validation failure: one error per field (and per unknown field); the problem's code and detail are its first error's. */
export function fromZod(error: ZodError, root?: string): AppError {
  const errors = error.issues.flatMap((issue) => {
    const path = (root ? [root, ...issue.path] : issue.path) as Array<string | number>;
    // One error per unknown field, so the field itself is named where the message is shown.
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => fieldError([...path, key], msg('validation.unknown-field')));
    return [issueError(path, issue)];
  });
  const first = errors[0]!;
  const where = { path: first.path || msg('problem.body'), message: first.message };
  const detail = errors.length > 1 ? msg('problem.field-and-more', { ...where, more: errors.length - 1 }) : msg('problem.field', where);
  return new AppError(422, detail, errors, { code: first.code });
}
