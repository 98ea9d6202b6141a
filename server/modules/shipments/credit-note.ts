import type { Transaction } from 'sequelize';
import { executeLiteral, selectRows } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import type { JournalPlan } from '../../ledgers/general-ledger';
import type { Services } from '../../platform/services';
import { recordCustomerSales } from '../customers-admin/customer-sales-summary';
import { storeSalesInvoiceLines } from '../sales-invoices/invoice-store';
import { shareOf } from './line-share';
import type { ShipmentLineRow } from './shipment-store';

/** Returned goods that had been invoiced: `qty` of the shipment line is credited. */
export interface CreditedPortion {
  line: ShipmentLineRow;
  qty: number;
}

/** An invoice line: what an invoice billed of one shipment line, its amounts positive (cents; qty ×1000). */
interface InvoiceLine {
  id: number;
  shipmentLineId: number;
  currency: string;
  rate: number;
  unitPrice: number;
  taxRate: number;
  qty: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  baseCost: number;
}

const AMOUNTS = ['amount', 'tax', 'baseAmount', 'baseTax', 'baseCost'] as const;
type Amounts = Record<(typeof AMOUNTS)[number], number>;

/** One credit note line: part of one invoice line, its amounts positive here and written negative. */
interface CreditLine extends Amounts {
  portion: CreditedPortion;
  invoiced: InvoiceLine;
  qty: number;
}

/** A credit note checked and priced, waiting for its number. */
export interface CreditNotePlan {
  currency: string;
  rate: number;
  lines: CreditLine[];
  totals: Amounts;
  journal: JournalPlan | null;
}

/**
 * The credit notes for invoiced goods coming back: each credited quantity
 * is taken from the invoice lines of its shipment line, latest invoice
 * first, past what earlier credit notes took of each, at the invoice line's
 * price and tax — each of its amounts (and the goods' cost) credited in
 * proportion (line-share.ts), so crediting all of it credits exactly what
 * was invoiced. One credit note per currency and rate of the invoices
 * credited (normally one), journaled Dr revenue + output VAT / Cr
 * receivable in base.
 */
export async function prepareCreditNotes(services: Services, portions: CreditedPortion[], entry: { date: string; memo: string; userId: number }, tx: Transaction): Promise<CreditNotePlan[]> {
  if (!portions.length) return [];
  const invoiced = await invoiceLinesOf(services, [...new Set(portions.map((p) => p.line.id))], tx);
  const credited = await creditedBefore(services, [...invoiced.values()].flat().map((l) => l.id), tx);
  const byTerms = new Map<string, CreditLine[]>();
  for (const portion of portions) {
    for (const line of creditLines(portion, invoiced.get(portion.line.id) ?? [], credited)) {
      const key = `${line.invoiced.currency}@${line.invoiced.rate}`;
      byTerms.set(key, [...(byTerms.get(key) ?? []), line]);
    }
  }
  const mapping = await services.generalLedger.mapping(tx);
  const plans: CreditNotePlan[] = [];
  for (const lines of byTerms.values()) {
    const { currency, rate } = lines[0]!.invoiced;
    const totals = Object.fromEntries(AMOUNTS.map((k) => [k, lines.reduce((sum, l) => sum + l[k], 0)])) as Amounts;
    const journal = await services.generalLedger.prepareJournal(
      {
        date: entry.date,
        memo: entry.memo,
        userId: entry.userId,
        lines: [
          { accountCode: mapping.revenue, debit: totals.baseAmount },
          { accountCode: mapping.outputVat, debit: totals.baseTax },
          { accountCode: mapping.receivable, credit: totals.baseAmount + totals.baseTax, currency, amount: totals.amount + totals.tax, rate },
        ],
      },
      tx,
    );
    plans.push({ currency, rate, lines, totals, journal });
  }
  return plans;
}

/** The credited quantity split over its shipment line's invoice lines, latest first; `credited` (per invoice line) is advanced by what it takes. */
function creditLines(portion: CreditedPortion, invoiced: InvoiceLine[], credited: Map<number, number>): CreditLine[] {
  let need = portion.qty;
  const out: CreditLine[] = [];
  for (const line of invoiced) {
    if (need === 0) break;
    const before = credited.get(line.id) ?? 0;
    const qty = Math.min(need, line.qty - before);
    if (qty <= 0) continue;
    need -= qty;
    const amounts = Object.fromEntries(AMOUNTS.map((k) => [k, shareOf({ qty: line.qty, amount: line[k] }, before, qty)])) as Amounts;
    out.push({ portion, invoiced: line, qty, ...amounts });
    credited.set(line.id, before + qty);
  }
  if (need > 0) throw new Error(`shipment line ${portion.line.id} counts ${portion.qty} more as invoiced than its invoices hold (${need} missing)`);
  return out;
}

async function invoiceLinesOf(services: Services, shipmentLineIds: number[], tx: Transaction): Promise<Map<number, InvoiceLine[]>> {
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT l.*, i.currency, i.rate FROM sales_invoice_lines l JOIN sales_invoices i ON i.id = l.invoice_id
      WHERE i.kind = 'invoice' AND i.status <> 'cancelled' AND l.qty > 0 AND l.shipment_line_id IN (:shipmentLineIds)
      ORDER BY i.date DESC, i.id DESC, l.line DESC`,
    { shipmentLineIds },
    tx,
  );
  const out = new Map<number, InvoiceLine[]>();
  for (const r of rows) {
    const line: InvoiceLine = {
      id: Number(r.id),
      shipmentLineId: Number(r.shipment_line_id),
      currency: String(r.currency),
      rate: Number(r.rate),
      unitPrice: Number(r.unit_price),
      taxRate: Number(r.tax_rate),
      qty: Number(r.qty),
      amount: Number(r.amount),
      tax: Number(r.tax),
      baseAmount: Number(r.base_amount),
      baseTax: Number(r.base_tax),
      baseCost: Number(r.base_cost),
    };
    out.set(line.shipmentLineId, [...(out.get(line.shipmentLineId) ?? []), line]);
  }
  return out;
}

/** What credit notes already credited of each invoice line (positive qty). */
async function creditedBefore(services: Services, invoiceLineIds: number[], tx: Transaction): Promise<Map<number, number>> {
  if (!invoiceLineIds.length) return new Map();
  const rows = await selectRows<{ credits_line_id: number; qty: number }>(
    services.db,
    `SELECT c.credits_line_id, -SUM(c.qty) AS qty FROM sales_invoice_lines c JOIN sales_invoices n ON n.id = c.invoice_id
      WHERE n.kind = 'credit-note' AND n.status <> 'cancelled' AND c.credits_line_id IN (:invoiceLineIds) GROUP BY c.credits_line_id`,
    { invoiceLineIds },
    tx,
  );
  return new Map(rows.map((r) => [Number(r.credits_line_id), Number(r.qty)]));
}

/**
 * Writes the credit notes of a return: each a sales invoice of kind
 * `credit-note` numbered SI with negative amounts and lines (each naming the
 * invoice line it credits), its journal, and the customer's open item on the other side of their
 * invoices.
 */
export async function insertCreditNotes(
  services: Services,
  ret: { id: number; number: string; date: string; customerId: number; salespersonId: number | null; userId: number },
  plans: CreditNotePlan[],
  tx: Transaction,
): Promise<Array<{ id: number; number: string }>> {
  const { db } = services;
  const notes: Array<{ id: number; number: string }> = [];
  for (const plan of plans) {
    const t = plan.totals;
    const total = t.amount + t.tax;
    const baseTotal = t.baseAmount + t.baseTax;
    const note = await insertNumbered(db, tx, 'sales_invoices', 'SI', ret.date, {
      kind: 'credit-note',
      customer_id: ret.customerId,
      status: 'open',
      date: ret.date,
      due_date: ret.date,
      currency: plan.currency,
      rate: plan.rate,
      subtotal: -t.amount,
      tax: -t.tax,
      total: -total,
      base_subtotal: -t.baseAmount,
      base_tax: -t.baseTax,
      base_total: -baseTotal,
      base_cost: -t.baseCost,
      salesperson_id: ret.salespersonId,
      return_id: ret.id,
      user_id: ret.userId,
      created_at: services.calendar.now(),
    });
    const lines = plan.lines.map((l, k) => ({
      line: k,
      orderLineId: l.portion.line.orderLineId,
      shipmentLineId: l.portion.line.id,
      itemId: l.portion.line.itemId,
      qty: -l.qty,
      unitPrice: l.invoiced.unitPrice,
      taxRate: l.invoiced.taxRate,
      amount: -l.amount,
      tax: -l.tax,
      baseAmount: -l.baseAmount,
      baseTax: -l.baseTax,
      baseCost: -l.baseCost,
    }));
    await storeSalesInvoiceLines(db, { id: note.id, customerId: ret.customerId, date: ret.date }, lines, tx);
    // Each credit line names the invoice line it credits: what the next credit note of that line takes follows from it.
    const credits = plan.lines.map((l, k) => `WHEN ${k} THEN ${l.invoiced.id}`).join(' ');
    await executeLiteral(db, `UPDATE sales_invoice_lines SET credits_line_id = CASE line ${credits} END WHERE invoice_id = ${note.id}`, tx);
    if (plan.journal) await services.generalLedger.applyJournal(plan.journal, { type: 'SI', id: note.id, number: note.number }, tx);
    await recordCustomerSales(db, note.id, 1, tx);
    if (total > 0) {
      await services.openItems.openItem(
        { partnerType: 'customer', partnerId: ret.customerId, kind: 'credit-note', document: { type: 'SI', id: note.id, number: note.number }, date: ret.date, currency: plan.currency, rate: plan.rate, amount: total, baseAmount: baseTotal },
        tx,
      );
    }
    notes.push(note);
  }
  return notes;
}
