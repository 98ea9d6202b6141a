/**
 * The add-in's workflows against the real server and the fake workbook: a
 * signed-in API client whose network can be cut, a workflow context, and
 * helpers to read sheets back. For what the real server cannot be made to do
 * on cue (an item changed by someone else between pull and publish), a fake
 * server answers the same API from memory.
 */
import { ApiClient, VersionedItem } from '../../addin/api/api-client';
import type { PartnerView } from '../../contract/master-data';
import type { ReorderSuggestion } from '../../contract/purchase-orders';
import type { SupplierPerformanceRow } from '../../contract/suppliers-admin';
import type { AccountBalanceRow, AccountView, CashAccountView } from '../../contract/finance';
import { fakeCashAccounts, FAKE_CHART } from './sheet-rows';
import type { Problem } from '../../contract/problem';
import { Language, translator } from '../../addin/i18n';
import type { WorkflowContext } from '../../addin/workflows/context';
import { LookupsCache } from '../../addin/workflows/lookups-cache';
import type { FakeExcelHandle } from '../../addin/preview/fake-excel/fake-excel';
import type { TestApp } from './test-app';
import { FakeCustomers } from './fake-customers';
import { FakeSales } from './fake-sales';

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
  return { api, language, t: translator(language), lookups: (refresh) => cache.get(refresh), financeLookups: (refresh) => cache.finance(refresh), suppliers: (refresh) => cache.suppliers(refresh), progress: () => undefined };
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status: number; body?: unknown };

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
  /** The purchasing endpoints (orders, receipts, invoices, payments), built in parallel on the server. */
  readonly purchasing = new FakePurchasing(this);
  /** The sales endpoints (orders, shipments, invoices, receipts, returns). */
  readonly sales = new FakeSales(this);
  /** Customers, credit, behaviour and service tickets. */
  readonly customers = new FakeCustomers(this);
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
    const purchasing = this.purchasing.answer(r, query, list);
    if (purchasing) return purchasing;
    const sales = this.sales.answer(r, query, list) ?? this.customers.answer(r, query, list);
    if (sales) return sales;
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

type Line = { id: number; itemId: number; sku: string; name: string; qty: number; unitPrice: number; received: number; returned: number; invoiced: number };
export interface FakeOrder {
  id: number;
  number: string;
  status: 'draft' | 'approved' | 'partial' | 'done';
  supplierId: number;
  supplierCode: string;
  warehouseId: number;
  warehouseCode: string;
  date: string;
  expectedDate: string | null;
  baseTotal: number;
  lines: Line[];
}
interface FakeReceiptLine {
  id: number;
  receiptNumber: string;
  order: FakeOrder;
  line: Line;
  qty: number;
  invoiced: number;
  batchNo: string | null;
}
interface FakeInvoice {
  id: number;
  number: string;
  supplierInvoiceNo: string;
  supplierId: number;
  supplierCode: string;
  status: 'open' | 'held' | 'paid';
  total: number;
  openAmount: number;
}
type AcceptBody = { warehouseId: number; lines: Array<{ itemId: number; qty: number; supplierCode: string }> };
const fakeSupplier = (id: number, code: string, name: string): PartnerView => ({
  id,
  code,
  name,
  category: null,
  grade: null,
  contact: null,
  phone: null,
  email: null,
  address: null,
  paymentTermsDays: null,
  currency: 'CNY',
  active: true,
  version: 1,
});
type Doc = Record<string, unknown> & { lines?: Array<Record<string, unknown>> };
const cents = (n: number) => Math.round(n * 100);

/**
 * Purchasing as the add-in sees it, from memory: orders with approval limits,
 * receipts bounded by what is still to receive, invoices matched to receipt
 * lines (a price other than the order's holds the invoice), payables and
 * payments allocated to them. Every batch is idempotent by ref, every keyed
 * POST by its Idempotency-Key.
 */
export class FakePurchasing {
  readonly suppliers: PartnerView[] = [fakeSupplier(1, 'S1', '华东五金'), fakeSupplier(2, 'S2', 'Acme Ltd'), { ...fakeSupplier(3, 'S9', '旧供应商'), active: false }];
  /** What `GET /purchase-orders/suggestions` answers; accepting a suggestion takes it away (its draft is on order). */
  suggestions: ReorderSuggestion[] = [];
  /** What `GET /suppliers/performance` answers. */
  performance: SupplierPerformanceRow[] = [];
  readonly orders = new Map<number, FakeOrder>();
  readonly receiptLines = new Map<number, FakeReceiptLine>();
  readonly invoices: FakeInvoice[] = [];
  /** The signed-in user's approval limit in base currency; null = none. */
  approvalLimit: number | null = null;
  /** Lists leave the lines out, as a list endpoint may: the add-in must fetch each order. */
  listWithoutLines = false;
  private readonly keyed = new Map<string, Answer>();
  private readonly refs = new Map<string, { status: number; document?: unknown; problem?: unknown }>();
  private seq = { PO: 0, GR: 0, PI: 0, SP: 0, line: 100, receiptLine: 500 };

  constructor(private readonly server: FakeServer) {}

  /** An approved order straight into memory, as the orders part of the server would have it. */
  addOrder(supplierCode: string, warehouseCode: string, lines: Array<{ sku: string; qty: number; unitPrice: number; received?: number }>, status: FakeOrder['status'] = 'approved'): FakeOrder {
    const supplier = this.suppliers.find((s) => s.code === supplierCode)!;
    const warehouse = this.server.warehouses.find((w) => w.code === warehouseCode)!;
    const id = this.orders.size + 1;
    const orderLines = lines.map((l) => {
      const item = [...this.server.items.values()].find((i) => i.sku === l.sku)!;
      return { id: ++this.seq.line, itemId: item.id, sku: item.sku, name: item.name, qty: l.qty, unitPrice: l.unitPrice, received: l.received ?? 0, returned: 0, invoiced: 0 };
    });
    const baseTotal = orderLines.reduce((sum, l) => sum + cents(l.qty * l.unitPrice), 0) / 100;
    const order: FakeOrder = { id, number: this.number('PO'), status, supplierId: supplier.id, supplierCode, warehouseId: warehouse.id, warehouseCode, date: '2026-03-01', expectedDate: null, baseTotal, lines: orderLines };
    this.orders.set(id, order);
    return order;
  }

  addSupplier(code: string, name = code): PartnerView {
    const supplier = fakeSupplier(this.suppliers.length + 1, code, name);
    this.suppliers.push(supplier);
    return supplier;
  }

  /** Someone else changes a supplier on the server. */
  changeSupplier(id: number, change: Partial<PartnerView>): void {
    const i = this.suppliers.findIndex((s) => s.id === id);
    this.suppliers[i] = { ...this.suppliers[i]!, ...change, version: this.suppliers[i]!.version + 1 };
  }

  /** A suggestion for an item of the fake server in a warehouse, at the item's default supplier unless told. */
  suggest(sku: string, warehouseCode: string, over: Partial<ReorderSuggestion> = {}): ReorderSuggestion {
    const item = [...this.server.items.values()].find((i) => i.sku === sku)!;
    const warehouse = this.server.warehouses.find((w) => w.code === warehouseCode)!;
    const supplier = this.suppliers[0]!;
    const suggestion: ReorderSuggestion = {
      itemId: item.id,
      sku,
      name: item.name,
      warehouseId: warehouse.id,
      warehouseCode,
      available: 2,
      onOrder: 0,
      projected: 2,
      safetyStock: 10,
      maxStock: 50,
      reorderQty: null,
      suggestedQty: 48,
      supplierId: supplier.id,
      supplierCode: supplier.code,
      unitPrice: 3.5,
      ...over,
    };
    this.suggestions.push(suggestion);
    return suggestion;
  }

  private number(type: 'PO' | 'GR' | 'PI' | 'SP'): string {
    return `${type}-2026-${String(++this.seq[type]).padStart(6, '0')}`;
  }

  answer(r: SeenRequest, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    const route = `${r.method} ${r.path}`;
    const key = r.headers['idempotency-key'];
    if (key && r.method === 'POST' && this.keyed.has(key)) return this.keyed.get(key)!;
    const answer = this.route(route, r.body as Doc, query, list);
    if (answer && key && r.method === 'POST') this.keyed.set(key, answer);
    return answer;
  }

  private route(route: string, body: Doc, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    if (route === 'GET /suppliers') return list(this.suppliers);
    if (route === 'GET /suppliers/performance') return list(this.performance);
    if (route === 'POST /suppliers') return this.createSupplier(body as unknown as PartnerView);
    const supplier = /^PATCH \/suppliers\/(\d+)$/.exec(route);
    if (supplier) return this.patchSupplier(Number(supplier[1]), body as unknown as Partial<PartnerView>);
    if (route === 'GET /purchase-orders/suggestions') {
      const warehouseId = query.get('warehouseId');
      return list(this.suggestions.filter((s) => !warehouseId || s.warehouseId === Number(warehouseId)));
    }
    if (route === 'POST /purchase-orders/suggestions/accept') return this.acceptSuggestions(body as unknown as AcceptBody);
    if (route === 'GET /purchase-orders') {
      const status = query.get('status');
      const supplierId = query.get('supplierId');
      const warehouseId = query.get('warehouseId');
      const rows = [...this.orders.values()].filter(
        (o) => (!status || o.status === status) && (!supplierId || o.supplierId === Number(supplierId)) && (!warehouseId || o.warehouseId === Number(warehouseId)),
      );
      return list(rows.map((o) => (this.listWithoutLines ? { ...o, lines: undefined } : o)));
    }
    const one = /^GET \/purchase-orders\/(\d+)$/.exec(route);
    if (one) return { status: 200, body: this.orders.get(Number(one[1])) };
    const approve = /^POST \/purchase-orders\/(\d+)\/approve$/.exec(route);
    if (approve) return this.approve(Number(approve[1]));
    if (route === 'GET /purchase-orders/uninvoiced') {
      const rows = [...this.receiptLines.values()]
        .filter((l) => l.order.supplierId === Number(query.get('supplierId')) && l.qty > l.invoiced)
        .map((l) => ({ receiptLineId: l.id, purchaseOrderLineId: l.line.id, orderNumber: l.order.number, receiptNumber: l.receiptNumber, sku: l.line.sku, name: l.line.name, qty: l.qty - l.invoiced, unitPrice: l.line.unitPrice, currency: 'CNY' }));
      return list(rows);
    }
    if (route === 'GET /payables') {
      const supplierId = query.get('supplierId');
      const rows = this.invoices
        .filter((i) => i.openAmount > 0 && (!supplierId || i.supplierId === Number(supplierId)))
        .map((i) => ({ id: i.id, number: i.number, supplierInvoiceNo: i.supplierInvoiceNo, supplierId: i.supplierId, supplierCode: i.supplierCode, date: '2026-03-05', dueDate: '2026-04-04', currency: 'CNY', total: i.total, openAmount: i.openAmount, baseOpenAmount: i.openAmount, daysOverdue: 0 }));
      return list(rows);
    }
    const batch = /^POST \/(purchase-orders|goods-receipts|purchase-invoices|supplier-payments)\/batch$/.exec(route);
    if (!batch) return null;
    this.server.duringBatch?.();
    const post = { 'purchase-orders': this.postOrder, 'goods-receipts': this.postReceipt, 'purchase-invoices': this.postInvoice, 'supplier-payments': this.postPayment }[batch[1] as 'purchase-orders'];
    const results = (body.documents as unknown as Array<{ ref: string; document: Doc }>).map(({ ref, document }) => {
      if (!this.refs.has(ref)) {
        const answer = post.call(this, document);
        this.refs.set(ref, answer.status < 300 ? { status: answer.status, document: answer.body } : { status: answer.status, problem: answer.body });
      }
      return { ref, ...this.refs.get(ref)! };
    });
    return { status: 200, body: { results } };
  }

  private postOrder(doc: Doc): Answer {
    const supplier = this.suppliers.find((s) => s.code === doc.supplierCode && s.active);
    if (!supplier) return problem(422, 'validation.invalid', 'Unknown supplier', [{ path: 'supplierCode', message: `unknown supplier ${String(doc.supplierCode)}` }]);
    const items = [...this.server.items.values()];
    const errors = (doc.lines ?? []).flatMap((l, row) => {
      const item = items.find((i) => i.sku === l.sku);
      if (!item) return [{ path: `lines[${row}].sku`, message: `unknown SKU ${String(l.sku)}`, row }];
      if (l.unitPrice === undefined && item.purchasePrice === null) return [{ path: `lines[${row}].unitPrice`, message: 'no contract or purchase price: enter a price', row }];
      return [];
    });
    if (errors.length) return problem(422, 'validation.invalid', 'The order has errors', errors);
    const order = this.addOrder(
      supplier.code,
      String(doc.warehouseCode),
      (doc.lines ?? []).map((l) => ({ sku: String(l.sku), qty: Number(l.qty), unitPrice: Number(l.unitPrice ?? items.find((i) => i.sku === l.sku)!.purchasePrice) })),
      'draft',
    );
    return { status: 201, body: order };
  }

  private createSupplier(body: PartnerView): Answer {
    if (this.suppliers.some((s) => s.code === body.code)) return problem(409, 'supplier.duplicate-code', `Supplier ${body.code} exists`, [{ path: 'code', message: `${body.code} is taken` }]);
    const supplier: PartnerView = { ...fakeSupplier(this.suppliers.length + 1, body.code, body.name), ...body, version: 1 };
    this.suppliers.push(supplier);
    return { status: 201, body: supplier };
  }

  private patchSupplier(id: number, body: Partial<PartnerView>): Answer {
    const current = this.suppliers.find((s) => s.id === id);
    if (!current) return problem(404, 'not-found', 'Not found');
    const { version, ...change } = body;
    if (version !== undefined && version !== current.version) {
      return { status: 412, body: { type: 'about:blank', title: 'Precondition failed', status: 412, detail: 'The supplier was changed since', code: 'version.stale', currentVersion: current.version } };
    }
    this.changeSupplier(id, change);
    return { status: 200, body: this.suppliers.find((s) => s.id === id) };
  }

  /** As the server: the named items' suggestions in the warehouse become draft orders, one per supplier; unknown supplier → 422 naming the line. */
  private acceptSuggestions(body: AcceptBody): Answer {
    const warehouse = this.server.warehouses.find((w) => w.id === body.warehouseId)!;
    const errors = body.lines.flatMap((l, row) => (this.suppliers.some((s) => s.code === l.supplierCode && s.active) ? [] : [{ path: `lines[${row}].supplierCode`, message: `unknown supplier ${l.supplierCode}`, row }]));
    if (errors.length) return problem(422, 'validation.invalid', 'The suggestions have errors', errors);
    const bySupplier = new Map<string, Array<{ sku: string; qty: number; unitPrice: number }>>();
    for (const l of body.lines) {
      const suggestion = this.suggestions.find((s) => s.itemId === l.itemId && s.warehouseId === warehouse.id);
      if (!suggestion) continue;
      this.suggestions = this.suggestions.filter((s) => s !== suggestion);
      bySupplier.set(l.supplierCode, [...(bySupplier.get(l.supplierCode) ?? []), { sku: suggestion.sku, qty: l.qty, unitPrice: suggestion.unitPrice ?? 0 }]);
    }
    const orders = [...bySupplier].map(([code, lines]) => this.addOrder(code, warehouse.code, lines, 'draft'));
    return { status: 201, body: { orders } };
  }

  private approve(id: number): Answer {
    const order = this.orders.get(id)!;
    if (this.approvalLimit !== null && order.baseTotal > this.approvalLimit) {
      return problem(403, 'approval.limit', `${order.baseTotal} is above your approval limit of ${this.approvalLimit}`, [{ path: 'baseTotal', message: `above your approval limit of ${this.approvalLimit}` }]);
    }
    order.status = 'approved';
    return { status: 200, body: order };
  }

  private postReceipt(doc: Doc): Answer {
    const order = this.orders.get(Number(doc.purchaseOrderId));
    if (!order || (order.status !== 'approved' && order.status !== 'partial')) return problem(409, 'order.state', 'The order is not approved');
    const lines = doc.lines ?? [];
    const errors = lines.flatMap((l, row) => {
      const line = order.lines.find((x) => x.id === l.lineId);
      if (!line) return [{ path: `lines[${row}].lineId`, message: 'not a line of this order', row }];
      const open = line.qty - line.received + line.returned;
      const asked = lines.filter((o) => o.lineId === l.lineId).reduce((sum, o) => sum + Number(o.qty), 0);
      return asked > open ? [{ path: `lines[${row}].qty`, message: `only ${open} still to receive`, row }] : [];
    });
    if (errors.length) return problem(409, 'receipt.over-receipt', 'More than the order allows', errors);
    const number = this.number('GR');
    const out = lines.map((l) => {
      const line = order.lines.find((x) => x.id === l.lineId)!;
      line.received += Number(l.qty);
      const receiptLine = { id: ++this.seq.receiptLine, receiptNumber: number, order, line, qty: Number(l.qty), invoiced: 0, batchNo: (l.batchNo as string) ?? null };
      this.receiptLines.set(receiptLine.id, receiptLine);
      return { id: receiptLine.id, lineId: line.id, sku: line.sku, qty: receiptLine.qty };
    });
    order.status = order.lines.every((l) => l.received >= l.qty) ? 'done' : 'partial';
    return { status: 201, body: { id: this.seq.GR, number, purchaseOrderId: order.id, lines: out } };
  }

  private postInvoice(doc: Doc): Answer {
    const supplier = this.suppliers.find((s) => s.code === doc.supplierCode)!;
    if (this.invoices.some((i) => i.supplierId === supplier.id && i.supplierInvoiceNo === doc.supplierInvoiceNo)) {
      return problem(409, 'invoice.duplicate', `Invoice ${String(doc.supplierInvoiceNo)} of ${supplier.code} was entered before`, [{ path: 'supplierInvoiceNo', message: 'entered before' }]);
    }
    const lines = doc.lines ?? [];
    const errors = lines.flatMap((l, row) => {
      const r = this.receiptLines.get(Number(l.receiptLineId));
      return !r || Number(l.qty) > r.qty - r.invoiced ? [{ path: `lines[${row}].qty`, message: `more than the ${r ? r.qty - r.invoiced : 0} received and not invoiced`, row }] : [];
    });
    if (errors.length) return problem(409, 'invoice.over-invoiced', 'More than was received', errors);
    const variances = lines.flatMap((l, line) => {
      const r = this.receiptLines.get(Number(l.receiptLineId))!;
      const amount = (cents(Number(l.qty) * Number(l.unitPrice)) - cents(Number(l.qty) * r.line.unitPrice)) / 100;
      return amount !== 0 ? [{ line, orderPrice: r.line.unitPrice, invoicePrice: Number(l.unitPrice), amount }] : [];
    });
    for (const l of lines) this.receiptLines.get(Number(l.receiptLineId))!.invoiced += Number(l.qty);
    const total = lines.reduce((sum, l) => sum + cents(Number(l.qty) * Number(l.unitPrice)), 0) / 100;
    const invoice: FakeInvoice = { id: this.invoices.length + 1, number: this.number('PI'), supplierInvoiceNo: String(doc.supplierInvoiceNo), supplierId: supplier.id, supplierCode: supplier.code, status: variances.length ? 'held' : 'open', total, openAmount: total };
    this.invoices.push(invoice);
    return { status: 201, body: { ...invoice, variances } };
  }

  private postPayment(doc: Doc): Answer {
    const allocations = (doc.allocations ?? []) as Array<{ invoiceNumber: string; amount: number }>;
    const errors = allocations.flatMap((a, row) => {
      const invoice = this.invoices.find((i) => i.number === a.invoiceNumber);
      if (!invoice) return [{ path: `allocations[${row}].invoiceNumber`, message: `unknown invoice ${a.invoiceNumber}`, row }];
      if (invoice.status === 'held') return [{ path: `allocations[${row}].invoiceNumber`, message: `${invoice.number} is held for a price variance`, row }];
      return cents(a.amount) > cents(invoice.openAmount) ? [{ path: `allocations[${row}].amount`, message: `more than the ${invoice.openAmount} open`, row }] : [];
    });
    if (errors.length) return problem(409, 'payment.allocation', 'The payment cannot be allocated', errors);
    for (const a of allocations) {
      const invoice = this.invoices.find((i) => i.number === a.invoiceNumber)!;
      invoice.openAmount = (cents(invoice.openAmount) - cents(a.amount)) / 100;
    }
    return { status: 201, body: { id: this.seq.SP + 1, number: this.number('SP'), amount: doc.amount, allocated: doc.amount, unallocated: 0, allocations } };
  }
}
