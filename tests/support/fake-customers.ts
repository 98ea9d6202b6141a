import type { CustomerReceiptRequest, ReceivableView } from '../../contract/customer-receipts';
import type { CustomerBehaviourView, ServiceTicketView, TicketHistoryEntry, TicketStatus, TransitionTicketRequest, UpdateTicketRequest } from '../../contract/customers-admin';
import type { PartnerView } from '../../contract/master-data';
import type { UserView } from '../../contract/platform';
import type { Problem } from '../../contract/problem';
import type { SalesReturnRequest } from '../../contract/shipments';
import type { Answer, FakeServer, SeenRequest } from './addin-workflow';

/**
 * The customer endpoints the sheets and the task pane call, from memory and
 * faithful to API.md "Sales and customers": customers with versions (a stale
 * PATCH → 412, a taken code → 409), open receivables (invoices positive,
 * credit notes and advances negative), receipts allocated to invoices
 * (each allocation ≤ what is open, same currency), returns against a
 * shipment (≤ shipped − returned, a credit note for what was invoiced),
 * service tickets with transitions, history and versions, credit and
 * behaviour. Batches are idempotent by ref, keyed POSTs by Idempotency-Key.
 */

const problem = (status: number, code: string, detail: string, errors: Problem['errors'] = []): Answer => ({ status, body: { type: 'about:blank', title: detail, status, code, detail, errors } });
const stale = (what: string, version: number): Answer => ({ status: 412, body: { type: 'about:blank', title: 'Precondition failed', status: 412, code: 'version.stale', detail: `The ${what} was changed since`, currentVersion: version } });
const cents = (n: number) => Math.round(n * 100);
const money = (c: number) => c / 100;

export interface FakeInvoice {
  id: number;
  number: string;
  kind: 'invoice' | 'credit-note';
  customerId: number;
  currency: string;
  date: string;
  dueDate: string;
  /** Cents; negative for a credit note. */
  total: number;
  open: number;
}

export interface FakeShipmentLine {
  id: number;
  sku: string;
  batchNo: string | null;
  qty: number;
  returned: number;
  /** How much of the line was invoiced, and at what unit amount with tax (for its credit note). */
  invoiced: number;
  invoicedUnit: number;
}

export interface FakeShipment {
  id: number;
  number: string;
  customerId: number;
  lines: FakeShipmentLine[];
}

/** Which ticket statuses may follow which: the server's rule (an in-progress ticket is resolved before it is closed). */
const TRANSITIONS: Record<TicketStatus, TicketStatus[]> = {
  open: ['in-progress', 'resolved', 'closed'],
  'in-progress': ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

type Doc = Record<string, unknown>;

export class FakeCustomers {
  readonly customers: PartnerView[] = [];
  readonly invoices: FakeInvoice[] = [];
  readonly receipts: Array<{ number: string; request: CustomerReceiptRequest; unallocated: number }> = [];
  readonly shipments: FakeShipment[] = [];
  readonly returns: Array<{ number: string; request: SalesReturnRequest; creditNoteNumber: string | null }> = [];
  readonly tickets = new Map<number, ServiceTicketView>();
  readonly users: UserView[] = [];
  /** When set, `GET /users` answers 403, as for a clerk without user:read. */
  usersForbidden = false;
  /** Approved orders not yet invoiced, per customer id, in base cents (the orders part's figure). */
  readonly openOrders = new Map<number, number>();
  readonly behaviour = new Map<number, Partial<CustomerBehaviourView>>();
  /** An answer for a receipt or return before the fake's own rules, when it returns one (a refusal the sheet cannot foresee). */
  refuse: ((endpoint: string, document: Doc) => Answer | null) | null = null;
  private readonly keyed = new Map<string, Answer>();
  private readonly refs = new Map<string, { status: number; document?: unknown; problem?: unknown }>();
  private seq = { CR: 0, SRT: 0, SI: 0, ST: 0, id: 0, line: 700 };

  constructor(private readonly server: FakeServer) {
    this.addCustomer('C1', '华南商贸', { creditLimit: 10000, paymentTermsDays: 30 });
    this.addCustomer('C2', 'Globex Ltd', { currency: 'USD' });
    this.addCustomer('C9', '旧客户', { active: false });
  }

  addCustomer(code: string, name = code, over: Partial<PartnerView> = {}): PartnerView {
    const customer: PartnerView = {
      id: this.customers.length + 1,
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
      creditLimit: null,
      version: 1,
      ...over,
    };
    this.customers.push(customer);
    return customer;
  }

  byCode(code: string): PartnerView {
    return this.customers.find((c) => c.code === code)!;
  }

  /** Someone else changes a customer on the server. */
  changeCustomer(id: number, change: Partial<PartnerView>): void {
    const i = this.customers.findIndex((c) => c.id === id);
    this.customers[i] = { ...this.customers[i]!, ...change, version: this.customers[i]!.version + 1 };
  }

  /** An invoice (or, negative, a credit note) as the invoices part of the server would have it. */
  addInvoice(customerCode: string, total: number, over: Partial<FakeInvoice> = {}): FakeInvoice {
    const customer = this.byCode(customerCode);
    const invoice: FakeInvoice = { id: 9000 + this.invoices.length + 1, number: this.number('SI'), kind: total < 0 ? 'credit-note' : 'invoice', customerId: customer.id, currency: customer.currency, date: '2026-03-01', dueDate: '2026-03-31', total: cents(total), open: cents(total), ...over };
    this.invoices.push(invoice);
    return invoice;
  }

  /** A shipment as the shipments part would have it; `invoiced` of a line was invoiced at `invoicedUnit` a unit, tax included. */
  addShipment(customerCode: string, lines: Array<{ sku: string; qty: number; batchNo?: string; returned?: number; invoiced?: number; invoicedUnit?: number }>): FakeShipment {
    const shipment: FakeShipment = {
      id: this.shipments.length + 1,
      number: `SH-2026-${String(this.shipments.length + 1).padStart(6, '0')}`,
      customerId: this.byCode(customerCode).id,
      lines: lines.map((l) => ({ id: ++this.seq.line, sku: l.sku, batchNo: l.batchNo ?? null, qty: l.qty, returned: l.returned ?? 0, invoiced: l.invoiced ?? 0, invoicedUnit: l.invoicedUnit ?? 0 })),
    };
    this.shipments.push(shipment);
    return shipment;
  }

  addTicket(customerCode: string, over: Partial<ServiceTicketView> = {}): ServiceTicketView {
    const customer = this.byCode(customerCode);
    const id = this.tickets.size + 1;
    const ticket: ServiceTicketView = {
      id,
      number: this.number('ST'),
      customerId: customer.id,
      customerCode: customer.code,
      kind: 'repair',
      subject: `Ticket ${id}`,
      description: null,
      salesOrderId: null,
      salesOrderNumber: null,
      itemId: null,
      sku: null,
      priority: 'normal',
      assigneeId: null,
      status: 'open',
      resolvedAt: null,
      closedAt: null,
      createdAt: '2026-03-02T08:00:00.000Z',
      updatedAt: '2026-03-02T08:00:00.000Z',
      version: 1,
      history: [],
      ...over,
    };
    ticket.history = [{ at: ticket.createdAt, userId: 1, action: 'created', fromStatus: null, toStatus: ticket.status, changes: null, note: null }];
    this.tickets.set(id, ticket);
    return ticket;
  }

  /** Someone else changes a ticket on the server. */
  changeTicket(id: number, change: Partial<ServiceTicketView>): void {
    const ticket = this.tickets.get(id)!;
    this.tickets.set(id, { ...ticket, ...change, version: ticket.version + 1 });
  }

  addUser(id: number, username: string, displayName = username): void {
    this.users.push({ id, username, displayName, roles: [], permissions: [], warehouseIds: null, approvalLimit: null, active: true, version: 1 });
  }

  private number(type: 'CR' | 'SRT' | 'SI' | 'ST'): string {
    return `${type}-2026-${String(++this.seq[type]).padStart(6, '0')}`;
  }

  answer(r: SeenRequest, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    const key = r.headers['idempotency-key'];
    if (key && r.method === 'POST' && this.keyed.has(key)) return this.keyed.get(key)!;
    const answer = this.route(`${r.method} ${r.path}`, (r.body ?? {}) as Doc, query, list);
    if (answer && key && r.method === 'POST') this.keyed.set(key, answer);
    return answer;
  }

  private route(route: string, body: Doc, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    if (route === 'GET /customers') return list(this.customers);
    if (route === 'POST /customers') return this.createCustomer(body as unknown as PartnerView);
    const patch = /^PATCH \/customers\/(\d+)$/.exec(route);
    if (patch) return this.patchCustomer(Number(patch[1]), body as unknown as Partial<PartnerView>);
    const credit = /^GET \/customers\/(\d+)\/credit$/.exec(route);
    if (credit) return this.credit(Number(credit[1]));
    const behaviour = /^GET \/customers\/(\d+)\/behaviour$/.exec(route);
    if (behaviour) return this.behaviourOf(Number(behaviour[1]));
    if (route === 'GET /receivables') return list(this.receivables(query));
    if (route === 'GET /users') return this.usersForbidden ? problem(403, 'auth.forbidden', 'You may not list users') : list(this.users);
    if (route === 'GET /service-tickets') {
      const status = query.get('status');
      const customerId = query.get('customerId');
      return list([...this.tickets.values()].filter((t) => (!status || t.status === status) && (!customerId || t.customerId === Number(customerId))));
    }
    const ticket = /^(PATCH|POST) \/service-tickets\/(\d+)(\/transition)?$/.exec(route);
    if (ticket && ticket[1] === 'PATCH' && !ticket[3]) return this.patchTicket(Number(ticket[2]), body as UpdateTicketRequest);
    if (ticket && ticket[1] === 'POST' && ticket[3]) return this.transition(Number(ticket[2]), body as unknown as TransitionTicketRequest);
    const batch = /^POST \/(customer-receipts|sales-returns)\/batch$/.exec(route);
    if (!batch) return null;
    this.server.duringBatch?.();
    const post = batch[1] === 'customer-receipts' ? (d: Doc) => this.postReceipt(d as unknown as CustomerReceiptRequest) : (d: Doc) => this.postReturn(d as unknown as SalesReturnRequest);
    const results = (body.documents as Array<{ ref: string; document: Doc }>).map(({ ref, document }) => {
      if (!this.refs.has(ref)) {
        const answer = this.refuse?.(batch[1]!, document) ?? post(document);
        this.refs.set(ref, answer.status < 300 ? { status: answer.status, document: answer.body } : { status: answer.status, problem: answer.body });
      }
      return { ref, ...this.refs.get(ref)! };
    });
    return { status: 200, body: { results } };
  }

  private createCustomer(body: PartnerView): Answer {
    if (this.customers.some((c) => c.code.toLowerCase() === String(body.code).toLowerCase())) return problem(409, 'customer.duplicate-code', `Customer ${body.code} exists`, [{ path: 'code', message: `${body.code} is taken` }]);
    return { status: 201, body: this.addCustomer(body.code, body.name, { ...body, version: 1 }) };
  }

  private patchCustomer(id: number, body: Partial<PartnerView>): Answer {
    const current = this.customers.find((c) => c.id === id);
    if (!current) return problem(404, 'not-found', 'Not found');
    const { version, ...change } = body;
    if (version !== undefined && version !== current.version) return stale('customer', current.version);
    if (change.code && this.customers.some((c) => c.id !== id && c.code === change.code)) return problem(409, 'customer.duplicate-code', `Customer ${change.code} exists`, [{ path: 'code', message: `${change.code} is taken` }]);
    this.changeCustomer(id, change);
    return { status: 200, body: this.customers.find((c) => c.id === id) };
  }

  /** Invoices and credit notes still open, and what receipts left unallocated (advances), as API.md's receivables. */
  private receivables(query: URLSearchParams): ReceivableView[] {
    const customerId = query.get('customerId');
    const code = (id: number) => this.customers.find((c) => c.id === id)!.code;
    const rows: ReceivableView[] = this.invoices
      .filter((i) => i.open !== 0 && (!customerId || i.customerId === Number(customerId)))
      .map((i) => ({ id: i.id, docType: 'SI', kind: i.kind, number: i.number, customerId: i.customerId, customerCode: code(i.customerId), date: i.date, dueDate: i.dueDate, currency: i.currency, total: money(i.total), openAmount: money(i.open), baseOpenAmount: money(i.open), daysOverdue: 0 }));
    for (const [n, r] of this.receipts.entries()) {
      const customer = this.customers.find((c) => c.code === r.request.customerCode)!;
      if (r.unallocated === 0 || (customerId && customer.id !== Number(customerId))) continue;
      rows.push({ id: 50_000 + n, docType: 'CR', kind: 'receipt', number: r.number, customerId: customer.id, customerCode: customer.code, date: r.request.date ?? '2026-03-10', dueDate: r.request.date ?? '2026-03-10', currency: customer.currency, total: -r.request.amount, openAmount: -money(r.unallocated), baseOpenAmount: -money(r.unallocated), daysOverdue: 0 });
    }
    return rows;
  }

  private postReceipt(doc: CustomerReceiptRequest): Answer {
    const customer = this.customers.find((c) => c.code === doc.customerCode && c.active);
    if (!customer) return problem(422, 'validation.invalid', 'Unknown customer', [{ path: 'customerCode', message: `unknown customer ${String(doc.customerCode)}` }]);
    if (!this.server.cashAccounts.some((c) => c.code === doc.cashAccountCode && c.active)) return problem(422, 'validation.invalid', 'Unknown cash account', [{ path: 'cashAccountCode', message: `unknown cash account ${String(doc.cashAccountCode)}` }]);
    const currency = doc.currency ?? customer.currency;
    const allocations = doc.allocations ?? [];
    const errors = allocations.flatMap((a, row) => {
      const invoice = this.invoices.find((i) => (a.invoiceId ? i.id === a.invoiceId : i.number === a.invoiceNumber) && i.kind === 'invoice');
      const path = a.invoiceId ? `allocations[${row}].invoiceId` : `allocations[${row}].invoiceNumber`;
      if (!invoice || invoice.customerId !== customer.id) return [{ path, message: `not an open invoice of ${customer.code}`, row }];
      if (invoice.currency !== currency) return [{ path: `allocations[${row}].amount`, message: `${invoice.number} is in ${invoice.currency}, the receipt in ${currency}`, row }];
      const asked = allocations.filter((o) => (o.invoiceId ?? o.invoiceNumber) === (a.invoiceId ?? a.invoiceNumber)).reduce((sum, o) => sum + cents(o.amount), 0);
      return asked > invoice.open ? [{ path: `allocations[${row}].amount`, message: `more than the ${money(invoice.open).toFixed(2)} open on ${invoice.number}`, row, code: 'allocation.over-allocated' }] : [];
    });
    if (errors.length) return problem(409, 'allocation.over-allocated', 'The receipt cannot be allocated', errors);
    const allocated = allocations.reduce((sum, a) => sum + cents(a.amount), 0);
    if (allocated > cents(doc.amount)) return problem(422, 'allocation.over-amount', 'Allocations exceed the receipt', [{ path: 'amount', message: `allocations of ${money(allocated)} exceed ${doc.amount}` }]);
    for (const a of allocations) this.invoices.find((i) => (a.invoiceId ? i.id === a.invoiceId : i.number === a.invoiceNumber))!.open -= cents(a.amount);
    const number = this.number('CR');
    this.receipts.push({ number, request: doc, unallocated: cents(doc.amount) - allocated });
    return { status: 201, body: { id: this.receipts.length, number, amount: doc.amount, allocated: money(allocated), unallocated: money(cents(doc.amount) - allocated), fxDifference: 0, allocations } };
  }

  private postReturn(doc: SalesReturnRequest): Answer {
    const shipment = this.shipments.find((s) => s.number === doc.shipmentNumber);
    if (!shipment) return problem(404, 'shipment.not-found', `No shipment ${String(doc.shipmentNumber)}`, [{ path: 'shipmentNumber', message: `no shipment ${String(doc.shipmentNumber)}` }]);
    const matched = doc.lines.map((l) => shipment.lines.filter((s) => s.sku === l.sku && (!l.batchNo || s.batchNo === l.batchNo)));
    const errors = doc.lines.flatMap((l, row) => {
      const lines = matched[row]!;
      if (lines.length === 0) return [{ path: `lines[${row}].sku`, message: `${l.sku} did not leave on ${shipment.number}`, row }];
      if (lines.length > 1) return [{ path: `lines[${row}].batchNo`, message: `${l.sku} left in several batches: name one`, row }];
      const open = lines[0]!.qty - lines[0]!.returned;
      return l.qty > open ? [{ path: `lines[${row}].qty`, message: `only ${open} left on ${shipment.number} and not returned`, row, code: 'return.over-return' }] : [];
    });
    if (errors.length) return problem(409, 'return.over-return', 'More than was shipped', errors);
    // What comes back beyond the part not invoiced is credited.
    let credit = 0;
    for (const [row, l] of doc.lines.entries()) {
      const line = matched[row]![0]!;
      const uninvoiced = Math.max(0, line.qty - line.returned - line.invoiced);
      credit += cents(Math.max(0, l.qty - uninvoiced) * line.invoicedUnit);
      line.returned += l.qty;
    }
    const customer = this.customers.find((c) => c.id === shipment.customerId)!;
    const creditNote = credit > 0 ? this.addInvoice(customer.code, -money(credit)) : null;
    const number = this.number('SRT');
    this.returns.push({ number, request: doc, creditNoteNumber: creditNote?.number ?? null });
    return { status: 201, body: { id: this.returns.length, number, shipmentId: shipment.id, shipmentNumber: shipment.number, customerId: customer.id, creditNoteId: creditNote?.id ?? null, creditNoteNumber: creditNote?.number ?? null, lines: doc.lines } };
  }

  private credit(id: number): Answer {
    const customer = this.customers.find((c) => c.id === id);
    if (!customer) return problem(404, 'not-found', 'Not found');
    const open = this.invoices.filter((i) => i.customerId === id).reduce((sum, i) => sum + i.open, 0);
    const advances = this.receipts.filter((r) => r.request.customerCode === customer.code).reduce((sum, r) => sum + r.unallocated, 0);
    const orders = this.openOrders.get(id) ?? 0;
    const used = open - advances + orders;
    const limit = customer.creditLimit ?? null;
    return {
      status: 200,
      body: { customerId: id, customerCode: customer.code, creditLimit: limit, openReceivables: money(open - advances), openOrders: money(orders), used: money(used), available: limit === null ? null : money(cents(limit) - used) },
    };
  }

  private behaviourOf(id: number): Answer {
    if (!this.customers.some((c) => c.id === id)) return problem(404, 'not-found', 'Not found');
    const none: CustomerBehaviourView = {
      customerId: id,
      from: null,
      to: '2026-03-15',
      orders: 0,
      revenue: 0,
      averageOrderValue: 0,
      firstOrderDate: null,
      lastOrderDate: null,
      recencyDays: null,
      frequency: 0,
      monetary: 0,
      rfm: null,
      segment: null,
      topItems: [],
      averageDaysToPay: null,
    };
    return { status: 200, body: { ...none, ...this.behaviour.get(id) } };
  }

  private patchTicket(id: number, body: UpdateTicketRequest): Answer {
    const ticket = this.tickets.get(id);
    if (!ticket) return problem(404, 'not-found', 'Not found');
    const { version, ...change } = body;
    if (version !== undefined && version !== ticket.version) return stale('ticket', ticket.version);
    if (change.assigneeId && !this.users.some((u) => u.id === change.assigneeId)) return problem(422, 'validation.invalid', 'Unknown assignee', [{ path: 'assigneeId', message: `no user ${change.assigneeId}` }]);
    const changes = Object.fromEntries(Object.entries(change).filter(([k, v]) => (ticket as unknown as Doc)[k] !== v).map(([k, v]) => [k, [(ticket as unknown as Doc)[k], v] as [unknown, unknown]]));
    const entry: TicketHistoryEntry = { at: '2026-03-15T09:00:00.000Z', userId: 1, action: 'updated', fromStatus: null, toStatus: null, changes, note: null };
    this.tickets.set(id, { ...ticket, ...change, version: ticket.version + 1, history: [...ticket.history, entry] } as ServiceTicketView);
    return { status: 200, body: this.tickets.get(id) };
  }

  private transition(id: number, body: TransitionTicketRequest): Answer {
    const ticket = this.tickets.get(id);
    if (!ticket) return problem(404, 'not-found', 'Not found');
    if (body.version !== undefined && body.version !== ticket.version) return stale('ticket', ticket.version);
    if (!TRANSITIONS[ticket.status].includes(body.status)) {
      return problem(409, 'ticket.transition', `A ${ticket.status} ticket cannot become ${body.status}`, [{ path: 'status', message: `${ticket.status} → ${body.status} is not allowed` }]);
    }
    const entry: TicketHistoryEntry = { at: '2026-03-15T09:00:00.000Z', userId: 1, action: 'transition', fromStatus: ticket.status, toStatus: body.status, changes: null, note: body.note ?? null };
    this.tickets.set(id, { ...ticket, status: body.status, version: ticket.version + 1, history: [...ticket.history, entry] });
    return { status: 200, body: this.tickets.get(id) };
  }
}
