/**
 * The add-in's workflows against the real server and the fake workbook: a
 * signed-in API client whose network can be cut, a workflow context, and
 * helpers to read sheets back. For what the real server cannot be made to do
 * on cue (an item changed by someone else between pull and publish), a fake
 * server answers the same API from memory.
 */
import { ApiClient, VersionedItem } from '../../addin/api/api-client';
import type { AccountBalanceRow, AccountView, CashAccountView } from '../../contract/finance';
import { fakeCashAccounts, FAKE_CHART } from './sheet-rows';
import type { Problem } from '../../contract/problem';
import { Language, translator } from '../../addin/i18n';
import type { WorkflowContext } from '../../addin/workflows/context';
import { LookupsCache } from '../../addin/workflows/lookups-cache';
import type { FakeExcelHandle } from '../../addin/preview/fake-excel/fake-excel';
import type { TestApp } from './test-app';

export type NetworkMode = 'up' | 'down' | 'drop-answer';

/** fetch with a switch: `down` fails before the server sees anything, `drop-answer` lets the server act and then loses its answer. */
export class Network {
  mode: NetworkMode = 'up';
  /** Only requests whose path matches are affected. */
  affects: RegExp = /./;
  requests: string[] = [];

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    this.requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
    const hit = this.affects.test(url);
    if (hit && this.mode === 'down') throw new TypeError('fetch failed: connect ECONNREFUSED');
    const res = await fetch(input, init);
    if (hit && this.mode === 'drop-answer') {
      await res.arrayBuffer();
      throw new TypeError('fetch failed: socket hang up');
    }
    return res;
  };
}

export interface AddinSession {
  api: ApiClient;
  network: Network;
  ctx: WorkflowContext;
}

export async function addinSession(t: TestApp, token: string, language: Language = 'zh', warehouseIds: number[] | null = null): Promise<AddinSession> {
  const network = new Network();
  const api = new ApiClient({ baseUrl: t.baseUrl, token, language, fetchImpl: network.fetch });
  return { api, network, ctx: workflowContext(api, language, warehouseIds) };
}

function workflowContext(api: ApiClient, language: Language, warehouseIds: number[] | null): WorkflowContext {
  const cache = new LookupsCache(api, () => warehouseIds);
  return { api, language, t: translator(language), lookups: (refresh) => cache.get(refresh), financeLookups: (refresh) => cache.finance(refresh), progress: () => undefined };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status: number; body?: unknown };

const CONTROL_ACCOUNTS = new Set(['1122']);

type FinanceDocument = { kind?: string; cashAccountCode?: string; memo?: string; lines: Array<{ accountCode: string; amount?: number; taxRate?: number; debit?: number; credit?: number }> };
const problem = (status: number, code: string, detail: string, errors: Problem['errors'] = []): Answer => ({ status, body: { type: 'about:blank', title: detail, status, code, detail, errors } });

/**
 * The API the add-in calls, answered from memory: items with versions (a
 * stale PATCH → 412 as API.md says), warehouses, batch posting with
 * idempotent refs, stocktakes. Every request is kept with its headers.
 */
export class FakeServer {
  readonly requests: SeenRequest[] = [];
  readonly items = new Map<number, VersionedItem>();
  readonly warehouses = [
    { id: 10, code: 'WH1', name: '上海仓', address: null, active: true },
    { id: 11, code: 'WH2', name: '北京仓', address: null, active: true },
  ];
  /** Documents each batch ref was posted as; a repeated ref answers the first result. */
  readonly posted = new Map<string, { number: string; document: unknown }>();
  /** Runs while a batch request is at the server, before it answers (a clerk editing meanwhile). */
  duringBatch: (() => void) | null = null;
  readonly accounts: AccountView[] = FAKE_CHART.map((a) => ({ ...a }));
  readonly cashAccounts: CashAccountView[] = fakeCashAccounts();
  /** What `GET /finance/account-balances` answers. */
  balances: AccountBalanceRow[] = [];
  /** Answers for a finance document before the fake's own rules do, when it returns an answer (a refusal the sheet cannot foresee). */
  refuse: ((endpoint: string, document: FinanceDocument) => Answer | null) | null = null;
  private numbers = 0;
  private stocktake: { id: number; number: string; status: 'open' | 'posted'; counts: Array<{ itemId: number; countedQty: number }> } | null = null;

  addItem(over: Partial<VersionedItem> & { sku: string }): VersionedItem {
    const id = this.items.size + 1;
    const item: VersionedItem = { id, name: over.sku, unit: '个', category: null, barcode: null, batchTracked: false, safetyStock: null, reorderQty: null, maxStock: null, defaultSupplierId: null, purchasePrice: null, salePrice: null, taxRate: null, active: true, warehouseOverrides: [], version: 1, ...over };
    this.items.set(id, item);
    return item;
  }

  /** Someone else changes an item on the server. */
  changeItem(id: number, change: Partial<VersionedItem>): void {
    const item = this.items.get(id)!;
    this.items.set(id, { ...item, ...change, version: (item.version ?? 0) + 1 });
  }

  requestsTo(method: string, path: RegExp): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const request = { method: init?.method ?? 'GET', path: url.pathname.replace(/^\/api\/v1/, ''), query: Object.fromEntries(url.searchParams), headers, body };
    this.requests.push(request);
    const answer = await this.answer(request, url.searchParams);
    const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': type } });
  };

  private async answer(r: SeenRequest, query: URLSearchParams): Promise<Answer> {
    const list = (data: unknown[]) => {
      const offset = Number(query.get('offset') ?? 0);
      return { status: 200, body: { data: data.slice(offset, offset + Number(query.get('limit') ?? 100)), total: data.length } };
    };
    const route = `${r.method} ${r.path}`;
    if (route === 'GET /auth/me') return { status: 200, body: { user: { id: 1, username: 'clerk', displayName: 'Clerk', roles: [], permissions: [], warehouseIds: null, approvalLimit: null, active: true } } };
    if (route === 'GET /items') return list([...this.items.values()]);
    if (route === 'GET /warehouses') return list(this.warehouses);
    if (route === 'POST /items') return { status: 201, body: this.addItem(r.body as VersionedItem) };
    const patch = /^PATCH \/items\/(\d+)$/.exec(route);
    if (patch) return this.patchItem(Number(patch[1]), r.body as Partial<VersionedItem>);
    const batch = /^POST \/stock\/(adjustments|transfers)\/batch$/.exec(route);
    if (batch) return this.postBatch(batch[1] === 'adjustments' ? 'ADJ' : 'TRF', r.body as { documents: Array<{ ref: string; document: unknown }> });
    if (route === 'GET /accounts') return list(this.accounts);
    if (route === 'GET /cash-accounts') return list(this.cashAccounts);
    if (route === 'GET /finance/account-balances') return list(this.balances);
    const finance = /^POST \/(cash-entries|journal-entries)\/batch$/.exec(route);
    if (finance) return this.postFinanceBatch(finance[1]!, r.body as { documents: Array<{ ref: string; document: FinanceDocument }> });
    return this.answerStocktake(route, r.body);
  }

  /** The server's rules the sheet cannot check itself: control accounts, balance in base, overdrafts. */
  private checkFinance(endpoint: string, doc: FinanceDocument): Answer | null {
    const refused = this.refuse?.(endpoint, doc);
    if (refused) return refused;
    const lineErrors = doc.lines.flatMap((l, row) => {
      const known = this.accounts.find((a) => a.code === l.accountCode);
      if (!known || !known.leaf) return [{ path: `lines[${row}].accountCode`, message: `${l.accountCode} is not a leaf account`, row }];
      if (endpoint === 'journal-entries' && CONTROL_ACCOUNTS.has(l.accountCode)) return [{ path: `lines[${row}].accountCode`, message: `${l.accountCode} is a control account`, row, code: 'journal.control-account' }];
      return [];
    });
    if (lineErrors.length) return problem(422, 'validation.invalid', 'The document has errors', lineErrors);
    if (endpoint === 'journal-entries') {
      const cents = (side: 'debit' | 'credit') => doc.lines.reduce((sum, l) => sum + Math.round((l[side] ?? 0) * 100), 0);
      if (cents('debit') !== cents('credit')) return problem(422, 'journal.unbalanced', `Debits and credits differ by ${Math.abs(cents('debit') - cents('credit')) / 100}`);
      return null;
    }
    const cash = this.cashAccounts.find((c) => c.code === doc.cashAccountCode)!;
    const total = doc.lines.reduce((sum, l) => sum + Math.round((l.amount ?? 0) * 100) + Math.round((l.amount ?? 0) * (l.taxRate ?? 0) * 100), 0) / 100;
    if (doc.kind === 'expense' && total > cash.balance) return problem(409, 'cash.overdraft', `${cash.code} holds only ${cash.balance}`, [{ path: 'cashAccountCode', message: `${cash.code} holds only ${cash.balance}` }]);
    cash.balance += doc.kind === 'expense' ? -total : total;
    return null;
  }

  private postFinanceBatch(endpoint: string, body: { documents: Array<{ ref: string; document: FinanceDocument }> }): Answer {
    this.duringBatch?.();
    const prefix = endpoint === 'cash-entries' ? 'CE' : 'JE';
    const results = body.documents.map(({ ref, document }) => {
      if (!this.posted.has(ref)) {
        const refused = this.checkFinance(endpoint, document);
        if (refused) return { ref, status: refused.status, problem: refused.body };
        this.posted.set(ref, { number: `${prefix}-2026-${String(++this.numbers).padStart(6, '0')}`, document });
      }
      return { ref, status: 201, document: { id: this.numbers, number: this.posted.get(ref)!.number } };
    });
    return { status: 200, body: { results } };
  }

  private patchItem(id: number, body: Partial<VersionedItem>): Answer {
    const item = this.items.get(id);
    if (!item) return { status: 404, body: { type: 'about:blank', title: 'Not found', status: 404, code: 'not-found' } };
    const { version, ...change } = body;
    if (version !== undefined && version !== item.version) {
      return { status: 412, body: { type: 'about:blank', title: 'Precondition failed', status: 412, detail: 'The item was changed since', code: 'version.stale', currentVersion: item.version } };
    }
    this.changeItem(id, change);
    return { status: 200, body: this.items.get(id) };
  }

  private postBatch(prefix: string, body: { documents: Array<{ ref: string; document: unknown }> }): Answer {
    this.duringBatch?.();
    const results = body.documents.map(({ ref, document }) => {
      if (!this.posted.has(ref)) this.posted.set(ref, { number: `${prefix}-2026-${String(++this.numbers).padStart(6, '0')}`, document });
      const first = this.posted.get(ref)!;
      return { ref, status: 201, document: { id: this.numbers, number: first.number } };
    });
    return { status: 200, body: { results } };
  }

  private answerStocktake(route: string, body: unknown): Answer {
    const lines = () => [...this.items.values()].map((i) => ({ itemId: i.id, sku: i.sku, name: i.name, unit: i.unit, batchNo: null, bookQty: 10, countedQty: null }));
    const view = () => ({ ...this.stocktake!, warehouseId: 10, createdAt: '2026-03-01T00:00:00Z', postedAt: null, lines: lines() });
    if (route === 'POST /stocktakes') {
      this.stocktake = { id: 1, number: 'STK-2026-000001', status: 'open', counts: [] };
      return { status: 201, body: view() };
    }
    if (route === 'GET /stocktakes/1') return { status: 200, body: view() };
    if (route === 'PUT /stocktakes/1/counts') {
      this.stocktake!.counts = (body as { lines: Array<{ itemId: number; countedQty: number }> }).lines;
      return { status: 200, body: view() };
    }
    if (route === 'POST /stocktakes/1/post') {
      this.stocktake!.status = 'posted';
      const variances = this.stocktake!.counts.map((c) => ({ itemId: c.itemId, sku: this.items.get(c.itemId)!.sku, batchNo: null, qty: c.countedQty - 10, value: 0 }));
      return { status: 200, body: { id: 1, number: this.stocktake!.number, status: 'posted', variances } };
    }
    return { status: 404, body: { type: 'about:blank', title: `No route ${route}`, status: 404 } };
  }
}

/** A workflow context whose API client talks to a fake server, through `network` when given (to lose answers). */
export function fakeSession(server: FakeServer, language: Language = 'zh', network: (f: typeof fetch) => typeof fetch = (f) => f): { api: ApiClient; ctx: WorkflowContext } {
  const api = new ApiClient({ baseUrl: 'https://jxc.test', token: 'token', language, fetchImpl: network(server.fetch) });
  return { api, ctx: workflowContext(api, language, null) };
}

/** A sheet's used cells as rows of values ('' for empty), header first. */
export function sheetTable(handle: FakeExcelHandle, sheetName: string): unknown[][] {
  const sheet = handle.model.sheetByName(sheetName);
  if (!sheet) throw new Error(`no sheet ${sheetName}; sheets: ${handle.model.sheets.map((s) => s.name).join(', ')}`);
  const rect = sheet.usedRect();
  if (!rect) return [];
  return Array.from({ length: rect.row + rect.rowCount }, (_, r) => Array.from({ length: rect.column + rect.columnCount }, (_, c) => sheet.read(r, c)));
}

/** Rows of a sheet as objects keyed by header text. */
export function sheetObjects(handle: FakeExcelHandle, sheetName: string): Array<Record<string, unknown>> {
  const [header = [], ...rows] = sheetTable(handle, sheetName);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** Types rows under the header of a sheet, by header text, as a clerk would. */
export function typeRows(handle: FakeExcelHandle, sheetName: string, rows: Array<Record<string, unknown>>, firstRow = 1): void {
  const sheet = handle.model.sheetByName(sheetName)!;
  const header = sheetTable(handle, sheetName)[0]!.map(String);
  const grid = rows.map((r) => header.map((h) => (h in r ? r[h] : null)));
  grid.forEach((line, i) => line.forEach((v, c) => v !== null && handle.model.typeValues(sheet, firstRow + i, c, [[v]])));
}

/** Types one value in a data row (1 = the first row below the header) under a header, as a clerk would. */
export function typeAt(handle: FakeExcelHandle, sheetName: string, header: string, row: number, value: unknown): void {
  const sheet = handle.model.sheetByName(sheetName)!;
  handle.model.typeValues(sheet, row, sheetTable(handle, sheetName)[0]!.indexOf(header), [[value]]);
}
