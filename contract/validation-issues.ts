/**
 * From a zod issue to a field error's code and message key. Schemas name a
 * key (`msgKey`, `expected`); an issue whose schema names none gets one from
 * `toValidationKey`, passed to `safeParse` as the error map.
 */
import type { z } from 'zod';
import { VALIDATION_EN, ValidationKey } from './validation-messages';

/** The code a message key reports: `validation.type:text` → `validation.type`. */
export function codeOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

export function isValidationKey(text: string): text is ValidationKey {
  return Object.hasOwn(VALIDATION_EN, text);
}

/** A schema's message, checked against the catalogue by the compiler. */
export const msgKey = (key: ValidationKey): ValidationKey => key;

/** A missing field says it is required; one of the wrong type says what it should be. */
export const expected =
  (key: ValidationKey) =>
  (issue: { input?: unknown }): ValidationKey =>
    issue.input === undefined ? 'validation.required' : key;

const TYPE_KEYS: Record<string, ValidationKey> = {
  string: 'validation.type:text',
  number: 'validation.type:number',
  int: 'validation.type:whole-number',
  boolean: 'validation.type:boolean',
  array: 'validation.type:list',
  object: 'validation.type:object',
};
const TOO_BIG_KEYS: Record<string, ValidationKey> = { string: 'validation.too-long', array: 'validation.too-many', set: 'validation.too-many' };
const TOO_SMALL_KEYS: Record<string, ValidationKey> = { string: 'validation.too-short', array: 'validation.too-few', set: 'validation.too-few' };
const FORMAT_KEYS: Record<string, ValidationKey> = { date: 'validation.format:date', datetime: 'validation.format:datetime', email: 'validation.format:email' };

interface IssueFacts {
  code: string;
  input?: unknown;
  expected?: unknown;
  origin?: unknown;
  format?: unknown;
  minimum?: unknown;
}

/**
 * The key for an issue by its kind. While parsing, zod hands the error map the
 * input, so a missing field is told from a wrong one; afterwards it is not.
 */
export function toValidationKey(issue: IssueFacts): ValidationKey {
  if ('input' in issue && issue.input === undefined) return 'validation.required';
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_KEYS[String(issue.expected)] ?? 'validation.type';
    case 'too_big':
      return TOO_BIG_KEYS[String(issue.origin)] ?? 'validation.too-large';
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'validation.required';
      return TOO_SMALL_KEYS[String(issue.origin)] ?? 'validation.too-small';
    case 'invalid_format':
      return FORMAT_KEYS[String(issue.format)] ?? 'validation.format';
    case 'invalid_value':
      return 'validation.choice';
    case 'unrecognized_keys':
      return 'validation.unknown-field';
    default:
      return 'validation.invalid';
  }
}

export type IssueParams = Record<string, string | number>;

export interface IssueMessage {
  code: string;
  /** The message key, or null when the schema's message is a sentence of its own (sent as it is). */
  key: ValidationKey | null;
  params: IssueParams;
  text: string;
}

/** The placeholders a key may use, from what the issue knows: `{max}`, `{min}`, `{options}`, a refinement's params. */
function paramsOf(issue: z.core.$ZodIssue): IssueParams {
  const params: IssueParams = {};
  if ('maximum' in issue) params.max = Number(issue.maximum);
  if ('minimum' in issue) params.min = Number(issue.minimum);
  if (issue.code === 'invalid_value') params.options = issue.values.map(String).join(', ');
  if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
  return params;
}

export function describeIssue(issue: z.core.$ZodIssue): IssueMessage {
  const key = isValidationKey(issue.message) ? issue.message : null;
  return { code: codeOf(key ?? toValidationKey(issue)), key, params: paramsOf(issue), text: issue.message };
}
