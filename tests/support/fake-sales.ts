import type { PartnerView } from '../../contract/master-data';
import type { Problem } from '../../contract/problem';
import type { OpenSalesLineView, SalesOrderLineView, SalesOrderView } from '../../contract/sales-orders';
import type { SalesInvoiceLineView, SalesInvoiceView, UninvoicedShipmentLineView } from '../../contract/sales-invoices';
import type { ShipmentLineView, ShipmentView } from '../../contract/shipments';
import type { Answer, FakeServer, SeenRequest } from './addin-workflow';

type Doc = Record<string, unknown> & { lines?: Array<Record<string, unknown>> };
type LineError = NonNullable<Problem['errors']>[number];
export type FakeCustomer = PartnerView & { creditLimit: number | null };
interface FakeSalesOrder extends SalesOrderView {
  lines: Array<SalesOrderLineView & { name: string }>;
}
interface StockRow {
  warehouseId: number;
  itemId: number;
  batchNo: string | null;
  expiryDate: string | null;
  qty: number;
}
interface FakeShipmentLine extends ShipmentLineView {
  shipment: ShipmentView;
  order: FakeSalesOrder;
}

const problem = (status: number, code: string, detail: string, errors: LineError[] = []): Answer => ({ status, body: { type: 'about:blank', title: detail, status, code, detail, errors } });
const money = (n: number) => Math.round((n + Math.sign(n) * Number.EPSILON) * 100) / 100;
const qty3 = (n: number) => Math.round(n * 1000) / 1000;
const text = (n: number) => n.toFixed(2);
const customer = (id: number, code: string, name: string, over: Partial<FakeCustomer> = {}): FakeCustomer => ({
  id,
  code,
  name,
  category: null,
  grade: null,
  contact: null,
  phone: null,
  email: null,
  address: null,
  paymentTermsDays: 30,
  currency: 'CNY',
  active: true,
  creditLimit: null,
  version: 1,
  ...over,
});
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const TODAY = '2026-03-10';

/**
 * The sales endpoints the sheets call, from memory and faithful to API.md
 * "Sales and customers": orders created as drafts (the item's sale price
 * when none is typed), approved against the customer's credit (the 409 with
 * `errors: [{path: "creditLimit"}]` stating limit, used and this order) and
 * the free stock (each short line named with how much is missing), which
 * they then hold; shipments consuming the reservation and refusing more than
 * is still to ship; invoices of shipped lines refusing more than is still to
 * invoice. Batches are replayed by ref, keyed POSTs by Idempotency-Key, and
 * every list answers `{data, total}`.
 */
export class FakeSales {
  readonly customers: FakeCustomer[] = [
    customer(1, 'C1', '华联超市'),
    customer(2, 'C2', 'Acme Retail'),
    customer(3, 'C3', 'Globex Inc', { currency: 'USD' }),
    customer(4, 'C9', '旧客户', { active: false }),
  ];
  /** Base-currency units for one unit of a currency. */
  readonly rates: Record<string, number> = { CNY: 1, USD: 7.2 };
  readonly orders = new Map<number, FakeSalesOrder>();
  readonly shipments = new Map<number, ShipmentView>();
  readonly shipmentLines = new Map<number, FakeShipmentLine>();
  readonly invoices: SalesInvoiceView[] = [];
  /** Stock on hand per warehouse, item and batch. */
  readonly stock: StockRow[] = [];
  /** What each order line holds, by order line id. */
  readonly reserved = new Map<number, number>();
  /** What all orders hold, by warehouse and item. */
  private readonly held = new Map<string, number>();
  /** Open receivables (base) beyond the fake's own invoices: opening balances. */
  readonly openings = new Map<number, number>();
  private readonly keyed = new Map<string, Answer>();
  private readonly refs = new Map<string, { status: number; document?: unknown; problem?: unknown }>();
  private seq = { SO: 0, SH: 0, SI: 0, line: 200, shipmentLine: 700, invoiceLine: 900 };

  constructor(private readonly server: FakeServer) {}

  /** Stock into a warehouse, as receipts elsewhere would have brought it. */
  stockUp(warehouseCode: string, sku: string, qty: number, batch: { batchNo: string; expiryDate?: string } | null = null): void {
    const warehouseId = this.warehouseOf(warehouseCode)!.id;
    const itemId = this.itemOf(sku)!.id;
    const row = this.stock.find((s) => s.warehouseId === warehouseId && s.itemId === itemId && s.batchNo === (batch?.batchNo ?? null));
    if (row) row.qty = qty3(row.qty + qty);
    else this.stock.push({ warehouseId, itemId, batchNo: batch?.batchNo ?? null, expiryDate: batch?.expiryDate ?? null, qty });
  }

  /** An opening receivable of a customer, in base currency. */
  owe(customerCode: string, amount: number): void {
    const c = this.customerOf(customerCode)!;
    this.openings.set(c.id, money((this.openings.get(c.id) ?? 0) + amount));
  }

  /** An approved order straight into memory (stock reserved), as the orders part of the server would have it. */
  addApprovedOrder(customerCode: string, warehouseCode: string, lines: Array<{ sku: string; qty: number; unitPrice: number; taxRate?: number }>): FakeSalesOrder {
    const created = this.createOrder({ customerCode, warehouseCode, lines });
    if (created.status !== 201) throw new Error(`order refused: ${JSON.stringify(created.body)}`);
    const order = created.body as FakeSalesOrder;
    const approved = this.approve(order.id);
    if (approved.status !== 200) throw new Error(`approval refused: ${JSON.stringify(approved.body)}`);
    return order;
  }

  /** A shipment straight into memory. */
  ship(orderId: number, lines: Array<{ lineId: number; qty: number }>): ShipmentView {
    const answer = this.postShipment({ salesOrderId: orderId, lines });
    if (answer.status !== 201) throw new Error(`shipment refused: ${JSON.stringify(answer.body)}`);
    return answer.body as ShipmentView;
  }

  /** What the customer owes and has on order, as `GET /customers/:id/credit` counts it (base). */
  creditUse(customerId: number): { openReceivables: number; openOrders: number } {
    const receivables = this.invoices.filter((i) => i.customerId === customerId).reduce((n, i) => n + i.openAmount * i.rate, this.openings.get(customerId) ?? 0);
    const orders = [...this.orders.values()].filter((o) => o.customerId === customerId && ['approved', 'partial', 'done'].includes(o.status));
    const open = orders.reduce((n, o) => n + o.lines.reduce((m, l) => m + ((l.baseAmount + l.baseTax) * (l.qty - l.invoiced)) / l.qty, 0), 0);
    return { openReceivables: money(receivables), openOrders: money(open) };
  }

  answer(r: SeenRequest, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    const key = r.headers['idempotency-key'];
    if (key && r.method === 'POST' && this.keyed.has(key)) return this.keyed.get(key)!;
    const answer = this.route(`${r.method} ${r.path}`, r.body as Doc, query, list);
    if (answer && key && r.method === 'POST') this.keyed.set(key, answer);
    return answer;
  }

  private route(route: string, body: Doc, query: URLSearchParams, list: (data: unknown[]) => Answer): Answer | null {
    const id = (name: string) => (query.get(name) ? Number(query.get(name)) : null);
    if (route === 'GET /customers') return list(this.customers);
    if (route === 'GET /sales-orders/open-lines') return list(this.openLines(id('customerId'), id('warehouseId'), id('salesOrderId')));
    if (route === 'GET /shipments/uninvoiced') return list(this.uninvoiced(id('customerId')));
    const one = /^GET \/sales-orders\/(\d+)$/.exec(route);
    if (one) return this.orders.has(Number(one[1])) ? { status: 200, body: this.orders.get(Number(one[1])) } : problem(404, 'not-found', 'Not found');
    const approve = /^POST \/sales-orders\/(\d+)\/approve$/.exec(route);
    if (approve) return this.approve(Number(approve[1]));
    const batch = /^POST \/(sales-orders|shipments|sales-invoices)\/batch$/.exec(route);
    if (!batch) return null;
    this.server.duringBatch?.();
    const post = { 'sales-orders': this.createOrder, shipments: this.postShipment, 'sales-invoices': this.postInvoice }[batch[1] as 'sales-orders'];
    const results = (body.documents as unknown as Array<{ ref: string; document: Doc }>).map(({ ref, document }) => {
      if (!this.refs.has(ref)) {
        const answer = post.call(this, document);
        this.refs.set(ref, answer.status < 300 ? { status: answer.status, document: answer.body } : { status: answer.status, problem: answer.body });
      }
      return { ref, ...this.refs.get(ref)! };
    });
    return { status: 200, body: { results } };
  }

  private customerOf(code: unknown) {
    return this.customers.find((c) => c.code === code);
  }

  private warehouseOf(code: unknown) {
    return this.server.warehouses.find((w) => w.code === code);
  }

  private itemOf(sku: unknown) {
    return [...this.server.items.values()].find((i) => i.sku === sku);
  }

  private number(type: 'SO' | 'SH' | 'SI'): string {
    return `${type}-2026-${String(++this.seq[type]).padStart(6, '0')}`;
  }

  private onHand(warehouseId: number, itemId: number): number {
    return qty3(this.stock.filter((s) => s.warehouseId === warehouseId && s.itemId === itemId).reduce((n, s) => n + s.qty, 0));
  }

  /** On hand less what every order holds of the item in the warehouse. */
  private free(warehouseId: number, itemId: number): number {
    return qty3(this.onHand(warehouseId, itemId) - (this.held.get(`${warehouseId}|${itemId}`) ?? 0));
  }

  /** What an order line holds from now on; the warehouse's total held follows. */
  private hold(order: FakeSalesOrder, line: FakeSalesOrder['lines'][number], qty: number): void {
    const key = `${order.warehouseId}|${line.itemId}`;
    this.held.set(key, qty3((this.held.get(key) ?? 0) - (this.reserved.get(line.id) ?? 0) + qty));
    this.reserved.set(line.id, qty);
    line.reserved = qty;
  }

  private createOrder(doc: Doc): Answer {
    const c = this.customerOf(doc.customerCode);
    const warehouse = this.warehouseOf(doc.warehouseCode);
    const errors: LineError[] = [];
    if (!c || !c.active) errors.push({ path: 'customerCode', message: `unknown customer ${String(doc.customerCode)}` });
    if (!warehouse) errors.push({ path: 'warehouseCode', message: `unknown warehouse ${String(doc.warehouseCode)}` });
    (doc.lines ?? []).forEach((l, row) => {
      const item = this.itemOf(l.sku);
      if (!item) errors.push({ path: `lines[${row}].sku`, message: `unknown SKU ${String(l.sku)}`, row });
      else if (l.unitPrice === undefined && item.salePrice === null) errors.push({ path: `lines[${row}].unitPrice`, message: `${item.sku} has no sale price: enter a price`, row });
    });
    if (errors.length) return problem(422, 'validation.invalid', 'The order has errors', errors);
    const rate = this.rates[c!.currency] ?? 1;
    const lines = (doc.lines ?? []).map((l, line) => {
      const item = this.itemOf(l.sku)!;
      const qty = Number(l.qty);
      const unitPrice = Number(l.unitPrice ?? item.salePrice);
      const discount = Number(l.discount ?? 0);
      const taxRate = Number(l.taxRate ?? item.taxRate ?? 0);
      const amount = money(qty * unitPrice * (1 - discount));
      const tax = money(amount * taxRate);
      return { id: ++this.seq.line, line, itemId: item.id, sku: item.sku, name: item.name, qty, unitPrice, discount, taxRate, amount, tax, baseAmount: money(amount * rate), baseTax: money(tax * rate), reserved: 0, shipped: 0, returned: 0, invoiced: 0, toShip: qty, toInvoice: 0 };
    });
    const sum = (f: (l: (typeof lines)[number]) => number) => money(lines.reduce((n, l) => n + f(l), 0));
    const order: FakeSalesOrder = {
      id: this.orders.size + 1,
      number: this.number('SO'),
      status: 'draft',
      customerId: c!.id,
      customerCode: c!.code,
      warehouseId: warehouse!.id,
      warehouseCode: warehouse!.code,
      date: String(doc.date ?? TODAY),
      requestedDate: null,
      currency: c!.currency,
      rate,
      pricesIncludeTax: false,
      subtotal: sum((l) => l.amount),
      tax: sum((l) => l.tax),
      total: sum((l) => l.amount + l.tax),
      baseSubtotal: sum((l) => l.baseAmount),
      baseTax: sum((l) => l.baseTax),
      baseTotal: sum((l) => l.baseAmount + l.baseTax),
      note: null,
      salespersonId: null,
      approvedBy: null,
      approvedAt: null,
      creditOverrideBy: null,
      closedAt: null,
      version: 1,
      warnings: [],
      lines,
    };
    this.orders.set(order.id, order);
    return { status: 201, body: order };
  }

  /** As the server: every line reserved from free stock (all or none), then the credit check (limit ≥ open receivables + open orders + this order, in base). */
  private approve(id: number): Answer {
    const order = this.orders.get(id);
    if (!order) return problem(404, 'not-found', 'Not found');
    if (order.status !== 'draft') return problem(409, 'order.state', `${order.number} is ${order.status}, not a draft`);
    const short = this.shortLines(order);
    if (short.length) return problem(409, 'stock.insufficient', `Not enough stock to reserve ${short.length} line(s); nothing was approved.`, short);
    const c = this.customers.find((x) => x.id === order.customerId)!;
    if (c.creditLimit !== null) {
      const { openReceivables, openOrders } = this.creditUse(c.id);
      const used = money(openReceivables + openOrders);
      const over = money(used + order.baseTotal - c.creditLimit);
      if (over > 0) {
        const amounts = `limit ${text(c.creditLimit)}, used ${text(used)}, this order ${text(order.baseTotal)}`;
        return problem(409, 'credit.exceeded', `Customer ${c.code} is over its credit limit: ${amounts}, so ${text(over)} over. Nothing was approved.`, [{ path: 'creditLimit', message: `${amounts}: ${text(over)} over the limit` }]);
      }
    }
    for (const l of order.lines) this.hold(order, l, l.qty);
    order.status = 'approved';
    order.approvedAt = `${TODAY}T09:00:00Z`;
    return { status: 200, body: order };
  }

  /** The lines free stock cannot cover, each saying what it ordered, what is available and what is missing (lines of one item together). */
  private shortLines(order: FakeSalesOrder): LineError[] {
    const byItem = new Map<number, FakeSalesOrder['lines']>();
    for (const l of order.lines) byItem.set(l.itemId, [...(byItem.get(l.itemId) ?? []), l]);
    return [...byItem].flatMap(([itemId, lines]) => {
      const free = this.free(order.warehouseId, itemId);
      const total = qty3(lines.reduce((n, l) => n + l.qty, 0));
      if (total <= free) return [];
      const [sku, missing, available] = [lines[0]!.sku, qty3(total - free), Math.max(0, free)];
      const takes = lines.length === 1 ? `ordered ${total}` : `this order takes ${total} on its lines of it`;
      const message = `${sku}: ${takes}, only ${available} available (unexpired, not reserved): short by ${missing}`;
      return lines.map((l) => ({ path: `lines[${l.line}].qty`, row: l.line, code: 'stock.insufficient', message }));
    }).sort((a, b) => a.row - b.row);
  }

  private openLines(customerId: number | null, warehouseId: number | null, orderId: number | null): OpenSalesLineView[] {
    const orders = [...this.orders.values()].filter((o) => ['approved', 'partial', 'done'].includes(o.status) && (!customerId || o.customerId === customerId) && (!warehouseId || o.warehouseId === warehouseId) && (!orderId || o.id === orderId));
    return orders.flatMap((o) =>
      o.lines
        .filter((l) => l.qty - l.shipped + l.returned > 0)
        .map((l) => {
          const item = this.server.items.get(l.itemId)!;
          const remaining = qty3(l.qty - l.shipped + l.returned);
          const base = { salesOrderId: o.id, orderNumber: o.number, lineId: l.id, line: l.line, customerId: o.customerId, customerCode: o.customerCode, warehouseId: o.warehouseId, warehouseCode: o.warehouseCode };
          return { ...base, itemId: l.itemId, sku: l.sku, name: l.name, batchTracked: item.batchTracked, ordered: l.qty, shipped: l.shipped, remaining, reserved: this.reserved.get(l.id) ?? 0, available: this.free(o.warehouseId, l.itemId) };
        }),
    );
  }

  /** Takes stock of an item: from the batch named, else earliest expiry first. */
  private issue(warehouseId: number, itemId: number, qty: number, batchNo: string | null): Array<{ batchNo: string | null; expiryDate: string | null; qty: number }> {
    const rows = this.stock.filter((s) => s.warehouseId === warehouseId && s.itemId === itemId && s.qty > 0 && (batchNo === null || s.batchNo === batchNo)).sort((a, b) => (a.expiryDate ?? '9999').localeCompare(b.expiryDate ?? '9999'));
    const taken: Array<{ batchNo: string | null; expiryDate: string | null; qty: number }> = [];
    let left = qty;
    for (const row of rows) {
      const take = Math.min(left, row.qty);
      if (take <= 0) break;
      row.qty = qty3(row.qty - take);
      left = qty3(left - take);
      taken.push({ batchNo: row.batchNo, expiryDate: row.expiryDate, qty: take });
    }
    return taken;
  }

  private shipmentErrors(order: FakeSalesOrder, lines: Array<Record<string, unknown>>): Answer | null {
    const invalid: LineError[] = [];
    const refused: LineError[] = [];
    const asked = new Map<number, number>();
    lines.forEach((l, row) => {
      const line = order.lines.find((x) => x.id === l.lineId);
      if (!line) return invalid.push({ path: `lines[${row}].lineId`, message: `not a line of ${order.number}`, row });
      const item = this.server.items.get(line.itemId)!;
      if (l.batchNo && !item.batchTracked) return invalid.push({ path: `lines[${row}].batchNo`, message: `${item.sku} is not batch-tracked`, row });
      const open = qty3(line.qty - line.shipped + line.returned);
      const total = qty3((asked.get(line.id) ?? 0) + Number(l.qty));
      asked.set(line.id, total);
      if (total > open) return refused.push({ path: `lines[${row}].qty`, message: `order line ${line.line + 1}: ordered ${line.qty}, shipped ${line.shipped}, returned ${line.returned}; at most ${open} more can be shipped`, row, code: 'shipment.over-ship' });
      const inBatch = l.batchNo ? this.stock.filter((s) => s.warehouseId === order.warehouseId && s.itemId === item.id && s.batchNo === l.batchNo).reduce((n, s) => n + s.qty, 0) : Infinity;
      const canTake = Math.min(inBatch, (this.reserved.get(line.id) ?? 0) + this.free(order.warehouseId, item.id));
      if (Number(l.qty) > canTake) refused.push({ path: `lines[${row}].qty`, message: `${item.sku}${l.batchNo ? ` batch ${String(l.batchNo)}` : ''}: ${canTake} available, ${qty3(Number(l.qty) - canTake)} short`, row, code: 'stock.insufficient' });
    });
    if (invalid.length) return problem(422, 'validation.invalid', 'The shipment has errors', invalid);
    const overShip = refused.filter((e) => e.code === 'shipment.over-ship');
    if (overShip.length) return problem(409, 'shipment.over-ship', `${overShip.length} line(s) would ship more than is still to ship.`, overShip);
    if (refused.length) return problem(409, 'stock.insufficient', `Not enough stock for ${refused.length} line(s); nothing was posted.`, refused);
    return null;
  }

  private postShipment(doc: Doc): Answer {
    const order = this.orders.get(Number(doc.salesOrderId));
    if (!order) return problem(422, 'validation.invalid', 'Unknown order', [{ path: 'salesOrderId', message: `no sales order ${String(doc.salesOrderId)}` }]);
    if (order.status !== 'approved' && order.status !== 'partial') return problem(409, 'order.state', `${order.number} is ${order.status}: only approved orders ship`);
    const lines = doc.lines ?? [];
    const refused = this.shipmentErrors(order, lines);
    if (refused) return refused;
    const shipment: ShipmentView = { id: this.shipments.size + 1, number: this.number('SH'), status: 'posted', salesOrderId: order.id, salesOrderNumber: order.number, customerId: order.customerId, customerCode: order.customerCode, warehouseId: order.warehouseId, date: String(doc.date ?? TODAY), baseValue: 0, reversalOf: null, reversedBy: null, lines: [] };
    lines.forEach((l, row) => {
      const line = order.lines.find((x) => x.id === l.lineId)!;
      const qty = Number(l.qty);
      const unitCost = this.server.items.get(line.itemId)!.purchasePrice ?? 0;
      for (const taken of this.issue(order.warehouseId, line.itemId, qty, (l.batchNo as string | undefined) ?? null)) {
        const view: FakeShipmentLine = { id: ++this.seq.shipmentLine, line: row, lineId: line.id, itemId: line.itemId, sku: line.sku, ...taken, unitCost, value: money(taken.qty * unitCost), returned: 0, invoiced: 0, shipment, order };
        this.shipmentLines.set(view.id, view);
        const { shipment: _s, order: _o, ...plain } = view;
        shipment.lines.push(plain);
      }
      line.shipped = qty3(line.shipped + qty);
      line.toShip = qty3(line.qty - line.shipped + line.returned);
      line.toInvoice = qty3(line.shipped - line.returned - line.invoiced);
      this.hold(order, line, qty3(Math.max(0, (this.reserved.get(line.id) ?? 0) - qty)));
    });
    shipment.baseValue = money(shipment.lines.reduce((n, l) => n + l.value, 0));
    order.status = order.lines.every((l) => l.toShip <= 0) ? 'done' : 'partial';
    this.shipments.set(shipment.id, shipment);
    return { status: 201, body: shipment };
  }

  private uninvoiced(customerId: number | null): UninvoicedShipmentLineView[] {
    return [...this.shipmentLines.values()]
      .filter((l) => l.qty - l.returned - l.invoiced > 0 && (!customerId || l.order.customerId === customerId))
      .map((l) => {
        const line = l.order.lines.find((x) => x.id === l.lineId)!;
        const { shipment, order } = l;
        const names = { shipmentNumber: shipment.number, orderNumber: order.number, customerId: order.customerId, customerCode: order.customerCode, name: line.name };
        return { shipmentLineId: l.id, shipmentId: shipment.id, salesOrderLineId: line.id, salesOrderId: order.id, itemId: l.itemId, sku: l.sku, ...names, qty: qty3(l.qty - l.returned - l.invoiced), unitPrice: line.unitPrice, taxRate: line.taxRate, currency: order.currency, date: shipment.date };
      });
  }

  private invoiceErrors(c: FakeCustomer, lines: Array<Record<string, unknown>>): Answer | null {
    const invalid: LineError[] = [];
    const over: LineError[] = [];
    const asked = new Map<number, number>();
    const currency = this.shipmentLines.get(Number(lines[0]?.shipmentLineId))?.order.currency;
    lines.forEach((l, row) => {
      const s = this.shipmentLines.get(Number(l.shipmentLineId));
      if (!s) return invalid.push({ path: `lines[${row}].shipmentLineId`, message: `no line ${String(l.shipmentLineId)} of a posted shipment`, row });
      if (s.order.customerId !== c.id) return invalid.push({ path: `lines[${row}].shipmentLineId`, message: `order ${s.order.number} is another customer's`, row });
      if (s.order.currency !== currency) return invalid.push({ path: `lines[${row}].shipmentLineId`, message: `order ${s.order.number} is in ${s.order.currency}, the invoice in ${String(currency)}`, row });
      const open = qty3(s.qty - s.returned - s.invoiced);
      const total = qty3((asked.get(s.id) ?? 0) + Number(l.qty));
      asked.set(s.id, total);
      if (total > open) over.push({ path: `lines[${row}].qty`, message: `${total} asked, but only ${open} of ${s.sku} on ${s.shipment.number} is shipped and not yet invoiced`, row, code: 'sales-invoice.over-invoiced' });
    });
    if (invalid.length) return problem(422, 'validation.invalid', 'The invoice has errors', invalid);
    if (over.length) return problem(409, 'sales-invoice.over-invoiced', `${over.length} line(s) invoice more than was shipped and is not yet invoiced; nothing was posted.`, over);
    return null;
  }

  private postInvoice(doc: Doc): Answer {
    const c = this.customerOf(doc.customerCode);
    if (!c) return problem(422, 'validation.invalid', 'Unknown customer', [{ path: 'customerCode', message: `unknown customer ${String(doc.customerCode)}` }]);
    const lines = doc.lines ?? [];
    const refused = this.invoiceErrors(c, lines);
    if (refused) return refused;
    const first = this.shipmentLines.get(Number(lines[0]!.shipmentLineId))!.order;
    const views: SalesInvoiceLineView[] = lines.map((l, line) => {
      const s = this.shipmentLines.get(Number(l.shipmentLineId))!;
      const orderLine = s.order.lines.find((x) => x.id === s.lineId)!;
      const qty = Number(l.qty);
      const unitPrice = Number(l.unitPrice ?? orderLine.unitPrice);
      const taxRate = Number(l.taxRate ?? orderLine.taxRate);
      const amount = money(qty * unitPrice);
      const tax = money(amount * taxRate);
      s.invoiced = qty3(s.invoiced + qty);
      orderLine.invoiced = qty3(orderLine.invoiced + qty);
      orderLine.toInvoice = qty3(orderLine.shipped - orderLine.returned - orderLine.invoiced);
      return { id: ++this.seq.invoiceLine, line, salesOrderLineId: orderLine.id, shipmentLineId: s.id, itemId: s.itemId, sku: s.sku, qty, unitPrice, taxRate, amount, tax, baseAmount: money(amount * first.rate), baseTax: money(tax * first.rate), baseCost: money(qty * s.unitCost) };
    });
    const sum = (f: (l: SalesInvoiceLineView) => number) => money(views.reduce((n, l) => n + f(l), 0));
    const date = String(doc.date ?? TODAY);
    const total = sum((l) => l.amount + l.tax);
    const invoice: SalesInvoiceView = {
      id: this.invoices.length + 1,
      number: this.number('SI'),
      kind: 'invoice',
      customerId: c.id,
      customerCode: c.code,
      status: 'open',
      date,
      dueDate: String(doc.dueDate ?? addDays(date, c.paymentTermsDays ?? 0)),
      currency: first.currency,
      rate: first.rate,
      subtotal: sum((l) => l.amount),
      tax: sum((l) => l.tax),
      total,
      baseSubtotal: sum((l) => l.baseAmount),
      baseTax: sum((l) => l.baseTax),
      baseTotal: sum((l) => l.baseAmount + l.baseTax),
      baseCost: sum((l) => l.baseCost),
      openAmount: total,
      salespersonId: null,
      returnId: null,
      journalEntryId: null,
      lines: views,
    };
    this.invoices.push(invoice);
    for (const o of new Set(views.map((v) => this.shipmentLines.get(v.shipmentLineId!)!.order))) {
      if (o.status === 'done' && o.lines.every((l) => l.invoiced >= l.shipped - l.returned)) o.status = 'closed';
    }
    return { status: 201, body: invoice };
  }
}
