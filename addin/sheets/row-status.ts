/**
 * What the Status column says about a row. A posted row starts with ✓ (shown
 * green by a conditional format on the column), a failed one with ✗ (red);
 * the marks work in both languages, so the colour rules never change. A row
 * that posted but waits on someone (an invoice held for its price variance)
 * starts with ⚠ (amber).
 */
import type { z } from 'zod';
import { describeIssue } from '../../contract/validation-issues';
import type { MessageKey, Params, Translate } from '../i18n';
import type { CellError } from './cells';
import { ColumnSpec, headerOf, Language, SheetLayout } from './layout';

export const OK_MARK = '✓';
export const ERROR_MARK = '✗';
export const OK_COLOR = '#107C10';
export const ERROR_COLOR = '#C50F1F';
export const WARN_MARK = '⚠';
export const WARN_COLOR = '#B76E00';
export const STATUS_COLORS = [
  { contains: OK_MARK, color: OK_COLOR },
  { contains: ERROR_MARK, color: ERROR_COLOR },
  { contains: WARN_MARK, color: WARN_COLOR },
];

export interface RowMessage {
  key: MessageKey;
  params?: Params;
  /** The column the message is about, by layout key. */
  column?: string;
}

export type RowStatus =
  | { kind: 'ok'; message: RowMessage }
  | { kind: 'error'; messages: RowMessage[] }
  | { kind: 'info'; message: RowMessage }
  | { kind: 'warn'; message: RowMessage };

export const okStatus = (key: MessageKey, params?: Params): RowStatus => ({ kind: 'ok', message: { key, params } });
export const infoStatus = (key: MessageKey, params?: Params): RowStatus => ({ kind: 'info', message: { key, params } });
export const warnStatus = (key: MessageKey, params?: Params): RowStatus => ({ kind: 'warn', message: { key, params } });
export const errorStatus = (...messages: RowMessage[]): RowStatus => ({ kind: 'error', messages });

export function cellMessage(column: string, error: CellError): RowMessage {
  return { key: error.key, params: error.params, column };
}

/** A contract schema's complaint about a cell, in the sheet's language when it is rendered. */
export function issueMessage(issue: z.core.$ZodIssue, column?: string): RowMessage {
  const { key, params, text } = describeIssue(issue);
  return key ? { key, params, column } : { key: 'row.server', params: { message: text }, column };
}

function columnLabel(layout: SheetLayout, key: string, language: Language): string {
  const column: ColumnSpec | undefined = layout.columns.find((c) => c.key === key);
  return column ? headerOf(column, language) : key;
}

export function renderMessage(message: RowMessage, layout: SheetLayout, t: Translate, language: Language): string {
  const text = t(message.key, message.params);
  return message.column ? `${columnLabel(layout, message.column, language)}: ${text}` : text;
}

/** The Status cell's text; long lists of problems are cut so the cell stays readable. */
export function renderStatus(status: RowStatus, layout: SheetLayout, t: Translate, language: Language): string {
  if (status.kind === 'ok') return `${OK_MARK} ${renderMessage(status.message, layout, t, language)}`;
  if (status.kind === 'warn') return `${WARN_MARK} ${renderMessage(status.message, layout, t, language)}`;
  if (status.kind === 'info') return renderMessage(status.message, layout, t, language);
  const text = status.messages.map((m) => renderMessage(m, layout, t, language)).join('; ');
  return `${ERROR_MARK} ${text.length > 500 ? `${text.slice(0, 499)}…` : text}`;
}
