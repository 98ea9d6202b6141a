/**
 * The service tickets sheet (售后工单): "Pull open tickets" writes the open and
 * in-progress tickets; the clerk changes a ticket's priority, assignee or
 * status (a note goes with a status change) and publishes. A status change is
 * a transition on the server (it enters the ticket's history); the other
 * fields are an edit. Each row keeps the version it was pulled at, so a
 * ticket someone changed since is refused by the server and flagged on its
 * row rather than overwritten — as on the record sheets.
 */
import { ServiceTicketView, TICKET_PRIORITIES, TICKET_STATUSES, TicketStatus } from '../../contract/customers-admin';
import type { ApiProblem } from '../api/api-client';
import { DICTIONARIES } from '../i18n';
import { Cell, isBlank, localIsoDate, parseText } from './cells';
import { KEY_HEADER, Language, SheetLayout, SheetRows } from './layout';
import type { ListsContent } from './lookups';
import { refusalStatus } from './record-sheet';
import { cellsFingerprint } from './row-key';
import { errorStatus, okStatus, RowMessage, RowStatus } from './row-status';

export const SERVICE_TICKETS_LAYOUT: SheetLayout = {
  kind: 'serviceTickets',
  names: { zh: '售后工单', en: 'Service tickets' },
  tablePrefix: 'JxcServiceTickets',
  columns: [
    { key: 'number', zh: '工单号', en: 'Ticket', kind: 'text', width: 110, required: true, aliases: ['单号', 'ticket number'] },
    { key: 'customer', zh: '客户', en: 'Customer', kind: 'text', width: 70, aliases: ['客户编码', 'customer code'] },
    { key: 'kind', zh: '类型', en: 'Kind', kind: 'text', width: 60 },
    { key: 'subject', zh: '主题', en: 'Subject', kind: 'text', width: 180 },
    { key: 'salesOrder', zh: '销售订单', en: 'Sales order', kind: 'text', width: 110 },
    { key: 'sku', zh: '商品编码', en: 'SKU', kind: 'text', width: 90 },
    { key: 'opened', zh: '创建日期', en: 'Opened', kind: 'date', width: 75 },
    { key: 'priority', zh: '优先级', en: 'Priority', kind: 'text', width: 60, input: true, list: 'ticketPriority' },
    { key: 'assignee', zh: '处理人', en: 'Assignee', kind: 'text', width: 80, input: true, aliases: ['负责人'] },
    { key: 'ticketStatus', zh: '处理状态', en: 'Ticket status', kind: 'text', width: 75, input: true, list: 'ticketStatus', aliases: ['工单状态'] },
    { key: 'note', zh: '处理说明', en: 'Note', kind: 'text', width: 160, input: true, optional: true, aliases: ['备注'] },
    { key: 'status', zh: '发布结果', en: 'Result', kind: 'status', width: 200, aliases: ['结果'] },
    { key: 'version', zh: '版本', en: 'Version', kind: 'version', width: 10, hidden: true, optional: true },
    { key: 'key', zh: KEY_HEADER, en: KEY_HEADER, kind: 'key', width: 10, hidden: true },
  ],
};

type Priority = (typeof TICKET_PRIORITIES)[number];

export const ticketStatusLabel = (status: TicketStatus, language: Language): string => DICTIONARIES[language][`ticketStatus.${status}`];
const priorityLabel = (priority: Priority, language: Language): string => DICTIONARIES[language][`ticketPriority.${priority}`];
const kindLabel = (kind: ServiceTicketView['kind'], language: Language): string => DICTIONARIES[language][`ticketKind.${kind}`];

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

/** A choice by its code (`in-progress`) or its label in either language (处理中 / In progress). */
function choiceReader<T extends string>(codes: readonly T[], label: (code: T, language: Language) => string): (text: string) => T | null {
  const byText = new Map<string, T>();
  for (const code of codes) {
    byText.set(norm(code), code);
    for (const language of ['zh', 'en'] as const) byText.set(norm(label(code, language)), code);
  }
  return (text) => byText.get(norm(text)) ?? null;
}
const parseTicketStatus = choiceReader(TICKET_STATUSES, ticketStatusLabel);
const parsePriority = choiceReader(TICKET_PRIORITIES, priorityLabel);

export function ticketLists(language: Language): ListsContent {
  return { ticketStatus: TICKET_STATUSES.map((s) => ticketStatusLabel(s, language)), ticketPriority: TICKET_PRIORITIES.map((p) => priorityLabel(p, language)) };
}

/** Who tickets are assigned to, when the signed-in user may see the users; null when not (ids are typed then). */
export interface Assignee {
  id: number;
  username: string;
  displayName: string;
}

/** A pulled row's key: the ticket, what its priority and assignee cells held, and the status it was pulled in. */
export interface TicketKey {
  id: number;
  hash: string;
  status: TicketStatus;
}

export function encodeTicketKey(key: TicketKey): string {
  return `T|${key.id}|${key.hash}|${key.status}`;
}

export function decodeTicketKey(cell: unknown): TicketKey | null {
  const [code, id, hash, status] = typeof cell === 'string' ? cell.trim().split('|') : [];
  if (code !== 'T' || !/^\d+$/.test(id ?? '') || !hash || !TICKET_STATUSES.includes(status as TicketStatus)) return null;
  return { id: Number(id), hash, status: status as TicketStatus };
}

const fieldsHash = (priority: Cell, assignee: Cell): string => cellsFingerprint([priority, assignee]);

function assigneeCell(id: number | null, assignees: Assignee[] | null): Cell {
  if (id === null) return '';
  return assignees?.find((a) => a.id === id)?.username ?? id;
}

/** One row per ticket, oldest number first; priority and status in the sheet's language, the day opened on the clerk's calendar. */
export function ticketRows(tickets: ServiceTicketView[], assignees: Assignee[] | null, language: Language): Cell[][] {
  return [...tickets]
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .map((t) => {
      const priority = priorityLabel(t.priority, language);
      const assignee = assigneeCell(t.assigneeId, assignees);
      const key = encodeTicketKey({ id: t.id, hash: fieldsHash(priority, assignee), status: t.status });
      return [t.number, t.customerCode, kindLabel(t.kind, language), t.subject, t.salesOrderNumber ?? '', t.sku ?? '', localIsoDate(new Date(t.createdAt)), priority, assignee, ticketStatusLabel(t.status, language), '', '', t.version, key];
    });
}

export interface TicketChange {
  row: number;
  id: number;
  /** The version the row was pulled at (or last published at). */
  version?: number;
  /** Priority and assignee, when either cell changed. */
  patch?: { priority: Priority; assigneeId: number | null };
  transition?: { status: TicketStatus; note?: string };
  key: TicketKey;
  /** The fingerprint of the priority and assignee cells as sent. */
  hash: string;
  sentKey: string;
}

export interface TicketPlan {
  changes: TicketChange[];
  statuses: Map<number, RowStatus>;
  unchanged: number;
  invalid: number;
}

function readAssignee(cell: Cell, assignees: Assignee[] | null, messages: RowMessage[]): number | null {
  const text = parseText(cell, { max: 100 });
  if (!text.ok || text.value === null) return null;
  const value = text.value;
  if (/^\d+$/.test(value) && (assignees === null || assignees.some((a) => a.id === Number(value)))) return Number(value);
  const found = assignees?.find((a) => norm(a.username) === norm(value) || norm(a.displayName) === norm(value));
  if (found) return found.id;
  messages.push({ key: assignees === null ? 'row.assigneeById' : 'row.unknownAssignee', params: { value }, column: 'assignee' });
  return null;
}

function readChoice<T>(rows: SheetRows, row: number, column: string, parse: (text: string) => T | null, messages: RowMessage[]): T | null {
  const text = parseText(rows.cell(row, column), { required: true, max: 40 });
  if (!text.ok) {
    messages.push({ key: text.error.key, params: text.error.params, column });
    return null;
  }
  const value = parse(text.value!);
  if (value === null) messages.push({ key: 'row.badChoice', params: { value: text.value! }, column });
  return value;
}

function versionOf(cell: Cell): number | undefined {
  return typeof cell === 'number' && Number.isSafeInteger(cell) && cell > 0 ? cell : undefined;
}

function isBlankRow(rows: SheetRows, row: number): boolean {
  return SERVICE_TICKETS_LAYOUT.columns.filter((c) => c.input).every((c) => isBlank(rows.cell(row, c.key)));
}

/** What to send for each row the clerk changed; rows with a wrong cell are flagged and not sent. */
export function planTicketPublish(rows: SheetRows, assignees: Assignee[] | null): TicketPlan {
  const plan: TicketPlan = { changes: [], statuses: new Map(), unchanged: 0, invalid: 0 };
  for (let row = 0; row < rows.count; row++) {
    const key = decodeTicketKey(rows.cell(row, 'key'));
    if (!key) {
      if (!isBlankRow(rows, row)) {
        plan.invalid += 1;
        plan.statuses.set(row, errorStatus({ key: 'row.notPulled' }));
      }
      continue;
    }
    const messages: RowMessage[] = [];
    const priority = readChoice(rows, row, 'priority', parsePriority, messages);
    const assigneeId = readAssignee(rows.cell(row, 'assignee'), assignees, messages);
    const status = readChoice(rows, row, 'ticketStatus', parseTicketStatus, messages);
    const note = parseText(rows.cell(row, 'note'), { max: 1000 });
    if (!note.ok) messages.push({ key: note.error.key, params: note.error.params, column: 'note' });
    const hash = fieldsHash(rows.cell(row, 'priority'), rows.cell(row, 'assignee'));
    const moves = status !== null && status !== key.status;
    if (!moves && note.ok && note.value) messages.push({ key: 'row.noteNeedsStatus', column: 'note' });
    if (messages.length) {
      plan.invalid += 1;
      plan.statuses.set(row, errorStatus(...messages));
      continue;
    }
    const edits = hash !== key.hash;
    if (!edits && !moves) {
      plan.unchanged += 1;
      continue;
    }
    const version = versionOf(rows.cell(row, 'version'));
    plan.changes.push({
      row,
      id: key.id,
      ...(version === undefined ? {} : { version }),
      ...(edits ? { patch: { priority: priority!, assigneeId } } : {}),
      ...(moves ? { transition: { status: status!, ...(note.ok && note.value ? { note: note.value } : {}) } } : {}),
      key,
      hash,
      sentKey: String(rows.cell(row, 'key')).trim(),
    });
  }
  return plan;
}

/** The server's answer to one step of a change: the ticket as it is now, or why not. */
export interface TicketStepOutcome {
  status: number;
  ticket?: ServiceTicketView;
  problem?: ApiProblem;
}

export interface TicketResult {
  status: RowStatus;
  key: string | null;
  version: number | null;
  /** Whether the note went into the ticket's history (and its cell can be cleared). */
  noteTaken: boolean;
}

/** The sheet column an API field is shown in. */
const TICKET_FIELD_COLUMNS: Record<string, string> = { priority: 'priority', assigneeId: 'assignee', status: 'ticketStatus', note: 'note' };

const succeeded = (o: TicketStepOutcome | undefined): o is TicketStepOutcome & { ticket: ServiceTicketView } => Boolean(o && o.status >= 200 && o.status < 300 && o.ticket);

/**
 * A row's status, key and version once the server answered: an edit that
 * went through is kept in the key even when the transition after it was
 * refused, so publishing again sends only the transition.
 */
export function ticketResult(change: TicketChange, patch: TicketStepOutcome | undefined, transition: TicketStepOutcome | undefined, language: Language): TicketResult {
  const failure = (outcome: TicketStepOutcome): RowStatus => refusalStatus(outcome, TICKET_FIELD_COLUMNS).status;
  if (patch && !succeeded(patch)) return { status: failure(patch), key: null, version: null, noteTaken: false };
  const hash = patch ? change.hash : change.key.hash;
  const version = patch?.ticket?.version ?? null;
  if (transition && !succeeded(transition)) {
    return { status: failure(transition), key: patch ? encodeTicketKey({ ...change.key, hash }) : null, version, noteTaken: false };
  }
  if (succeeded(transition)) {
    const status = okStatus('row.ticketMoved', { status: ticketStatusLabel(transition.ticket.status, language) });
    return { status, key: encodeTicketKey({ id: change.id, hash, status: transition.ticket.status }), version: transition.ticket.version, noteTaken: true };
  }
  return { status: okStatus('row.updated'), key: encodeTicketKey({ ...change.key, hash }), version, noteTaken: false };
}
