import type { CustomerReceiptRequest, ReceivableView } from '../../contract/customer-receipts';
import type { CustomerBehaviourView, ServiceTicketView, TicketHistoryEntry, TicketStatus, TransitionTicketRequest, UpdateTicketRequest } from '../../contract/customers-admin';
import type { UserView } from '../../contract/platform';
import type { Problem } from '../../contract/problem';
import type { SalesInvoiceView } from '../../contract/sales-invoices';
import type { SalesReturnRequest, ShipmentView } from '../../contract/shipments';
import type { Answer, FakeServer, SeenRequest } from './addin-workflow';
import type { FakeCustomer } from './fake-sales';

/**
 * The customer endpoints the sheets and the task pane call, from memory and
 * faithful to API.md "Sales and customers", over the same customers,
 * invoices and shipments as the sales fake (FakeSales): customers with
 * versions (a stale PATCH → 412, a taken code → 409), open receivables
 * (invoices positive, credit notes and advances negative), receipts
 * allocated to invoices (each allocation ≤ what is open, same currency),
 * returns against a shipment (≤ shipped − returned, a credit note at the
 * invoiced price and tax for what was invoiced), service tickets with the
 * server's transitions, history and versions, credit and behaviour. Batches
 * are idempotent by ref, keyed POSTs by Idempotency-Key.
 */

const problem = (status: number, code: string, detail: string, errors: Problem['errors'] = []): Answer => ({ status, body: { type: 'about:blank', title: detail, status, code, detail, errors } });
const stale = (what: string, version: number): Answer => ({ status: 412, body: { type: 'about:blank', title: 'Precondition failed', status: 412, code: 'version.stale', detail: `The ${what} was changed since`, currentVersion: version } });
const cents = (n: number) => Math.round(n * 100);
const money = (c: number) => c / 100;

/** Which ticket statuses may follow which: the server's rule (an in-progress ticket is resolved before it is closed). */
const TRANSITIONS: Record<TicketStatus, TicketStatus[]> = {
  open: ['in-progress', 'resolved', 'closed'],
  'in-progress': ['open', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};

type Doc = Record<string, unknown>;

export class FakeCustomers {
  readonly receipts: Array<{ number: string; customerId: number; request: CustomerReceiptRequest; unallocated: number }> = [];
  readonly returns: Array<{ number: string; request: SalesReturnRequest; creditNoteNumber: string | null }> = [];
  readonly tickets = new Map<number, ServiceTicketView>();
  readonly users: UserView[] = [];
  /** When set, `GET /users` answers 403, as for a clerk without user:read. */
  usersForbidden = false;
  readonly behaviour = new Map<number, Partial<CustomerBehaviourView>>();
  /** An answer for a receipt or return before the fake's own rules, when it returns one (a refusal the sheet cannot foresee). */
  refuse: ((endpoint: string, document: Doc) => Answer | null) | null = null;
  private readonly keyed = new Map<string, Answer>();
  private readonly refs = new Map<string, { status: number; document?: unknown; problem?: unknown }>();
  private seq = { CR: 0, SRT: 0, ST: 0 };

  constructor(private readonly server: FakeServer) {}

  /** The sales fake's customers: one list for orders, receipts, returns and the customers sheet. */
  get customers(): FakeCustomer[] {
    return this.server.sales.customers;
  }

  get invoices(): SalesInvoiceView[] {
    return this.server.sales.invoices;
  }

  addCustomer(code: string, name = code, over: Partial<FakeCustomer> = {}): FakeCustomer {
    const customer: FakeCustomer = {
      id: Math.max(0, ...this.customers.map((c) => c.id)) + 1,
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

  byCode(code: string): FakeCustomer {
    return this.customers.find((c) => c.code === code)!;
  }

  /** Someone else changes a customer on the server. */
  changeCustomer(id: number, change: Partial<FakeCustomer>): void {
    const i = this.customers.findIndex((c) => c.id === id);
    this.customers[i] = { ...this.customers[i]!, ...change, version: this.customers[i]!.version + 1 };
  }

  /** An open invoice without lines (an opening receivable) in the customer's currency, as the invoices part would have it. */
  addInvoice(customerCode: string, total: number, over: Partial<SalesInvoiceView> = {}): SalesInvoiceView {
    const customer = this.byCode(customerCode);
    const rate = this.server.sales.rates[customer.currency] ?? 1;
    const base = cents(total * rate) / 100;
    const invoice: SalesInvoiceView = {
      id: this.invoices.length + 1,
      number: this.nextInvoiceNumber(),
      kind: total < 0 ? 'credit-note' : 'invoice',
      customerId: customer.id,
      customerCode: customer.code,
      status: 'open',
      date: '2026-03-01',
      dueDate: '2026-03-31',
      currency: customer.currency,
      rate,
      subtotal: total,
      tax: 0,
      total,
      baseSubtotal: base,
      baseTax: 0,
      baseTotal: base,
      baseCost: 0,
      openAmount: total,
      salespersonId: null,
      returnId: null,
      journalEntryId: null,
      lines: [],
      ...over,
    };
    this.invoices.push(invoice);
    return invoice;
  }

  /** SI numbers come from the sales fake's own sequence, so invoices and credit notes never share one. */
  private nextInvoiceNumber(): string {
    return (this.server.sales as unknown as { number(type: 'SI'): string }).number('SI');
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

  private number(type: 'CR' | 'SRT' | 'ST'): string {
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
    if (route === 'POST /customers') return this.createCustomer(body as unknown as FakeCustomer);
    const patch = /^PATCH \/customers\/(\d+)$/.exec(route);
    if (patch) return this.patchCustomer(Number(patch[1]), body as unknown as Partial<FakeCustomer>);
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

  private createCustomer(body: FakeCustomer): Answer {
    if (this.customers.some((c) => c.code.toLowerCase() === String(body.code).toLowerCase())) return problem(409, 'customer.duplicate-code', `Customer ${body.code} exists`, [{ path: 'code', message: `${body.code} is taken` }]);
    return { status: 201, body: this.addCustomer(body.code, body.name, { ...body, version: 1 }) };
  }

  private patchCustomer(id: number, body: Partial<FakeCustomer>): Answer {
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
    const customerId = query.get('customerId') ? Number(query.get('customerId')) : null;
    const rows: ReceivableView[] = this.invoices
      .filter((i) => i.openAmount !== 0 && i.status !== 'cancelled' && (customerId === null || i.customerId === customerId))
      .map((i) => ({ id: i.id, docType: 'SI', kind: i.kind === 'credit-note' ? 'credit-note' : 'invoice', number: i.number, customerId: i.customerId, customerCode: i.customerCode, date: i.date, dueDate: i.dueDate, currency: i.currency, total: i.total, openAmount: i.openAmount, baseOpenAmount: cents(i.openAmount * i.rate) / 100, daysOverdue: 0 }));
    for (const [n, r] of this.receipts.entries()) {
      if (r.unallocated === 0 || (customerId !== null && r.customerId !== customerId)) continue;
      const customer = this.customers.find((c) => c.id === r.customerId)!;
      const date = r.request.date ?? '2026-03-10';
      rows.push({ id: 50_000 + n, docType: 'CR', kind: 'receipt', number: r.number, customerId: customer.id, customerCode: customer.code, date, dueDate: date, currency: customer.currency, total: -r.request.amount, openAmount: -money(r.unallocated), baseOpenAmount: -money(r.unallocated), daysOverdue: 0 });
    }
    return rows;
  }

  private postReceipt(doc: CustomerReceiptRequest): Answer {
    const customer = this.customers.find((c) => c.code === doc.customerCode && c.active);
    if (!customer) return problem(422, 'validation.invalid', 'Unknown customer', [{ path: 'customerCode', message: `unknown customer ${String(doc.customerCode)}` }]);
    const cash = this.server.cashAccounts.find((c) => c.code === doc.cashAccountCode && c.active);
    if (!cash) return problem(422, 'validation.invalid', 'Unknown cash account', [{ path: 'cashAccountCode', message: `unknown cash account ${String(doc.cashAccountCode)}` }]);
    // As the server: a receipt is in its cash account's currency.
    const currency = doc.currency ?? cash.currency;
    if (currency !== cash.currency) return problem(422, 'receipt.cash-currency', `${cash.code} holds ${cash.currency}`, [{ path: 'currency', message: `${cash.code} holds ${cash.currency}, not ${currency}` }]);
    const allocations = doc.allocations ?? [];
    const invoiceOf = (a: (typeof allocations)[number]) => this.invoices.find((i) => (a.invoiceId ? i.id === a.invoiceId : i.number === a.invoiceNumber) && i.kind !== 'credit-note');
    const errors = allocations.flatMap((a, row) => {
      const invoice = invoiceOf(a);
      const path = a.invoiceId ? `allocations[${row}].invoiceId` : `allocations[${row}].invoiceNumber`;
      if (!invoice || invoice.customerId !== customer.id) return [{ path, message: `not an open invoice of ${customer.code}`, row }];
      if (invoice.currency !== currency) return [{ path: `allocations[${row}].amount`, message: `${invoice.number} is in ${invoice.currency}, the receipt in ${currency}`, row }];
      const asked = allocations.filter((o) => invoiceOf(o) === invoice).reduce((sum, o) => sum + cents(o.amount), 0);
      return asked > cents(invoice.openAmount) ? [{ path: `allocations[${row}].amount`, message: `at most ${invoice.openAmount.toFixed(2)} ${invoice.currency} is open on ${invoice.number}`, row, code: 'allocation.exceeds-open' }] : [];
    });
    if (errors.length) return problem(409, 'allocation.exceeds-open', 'The receipt cannot be allocated', errors);
    const allocated = allocations.reduce((sum, a) => sum + cents(a.amount), 0);
    if (allocated > cents(doc.amount)) return problem(422, 'allocation.over-amount', 'Allocations exceed the receipt', [{ path: 'amount', message: `allocations of ${money(allocated)} exceed ${doc.amount}` }]);
    for (const a of allocations) {
      const invoice = invoiceOf(a)!;
      invoice.openAmount = money(cents(invoice.openAmount) - cents(a.amount));
      if (invoice.openAmount === 0) invoice.status = 'paid';
    }
    const number = this.number('CR');
    this.receipts.push({ number, customerId: customer.id, request: doc, unallocated: cents(doc.amount) - allocated });
    return { status: 201, body: { id: this.receipts.length, number, amount: doc.amount, allocated: money(allocated), unallocated: money(cents(doc.amount) - allocated), fxDifference: 0, allocations } };
  }

  private postReturn(doc: SalesReturnRequest): Answer {
    const sales = this.server.sales;
    const shipment: ShipmentView | undefined = [...sales.shipments.values()].find((s) => s.number === doc.shipmentNumber && s.status === 'posted');
    if (!shipment) return problem(404, 'shipment.not-found', `No shipment ${String(doc.shipmentNumber)}`, [{ path: 'shipmentNumber', message: `no shipment ${String(doc.shipmentNumber)}` }]);
    const lines = shipment.lines.map((l) => sales.shipmentLines.get(l.id)!);
    const matched = doc.lines.map((l) => lines.filter((s) => s.sku === l.sku && (!l.batchNo || s.batchNo === l.batchNo)));
    const asked = new Map<number, number>();
    const errors = doc.lines.flatMap((l, row) => {
      const found = matched[row]!;
      if (found.length === 0) return [{ path: `lines[${row}].sku`, message: `${l.sku}${l.batchNo ? ` batch ${l.batchNo}` : ''} did not leave on ${shipment.number}`, row }];
      if (found.length > 1) return [{ path: `lines[${row}].batchNo`, message: `${l.sku} left on ${shipment.number} in several batches: name one`, row }];
      const line = found[0]!;
      asked.set(line.id, (asked.get(line.id) ?? 0) + l.qty);
      const open = line.qty - line.returned;
      return asked.get(line.id)! > open ? [{ path: `lines[${row}].qty`, message: `only ${open} left of ${shipment.number} not yet returned`, row, code: 'return.over-return' }] : [];
    });
    if (errors.length) return problem(409, 'return.over-return', 'More than was shipped', errors);
    // Goods not yet invoiced come back first; what was invoiced is credited at its invoice line's price and tax.
    let credit = 0;
    for (const [row, l] of doc.lines.entries()) {
      const line = matched[row]![0]!;
      const credited = Math.max(0, l.qty - Math.max(0, line.qty - line.returned - line.invoiced));
      const invoiceLine = this.invoices.flatMap((i) => i.lines).find((x) => x.shipmentLineId === line.id);
      if (credited > 0 && invoiceLine) credit += cents(((invoiceLine.amount + invoiceLine.tax) * credited) / invoiceLine.qty);
      line.returned += l.qty;
      line.invoiced -= credited;
      const orderLine = line.order.lines.find((x) => x.id === line.lineId)!;
      orderLine.returned += l.qty;
      orderLine.invoiced -= credited;
      orderLine.toShip = orderLine.qty - orderLine.shipped + orderLine.returned;
      sales.stockUp(line.order.warehouseCode, line.sku, l.qty, line.batchNo ? { batchNo: line.batchNo, ...(line.expiryDate ? { expiryDate: line.expiryDate } : {}) } : null);
    }
    const customer = this.customers.find((c) => c.id === shipment.customerId)!;
    const creditNote = credit > 0 ? this.addInvoice(customer.code, -money(credit)) : null;
    const number = this.number('SRT');
    this.returns.push({ number, request: doc, creditNoteNumber: creditNote?.number ?? null });
    return { status: 201, body: { id: this.returns.length, number, shipmentId: shipment.id, shipmentNumber: shipment.number, customerId: customer.id, creditNoteId: creditNote?.id ?? null, creditNoteNumber: creditNote?.number ?? null, lines: doc.lines } };
  }

  /** As GET /customers/:id/credit: open receivables net of advances, approved orders not yet invoiced, in base. */
  private credit(id: number): Answer {
    const customer = this.customers.find((c) => c.id === id);
    if (!customer) return problem(404, 'not-found', 'Not found');
    const { openReceivables, openOrders } = this.server.sales.creditUse(id);
    const advances = this.receipts.filter((r) => r.customerId === id).reduce((sum, r) => sum + r.unallocated, 0);
    const receivables = cents(openReceivables) - advances;
    const used = receivables + cents(openOrders);
    const limit = customer.creditLimit;
    return {
      status: 200,
      body: { customerId: id, customerCode: customer.code, creditLimit: limit, openReceivables: money(receivables), openOrders, used: money(used), available: limit === null ? null : money(cents(limit) - used) },
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
