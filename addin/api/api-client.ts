/**
 * The add-in's typed client for /api/v1: bearer token on every call, a
 * timeout on every request, and every failure — no network, timeout, 401,
 * problem+json — turned into one ApiError the task pane can put in words.
 */
import type { AccountBalanceRow, AccountView, CashAccountView } from '../../contract/finance';
import type { ItemRequest, ItemView, PartnerRequest, PartnerView, UpdateItemRequest, UpdatePartnerRequest } from '../../contract/master-data';
import type { ReorderSuggestion } from '../../contract/purchase-orders';
import type { SupplierPerformanceRow } from '../../contract/suppliers-admin';
import type { PayableRow, PurchaseOrderView, UninvoicedLine } from '../sheets/purchasing-requests';
import type { LoginResponse, UserView, WarehouseView } from '../../contract/platform';
import type { Problem } from '../../contract/problem';
import type { BalanceRow, BatchResult, StocktakePosted, StocktakeView } from '../../contract/stock';
import { acceptLanguageOf, Language } from '../i18n';
// sales (xa)
import type { OpenSalesLineView, SalesOrderView } from '../../contract/sales-orders';
import type { UninvoicedShipmentLineView } from '../../contract/sales-invoices';
// customers (xb)
import type { ReceivableView } from '../../contract/customer-receipts';
import type { CustomerBehaviourView, ServiceTicketView, TransitionTicketRequest, UpdateTicketRequest } from '../../contract/customers-admin';
import type { CustomerCreditView } from '../../contract/sales-orders';

/**
 * A problem as the add-in reads it: the contract's, with the stable `code`
 * every problem carries and the `currentVersion` of a stale write (412).
 */
export type ApiProblem = Problem;

/** An item as the server answers it: master data carries the `version` it was read at (API.md, Versions). */
export type VersionedItem = ItemView & { version?: number };

export type ApiErrorKind = 'network' | 'timeout' | 'unauthorized' | 'forbidden' | 'server' | 'problem';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly problem: ApiProblem,
  ) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }
}

export type Query = Record<string, string | number | undefined | null>;

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function problemFrom(status: number, body: unknown, statusText: string): ApiProblem {
  const b = body as Partial<ApiProblem> | null;
  if (b && typeof b === 'object' && typeof b.title === 'string') {
    return {
      type: b.type ?? 'about:blank',
      title: b.title,
      status: b.status ?? status,
      detail: b.detail,
      errors: Array.isArray(b.errors) ? b.errors : undefined,
      ...(typeof b.code === 'string' ? { code: b.code } : {}),
      ...(typeof b.currentVersion === 'number' ? { currentVersion: b.currentVersion } : {}),
    };
  }
  return { type: 'about:blank', title: statusText || `HTTP ${status}`, status, detail: statusText || `HTTP ${status}` };
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'problem';
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string | null;
  /** The language the server answers problems in (Accept-Language); the task pane's, which starts as Office's. */
  language?: Language;
  fetchImpl?: typeof fetch;
  /** Reads and small writes. */
  timeoutMs?: number;
  /** Posting a whole sheet. */
  longTimeoutMs?: number;
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  long?: boolean;
  /** The status codes answered with a body rather than thrown (batch-style endpoints). */
  expect?: number[];
}

export const PAGE_SIZE = 10_000;

export class ApiClient {
  token: string | null;
  language: Language;
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly longTimeoutMs: number;
  /** How many HTTP requests this client sent; benches and tests count round trips with it. */
  requestCount = 0;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token ?? null;
    this.language = options.language ?? 'en';
    this.fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.longTimeoutMs = options.longTimeoutMs ?? 180_000;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Accept-Language': acceptLanguageOf(this.language),
      ...options.headers,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.long ? this.longTimeoutMs : this.timeoutMs);
    let res: Response;
    let parsed: unknown;
    this.requestCount += 1;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
      parsed = res.status === 204 ? undefined : await res.json().catch(() => null);
    } catch (error) {
      const timedOut = controller.signal.aborted;
      throw new ApiError(timedOut ? 'timeout' : 'network', {
        type: 'about:blank',
        title: timedOut ? 'Timeout' : 'Network error',
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
      });
    } finally {
      clearTimeout(timer);
    }
    if (res.ok || options.expect?.includes(res.status)) return { status: res.status, body: parsed as T };
    throw new ApiError(kindOf(res.status), problemFrom(res.status, parsed, res.statusText));
  }

  private async body<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).body;
  }

  async login(username: string, password: string): Promise<LoginResponse> {
    const res = await this.body<LoginResponse>('POST', '/auth/login', { body: { username, password } });
    this.token = res.token;
    return res;
  }

  async logout(): Promise<void> {
    try {
      if (this.token) await this.body('POST', '/auth/logout');
    } finally {
      this.token = null;
    }
  }

  async me(): Promise<UserView> {
    return (await this.body<{ user: UserView }>('GET', '/auth/me')).user;
  }

  /**
   * Every row of a list endpoint, a page of 10,000 at a time: the first page
   * tells the total, the rest are fetched a few at a time.
   */
  async listAll<T>(path: string, query: Query = {}, onProgress?: (done: number, total: number) => void): Promise<T[]> {
    const first = await this.body<{ data: T[]; total: number }>('GET', path + queryString({ ...query, limit: PAGE_SIZE, offset: 0 }));
    const total = first.total ?? first.data.length;
    const pages: T[][] = [first.data];
    onProgress?.(first.data.length, total);
    const offsets: number[] = [];
    for (let offset = first.data.length; first.data.length > 0 && offset < total; offset += PAGE_SIZE) offsets.push(offset);
    let done = first.data.length;
    for (let i = 0; i < offsets.length; i += 3) {
      const batch = await Promise.all(
        offsets.slice(i, i + 3).map((offset) => this.body<{ data: T[] }>('GET', path + queryString({ ...query, limit: PAGE_SIZE, offset }))),
      );
      for (const page of batch) {
        pages.push(page.data);
        done += page.data.length;
      }
      onProgress?.(done, total);
    }
    return pages.flat();
  }

  warehouses(): Promise<WarehouseView[]> {
    return this.listAll<WarehouseView>('/warehouses');
  }

  items(onProgress?: (done: number, total: number) => void): Promise<VersionedItem[]> {
    return this.listAll<VersionedItem>('/items', {}, onProgress);
  }

  balances(filter: Query, onProgress?: (done: number, total: number) => void): Promise<BalanceRow[]> {
    return this.listAll<BalanceRow>('/stock/balances', filter, onProgress);
  }

  /** Documents posted through `<endpoint>/batch` (`/stock/adjustments`, `/journal-entries`, …), each under its own ref. */
  async postBatch(endpoint: string, documents: Array<{ ref: string; document: unknown }>): Promise<BatchResult[]> {
    const res = await this.body<{ results: BatchResult[] }>('POST', `${endpoint}/batch`, { body: { documents }, long: true });
    return res.results;
  }

  accounts(): Promise<AccountView[]> {
    return this.listAll<AccountView>('/accounts');
  }

  cashAccounts(): Promise<CashAccountView[]> {
    return this.listAll<CashAccountView>('/cash-accounts');
  }

  /** Every account's balance from the first posting to `to`. */
  accountBalances(to: string, onProgress?: (done: number, total: number) => void): Promise<AccountBalanceRow[]> {
    return this.listAll<AccountBalanceRow>('/finance/account-balances', { to }, onProgress);
  }

  createStocktake(body: { warehouseId?: number; warehouseCode?: string; itemIds?: number[] }, idempotencyKey: string): Promise<StocktakeView> {
    return this.body<StocktakeView>('POST', '/stocktakes', { body, long: true, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  getStocktake(id: number): Promise<StocktakeView> {
    return this.body<StocktakeView>('GET', `/stocktakes/${id}`, { long: true });
  }

  putCounts(id: number, body: unknown): Promise<StocktakeView> {
    return this.body<StocktakeView>('PUT', `/stocktakes/${id}/counts`, { body, long: true });
  }

  /** Posting is keyed, so a retry after a lost answer gets the first answer back. */
  postStocktake(id: number): Promise<StocktakePosted> {
    return this.body<StocktakePosted>('POST', `/stocktakes/${id}/post`, { body: {}, long: true, headers: { 'Idempotency-Key': `stocktake-${id}-post` } });
  }

  createItem(body: ItemRequest, idempotencyKey: string): Promise<VersionedItem> {
    return this.body<VersionedItem>('POST', '/items', { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /**
   * With the version the row was pulled at, a write over a newer change is
   * refused (412) instead of overwriting it. The version goes in the body,
   * not If-Match, so an add-in served from another origin needs no extra CORS header.
   */
  updateItem(id: number, body: UpdateItemRequest, version?: number): Promise<VersionedItem> {
    return this.body<VersionedItem>('PATCH', `/items/${id}`, { body: version === undefined ? body : { ...body, version } });
  }

  suppliers(): Promise<PartnerView[]> {
    return this.listAll<PartnerView>('/suppliers');
  }

  createSupplier(body: PartnerRequest, idempotencyKey: string): Promise<PartnerView> {
    return this.body<PartnerView>('POST', '/suppliers', { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /** As updateItem: the version the row was pulled at goes in the body, and a newer change answers 412. */
  updateSupplier(id: number, body: UpdatePartnerRequest, version?: number): Promise<PartnerView> {
    return this.body<PartnerView>('PATCH', `/suppliers/${id}`, { body: version === undefined ? body : { ...body, version } });
  }

  purchaseOrders(query: Query, onProgress?: (done: number, total: number) => void): Promise<PurchaseOrderView[]> {
    return this.listAll<PurchaseOrderView>('/purchase-orders', query, onProgress);
  }

  purchaseOrder(id: number): Promise<PurchaseOrderView> {
    return this.body<PurchaseOrderView>('GET', `/purchase-orders/${id}`);
  }

  /** Keyed by the order's batch ref, so approving again after a lost answer replays the first answer. */
  approvePurchaseOrder(id: number, idempotencyKey: string): Promise<PurchaseOrderView> {
    return this.body<PurchaseOrderView>('POST', `/purchase-orders/${id}/approve`, { body: {}, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  uninvoiced(supplierId: number, onProgress?: (done: number, total: number) => void): Promise<UninvoicedLine[]> {
    return this.listAll<UninvoicedLine>('/purchase-orders/uninvoiced', { supplierId }, onProgress);
  }

  payables(query: Query, onProgress?: (done: number, total: number) => void): Promise<PayableRow[]> {
    return this.listAll<PayableRow>('/payables', { status: 'open', ...query }, onProgress);
  }

  reorderSuggestions(query: Query): Promise<ReorderSuggestion[]> {
    return this.listAll<ReorderSuggestion>('/purchase-orders/suggestions', query);
  }

  /** Draft orders from a warehouse's suggestions, one per supplier; keyed, so a retry after a lost answer creates nothing twice. */
  acceptSuggestions(body: { warehouseId: number; lines: Array<{ itemId: number; qty: number; supplierCode: string }> }, idempotencyKey: string): Promise<{ orders: PurchaseOrderView[] }> {
    return this.body<{ orders: PurchaseOrderView[] }>('POST', '/purchase-orders/suggestions/accept', { body, long: true, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  supplierPerformance(query: Query = {}): Promise<SupplierPerformanceRow[]> {
    return this.listAll<SupplierPerformanceRow>('/suppliers/performance', query);
  }

  // sales (xa)
  customers(): Promise<PartnerView[]> {
    return this.listAll<PartnerView>('/customers');
  }

  /** Keyed by the order's batch ref, so approving again after a lost answer replays the first answer. */
  approveSalesOrder(id: number, idempotencyKey: string): Promise<SalesOrderView> {
    return this.body<SalesOrderView>('POST', `/sales-orders/${id}/approve`, { body: {}, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /** Approved order lines still to ship, with what each order holds and what else is free. */
  openSalesLines(query: Query, onProgress?: (done: number, total: number) => void): Promise<OpenSalesLineView[]> {
    return this.listAll<OpenSalesLineView>('/sales-orders/open-lines', query, onProgress);
  }

  /** Shipment lines still to invoice. */
  uninvoicedShipments(query: Query, onProgress?: (done: number, total: number) => void): Promise<UninvoicedShipmentLineView[]> {
    return this.listAll<UninvoicedShipmentLineView>('/shipments/uninvoiced', query, onProgress);
  }
  // end sales (xa)

  // customers (xb)
  createCustomer(body: PartnerRequest, idempotencyKey: string): Promise<PartnerView> {
    return this.body<PartnerView>('POST', '/customers', { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /** As updateItem: the version the row was pulled at goes in the body, and a newer change answers 412. */
  updateCustomer(id: number, body: UpdatePartnerRequest, version?: number): Promise<PartnerView> {
    return this.body<PartnerView>('PATCH', `/customers/${id}`, { body: version === undefined ? body : { ...body, version } });
  }

  receivables(query: Query, onProgress?: (done: number, total: number) => void): Promise<ReceivableView[]> {
    return this.listAll<ReceivableView>('/receivables', { status: 'open', ...query }, onProgress);
  }

  serviceTickets(query: Query, onProgress?: (done: number, total: number) => void): Promise<ServiceTicketView[]> {
    return this.listAll<ServiceTicketView>('/service-tickets', query, onProgress);
  }

  /** With the version the row was pulled at: a ticket changed since answers 412 instead of being overwritten. */
  updateTicket(id: number, body: Omit<UpdateTicketRequest, 'version'>, version?: number): Promise<ServiceTicketView> {
    return this.body<ServiceTicketView>('PATCH', `/service-tickets/${id}`, { body: version === undefined ? body : { ...body, version } });
  }

  /** Keyed by the ticket, its version and the new status, so a retry after a lost answer moves it once. */
  transitionTicket(id: number, body: TransitionTicketRequest, idempotencyKey: string): Promise<ServiceTicketView> {
    return this.body<ServiceTicketView>('POST', `/service-tickets/${id}/transition`, { body, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  users(): Promise<UserView[]> {
    return this.listAll<UserView>('/users');
  }

  customerCredit(id: number): Promise<CustomerCreditView> {
    return this.body<CustomerCreditView>('GET', `/customers/${id}/credit`);
  }

  customerBehaviour(id: number): Promise<CustomerBehaviourView> {
    return this.body<CustomerBehaviourView>('GET', `/customers/${id}/behaviour`);
  }
  // end customers (xb)
}
