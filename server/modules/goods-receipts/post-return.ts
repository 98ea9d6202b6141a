import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { ReturnRequest, ReturnView } from '../../../contract/goods-receipts';
import { execute, insertRow, selectOne, selectRows } from '../../db/sql';
import { documentAmounts } from '../../documents/amounts';
import { insertNumbered } from '../../documents/numbering';
import { assertAllowed, ORDER_STATUS } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { conflict, FieldIssue, fieldError, invalid, notFound } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { refreshOrderStatus } from '../purchase-orders/order-progress';
import { releasedValue } from './receipt-value';
import { findReceipt, lockOrder, lockOrderLines, ReceiptLineRow, ReceiptRow, receiptLines } from './receipt-store';

/** One return line resolved: its receipt line, how much of it was not yet invoiced and how much was. */
interface Portion {
  i: number;
  line: ReceiptLineRow;
  qty: number;
  uninvoiced: number;
  invoiced: number;
  /** Before this line (earlier lines of the request may return from the same receipt line): kept (qty − returned) and not yet invoiced of it. */
  keptBefore: number;
  openBefore: number;
}

interface InvoicePrice {
  invoiceId: number;
  currency: string;
  rate: number;
  unitPrice: number;
  orderPrice: number;
  taxRate: number;
}

/**
 * Posts a purchase return (DESIGN §4 "Returns"): the goods leave at their
 * receipt's unit cost, bounded by what the balance holds. What was not yet
 * invoiced releases received-not-invoiced (Dr 2202.99 / Cr 1405); what was
 * invoiced raises a debit note for its invoiced amount and tax (Dr 2202.01 /
 * Cr 1405 + 2221.01), and the difference between what the supplier credits
 * and the stock value taken goes to price variance.
 */
export async function postReturn(services: Services, actor: Actor, input: ReturnRequest, tx: Transaction): Promise<ReturnView> {
  const { db } = services;
  const date = services.calendar.documentDate(input.date);
  const unlocked = await findReceipt(db, input.receiptId, tx);
  assertWarehouseInScope(actor, unlocked.warehouseId);
  const order = await lockOrder(db, unlocked.orderId, tx);
  const receipt = await findReceipt(db, input.receiptId, tx, true);
  if (receipt.status !== 'posted' || receipt.reversalOf !== null) throw conflict(msg('return.receipt-cancelled', { number: receipt.number }), [fieldError(['receiptId'], msg('return.receipt-cancelled', { number: receipt.number }))]);
  await assertSupplier(services, input, receipt, tx);
  assertAllowed(ORDER_STATUS, order.status, 'return');
  await lockOrderLines(db, order.id, tx);
  const portions = splitByInvoiced(receipt, (await receiptLines(db, [receipt.id], tx)).get(receipt.id)!, input.lines);

  const plan = await services.stockLedger.prepare(
    portions.map((p) => ({
      line: p.i,
      itemId: p.line.itemId,
      warehouseId: receipt.warehouseId,
      batchNo: p.line.batchNo || null,
      qty: -p.qty,
      // What is still kept of the line at receipt cost, less what stays: the whole remainder takes the whole remaining value.
      value: -releasedValue(p.keptBefore, p.keptBefore - p.qty, p.line.unitCost),
    })),
    date,
    tx,
  );
  const stockValue = -plan.moves.reduce((sum, m) => sum + m.value, 0);
  const grni = portions.reduce((sum, p) => sum + releasedValue(p.openBefore, p.openBefore - p.uninvoiced, p.line.unitCost), 0);
  const invoicedPortions = portions.filter((p) => p.invoiced > 0);
  const prices = await invoicePrices(services, invoicedPortions, tx);
  const note = invoicedPortions.length ? debitNoteAmounts(invoicedPortions, prices) : null;

  const mapping = await services.generalLedger.mapping(tx);
  const credited = grni + (note?.amounts.baseTotal ?? 0);
  const taken = stockValue + (note?.amounts.baseTax ?? 0);
  const variance = credited - taken;
  const journal = await services.generalLedger.prepareJournal(
    {
      date,
      memo: input.reason ?? receipt.number,
      userId: actor.id,
      lines: [
        { accountCode: mapping.grni, debit: grni },
        note ? { accountCode: mapping.payable, debit: note.amounts.baseTotal, currency: note.currency, amount: note.amounts.total, rate: note.rate } : { accountCode: mapping.payable },
        { accountCode: mapping.inventory, credit: stockValue },
        { accountCode: mapping.inputVat, credit: note?.amounts.baseTax ?? 0 },
        variance >= 0 ? { accountCode: mapping.priceVariance, credit: variance } : { accountCode: mapping.priceVariance, debit: -variance },
      ],
    },
    tx,
  );

  const { id, number } = await insertNumbered(db, tx, 'purchase_returns', 'PRT', date, {
    supplier_id: receipt.supplierId,
    receipt_id: receipt.id,
    warehouse_id: receipt.warehouseId,
    date,
    reason: input.reason ?? null,
    base_value: stockValue,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  const posted = await services.stockLedger.apply(plan, { docType: 'PRT', docId: id, docNumber: number, date, userId: actor.id }, tx);
  const debitNoteId = note ? await insertDebitNote(services, actor, { id, number, date, supplierId: receipt.supplierId }, invoicedPortions, prices, note, tx) : null;
  if (journal) await services.generalLedger.applyJournal(journal, { type: 'PRT', id, number }, tx);

  const valueOf = new Map(posted.moves.map((m) => [m.line, m]));
  for (const p of portions) {
    const m = valueOf.get(p.i)!;
    await insertRow(
      db,
      'purchase_return_lines',
      { return_id: id, line: p.i + 1, receipt_line_id: p.line.id, order_line_id: p.line.orderLineId, item_id: p.line.itemId, batch_no: p.line.batchNo, qty: p.qty, unit_cost: p.line.unitCost, value: -m.value },
      tx,
    );
    const change = { qty: p.qty, invoiced: p.invoiced };
    await execute(db, 'UPDATE goods_receipt_lines SET returned = returned + :qty, invoiced = invoiced - :invoiced WHERE id = :id', { ...change, id: p.line.id }, tx);
    await execute(db, 'UPDATE purchase_order_lines SET returned = returned + :qty, invoiced = invoiced - :invoiced WHERE id = :id', { ...change, id: p.line.orderLineId }, tx);
  }
  if (debitNoteId !== null) await execute(db, 'UPDATE purchase_returns SET debit_note_id = :debitNoteId WHERE id = :id', { debitNoteId, id }, tx);
  await refreshOrderStatus(db, order.id, tx);
  return getReturn(services, actor, id, tx);
}

async function assertSupplier(services: Services, input: ReturnRequest, receipt: ReceiptRow, tx: Transaction): Promise<void> {
  if (input.supplierId === undefined && input.supplierCode === undefined) return;
  const found = await selectOne<{ id: number; code: string }>(services.db, 'SELECT id, code FROM suppliers WHERE id = :id', { id: receipt.supplierId }, tx);
  const field = input.supplierId !== undefined ? 'supplierId' : 'supplierCode';
  const same = input.supplierId !== undefined ? Number(found?.id) === input.supplierId : found?.code === input.supplierCode;
  if (!same) throw invalid(msg('return.supplier-mismatch:field', { number: receipt.number }), [fieldError([field], msg('return.supplier-mismatch:field', { number: receipt.number }))]);
}

/**
 * Each request line's receipt line, and its quantity split: first from what
 * is not yet invoiced (qty − returned − invoiced), the rest from what was.
 */
function splitByInvoiced(receipt: ReceiptRow, lines: ReceiptLineRow[], request: ReturnRequest['lines']): Portion[] {
  const errors: FieldIssue[] = [];
  const found = request.map((r, i) => {
    if (r.receiptLineId !== undefined) {
      const line = lines.find((l) => l.id === r.receiptLineId);
      if (!line) errors.push(fieldError(['lines', i, 'receiptLineId'], msg('return.line-unknown:field', { number: receipt.number })));
      return line;
    }
    if (r.itemId === undefined && r.sku === undefined) {
      errors.push(fieldError(['lines', i, 'receiptLineId'], msg('return.line-required:field')));
      return undefined;
    }
    const ref = (r.itemId ?? r.sku)!;
    const candidates = lines.filter((l) => (r.itemId !== undefined ? l.itemId === r.itemId : l.sku === r.sku) && (r.batchNo === undefined || l.batchNo === r.batchNo));
    if (!candidates.length) errors.push(fieldError(['lines', i, r.itemId !== undefined ? 'itemId' : 'sku'], msg('return.item-not-on-receipt:field', { ref, number: receipt.number })));
    else if (candidates.length > 1) errors.push(fieldError(['lines', i, 'receiptLineId'], msg('return.item-ambiguous:field', { ref, number: receipt.number })));
    return candidates.length === 1 ? candidates[0] : undefined;
  });
  if (errors.length) throw invalid(msg('return.lines-invalid', { count: errors.length, number: receipt.number }), errors);

  // Lines naming the same receipt line share what is left of it, in request order.
  const left = new Map(lines.map((l) => [l.id, { kept: l.qty - l.returned, open: l.qty - l.returned - l.invoiced }]));
  const portions = request.map((r, i): Portion => {
    const line = found[i]!;
    const qty = toScaled(r.qty, 'qty');
    const state = left.get(line.id)!;
    if (qty > state.kept) {
      const q = (v: number) => fromScaled(v, 'qty');
      errors.push(fieldError(['lines', i, 'qty'], msg('return.too-much:field', { received: q(line.qty), returned: q(line.qty - state.kept), open: q(Math.max(0, state.kept)) })));
    }
    const before = { keptBefore: state.kept, openBefore: state.open };
    const uninvoiced = Math.max(0, Math.min(qty, state.open));
    state.kept -= qty;
    state.open -= uninvoiced;
    return { i, line, qty, uninvoiced, invoiced: qty - uninvoiced, ...before };
  });
  if (errors.length) throw conflict(msg('return.too-much', { count: errors.length }), errors);
  return portions;
}

/** The price each invoiced portion was invoiced at: its receipt line's latest invoice line, else its order line's. */
async function invoicePrices(services: Services, portions: Portion[], tx: Transaction): Promise<Map<number, InvoicePrice>> {
  const prices = new Map<number, InvoicePrice>();
  for (const p of portions) {
    const row = await selectOne<Record<string, unknown>>(
      services.db,
      `SELECT l.invoice_id, l.unit_price, l.order_price, l.tax_rate, i.currency, i.rate
         FROM purchase_invoice_lines l JOIN purchase_invoices i ON i.id = l.invoice_id
        WHERE i.kind = 'invoice' AND i.status <> 'cancelled' AND l.qty > 0
          AND (l.receipt_line_id = :receiptLineId OR (l.receipt_line_id IS NULL AND l.order_line_id = :orderLineId))
        ORDER BY CASE WHEN l.receipt_line_id = :receiptLineId THEN 0 ELSE 1 END, l.id DESC`,
      { receiptLineId: p.line.id, orderLineId: p.line.orderLineId },
      tx,
    );
    if (!row) throw new Error(`receipt line ${p.line.id} counts as invoiced but no invoice line matches it`);
    prices.set(p.i, {
      invoiceId: Number(row.invoice_id),
      currency: String(row.currency),
      rate: Number(row.rate),
      unitPrice: Number(row.unit_price),
      orderPrice: Number(row.order_price),
      taxRate: Number(row.tax_rate),
    });
  }
  return prices;
}

/** One debit note per return, in the invoices' currency at their rate: returned goods invoiced on different terms are returned separately. */
function debitNoteAmounts(portions: Portion[], prices: Map<number, InvoicePrice>) {
  const terms = [...new Set([...prices.values()].map((p) => `${p.currency}@${p.rate}`))];
  if (terms.length > 1) throw conflict(msg('return.mixed-invoices'));
  const first = prices.get(portions[0]!.i)!;
  const amounts = documentAmounts(
    portions.map((p) => ({ qty: p.invoiced, unitPrice: prices.get(p.i)!.unitPrice, taxRate: prices.get(p.i)!.taxRate })),
    { pricesIncludeTax: false, rate: first.rate },
  );
  return { currency: first.currency, rate: first.rate, amounts };
}

/** The debit note: a purchase invoice of kind `debit-note` with negative amounts, and the supplier's open item on the other side. */
async function insertDebitNote(
  services: Services,
  actor: Actor,
  ret: { id: number; number: string; date: string; supplierId: number },
  portions: Portion[],
  prices: Map<number, InvoicePrice>,
  note: ReturnType<typeof debitNoteAmounts>,
  tx: Transaction,
): Promise<number> {
  const { db } = services;
  const a = note.amounts;
  const { id, number } = await insertNumbered(db, tx, 'purchase_invoices', 'PI', ret.date, {
    kind: 'debit-note',
    supplier_id: ret.supplierId,
    supplier_invoice_no: null,
    status: 'open',
    date: ret.date,
    due_date: ret.date,
    currency: note.currency,
    rate: note.rate,
    subtotal: -a.subtotal,
    tax: -a.tax,
    total: -a.total,
    base_subtotal: -a.baseSubtotal,
    base_tax: -a.baseTax,
    base_total: -a.baseTotal,
    variance_base: 0,
    return_id: ret.id,
    user_id: actor.id,
    created_at: services.calendar.now(),
  });
  for (const [k, p] of portions.entries()) {
    const price = prices.get(p.i)!;
    const l = a.lines[k]!;
    await insertRow(
      db,
      'purchase_invoice_lines',
      {
        invoice_id: id,
        line: k + 1,
        order_line_id: p.line.orderLineId,
        receipt_line_id: p.line.id,
        item_id: p.line.itemId,
        qty: -p.invoiced,
        unit_price: price.unitPrice,
        order_price: price.orderPrice,
        tax_rate: price.taxRate,
        amount: -l.amount,
        tax: -l.tax,
        base_amount: -l.baseAmount,
        base_tax: -l.baseTax,
        base_receipt_value: 0,
        variance_base: 0,
      },
      tx,
    );
  }
  if (a.total > 0) {
    await services.openItems.openItem(
      { partnerType: 'supplier', partnerId: ret.supplierId, kind: 'debit-note', document: { type: 'PI', id, number }, date: ret.date, currency: note.currency, rate: note.rate, amount: a.total, baseAmount: a.baseTotal },
      tx,
    );
  }
  return id;
}

/** A return with its lines. */
export async function getReturn(services: Services, actor: Actor, id: number, tx?: Transaction): Promise<ReturnView> {
  const r = await selectOne<Record<string, unknown>>(services.db, 'SELECT * FROM purchase_returns WHERE id = :id', { id }, tx);
  if (!r) throw notFound(msg('entity.purchase-return', { id }));
  assertWarehouseInScope(actor, Number(r.warehouse_id));
  const lines = await selectRows<Record<string, unknown>>(
    services.db,
    'SELECT l.*, i.sku FROM purchase_return_lines l JOIN items i ON i.id = l.item_id WHERE l.return_id = :id ORDER BY l.line',
    { id },
    tx,
  );
  return {
    id: Number(r.id),
    number: String(r.number),
    supplierId: Number(r.supplier_id),
    receiptId: Number(r.receipt_id),
    warehouseId: Number(r.warehouse_id),
    date: String(r.date),
    reason: (r.reason as string | null) ?? null,
    baseValue: fromScaled(Number(r.base_value), 'money'),
    debitNoteId: r.debit_note_id == null ? null : Number(r.debit_note_id),
    lines: lines.map((l) => ({ ...returnLineView(l), receiptLineId: Number(l.receipt_line_id) })),
  };
}

/** A return line's row (with its item's sku) as the API shows it; purchase and sales returns each add the line it comes from. */
export function returnLineView(l: Record<string, unknown>) {
  return {
    id: Number(l.id),
    line: Number(l.line),
    lineId: Number(l.order_line_id),
    itemId: Number(l.item_id),
    sku: String(l.sku),
    batchNo: (l.batch_no as string) || null,
    qty: fromScaled(Number(l.qty), 'qty'),
    unitCost: fromScaled(Number(l.unit_cost), 'price'),
    value: fromScaled(Number(l.value), 'money'),
  };
}
