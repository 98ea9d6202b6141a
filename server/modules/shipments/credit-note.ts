import type { Transaction } from 'sequelize';
import { executeLiteral, selectRows } from '../../db/sql';
import { insertNumbered } from '../../documents/numbering';
import type { JournalPlan } from '../../ledgers/general-ledger';
import type { Services } from '../../platform/services';
import { shareOf } from './line-share';
import type { ShipmentLineRow } from './shipment-store';

/** Returned goods that had been invoiced: `qty` of the shipment line is credited. */
export interface CreditedPortion {
  line: ShipmentLineRow;
  qty: number;
}

/** The amounts of an invoice line, signed as invoiced (positive); cents, qty ×1000. */
interface InvoiceLine {
  id: number;
  shipmentLineId: number;
  currency: string;
  rate: number;
  qty: number;
  unitPrice: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  baseCost: number;
}

type Amounts = Pick<InvoiceLine, 'amount' | 'tax' | 'baseAmount' | 'baseTax' | 'baseCost'>;
const AMOUNTS: ReadonlyArray<keyof Amounts> = ['amount', 'tax', 'baseAmount', 'baseTax', 'baseCost'];

/** One credit note line: part of one invoice line, its amounts positive here and written negative. */
interface CreditLine extends Amounts {
  portion: CreditedPortion;
  invoiceLine: InvoiceLine;
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
 * is taken from the invoice lines of its shipment line, latest first (the
 * quantities earlier credit notes credited are taken from them in the same
 * order), at their price and tax — each amount of an invoice line credited
 * in proportion, so crediting all of it credits exactly what was invoiced.
 * One credit note per currency and rate of the invoices credited (normally
 * one), journaled Dr revenue + output VAT / Cr receivable in base.
 */
export async function prepareCreditNotes(services: Services, portions: CreditedPortion[], entry: { date: string; memo: string; userId: number }, tx: Transaction): Promise<CreditNotePlan[]> {
  if (!portions.length) return [];
  const ids = [...new Set(portions.map((p) => p.line.id))];
  const invoiced = await invoiceLinesOf(services, ids, tx);
  const taken = await creditedBefore(services, ids, tx);
  const byTerms = new Map<string, CreditLine[]>();
  for (const portion of portions) {
    for (const line of creditLines(portion, invoiced.get(portion.line.id) ?? [], taken)) {
      const key = `${line.invoiceLine.currency}@${line.invoiceLine.rate}`;
      byTerms.set(key, [...(byTerms.get(key) ?? []), line]);
    }
  }
  const mapping = await services.generalLedger.mapping(tx);
  const plans: CreditNotePlan[] = [];
  for (const lines of byTerms.values()) {
    const { currency, rate } = lines[0]!.invoiceLine;
    const totals = Object.fromEntries(AMOUNTS.map((k) => [k, lines.reduce((sum, l) => sum + l[k], 0)])) as unknown as Amounts;
    const baseTotal = totals.baseAmount + totals.baseTax;
    const journal = await services.generalLedger.prepareJournal(
      {
        date: entry.date,
        memo: entry.memo,
        userId: entry.userId,
        lines: [
          { accountCode: mapping.revenue, debit: totals.baseAmount },
          { accountCode: mapping.outputVat, debit: totals.baseTax },
          { accountCode: mapping.receivable, credit: baseTotal, currency, amount: totals.amount + totals.tax, rate },
        ],
      },
      tx,
    );
    plans.push({ currency, rate, lines, totals, journal });
  }
  return plans;
}

/**
 * The credited quantity split over the shipment line's invoice lines, latest
 * first, past what earlier credit notes (and earlier rows of this return)
 * took from them; `taken` is advanced by what this portion takes.
 */
function creditLines(portion: CreditedPortion, invoiceLines: InvoiceLine[], taken: Map<number, number>): CreditLine[] {
  let skip = taken.get(portion.line.id) ?? 0;
  let need = portion.qty;
  const out: CreditLine[] = [];
  for (const invoiceLine of invoiceLines) {
    if (need === 0) break;
    const before = Math.min(skip, invoiceLine.qty);
    skip -= before;
    const qty = Math.min(need, invoiceLine.qty - before);
    if (qty === 0) continue;
    need -= qty;
    const amounts = Object.fromEntries(AMOUNTS.map((k) => [k, shareOf({ qty: invoiceLine.qty, amount: invoiceLine[k] }, before, qty)])) as unknown as Amounts;
    out.push({ portion, invoiceLine, qty, ...amounts });
  }
  if (need > 0) throw new Error(`shipment line ${portion.line.id} counts ${portion.qty} as invoiced but its invoice lines hold ${portion.qty - need}`);
  taken.set(portion.line.id, (taken.get(portion.line.id) ?? 0) + portion.qty);
  return out;
}

async function invoiceLinesOf(services: Services, shipmentLineIds: number[], tx: Transaction): Promise<Map<number, InvoiceLine[]>> {
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT l.id, l.shipment_line_id, l.qty, l.unit_price, l.tax_rate, l.amount, l.tax, l.base_amount, l.base_tax, l.base_cost, i.currency, i.rate
       FROM sales_invoice_lines l JOIN sales_invoices i ON i.id = l.invoice_id
      WHERE i.kind = 'invoice' AND i.status <> 'cancelled' AND l.qty > 0 AND l.shipment_line_id IN (:shipmentLineIds)
      ORDER BY i.date DESC, l.id DESC`,
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
      qty: Number(r.qty),
      unitPrice: Number(r.unit_price),
      taxRate: Number(r.tax_rate),
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

/** What credit notes already credited of each shipment line (positive qty). */
async function creditedBefore(services: Services, shipmentLineIds: number[], tx: Transaction): Promise<Map<number, number>> {
  const rows = await selectRows<{ shipment_line_id: number; qty: number }>(
    services.db,
    `SELECT l.shipment_line_id, -SUM(l.qty) AS qty FROM sales_invoice_lines l JOIN sales_invoices i ON i.id = l.invoice_id
      WHERE i.kind = 'credit-note' AND i.status <> 'cancelled' AND l.shipment_line_id IN (:shipmentLineIds) GROUP BY l.shipment_line_id`,
    { shipmentLineIds },
    tx,
  );
  return new Map(rows.map((r) => [Number(r.shipment_line_id), Number(r.qty)]));
}

/**
 * Writes the credit notes of a return: each a sales invoice of kind
 * `credit-note` numbered SI with negative amounts and lines, its journal,
 * and the customer's open item on the other side of their invoices.
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
    const e = (v: string) => db.sequelize.escape(v);
    const rows = plan.lines.map((l, k) => {
      const s = l.portion.line;
      return `(${note.id}, ${k + 1}, ${s.orderLineId}, ${s.id}, ${s.itemId}, ${ret.customerId}, ${e(ret.date)}, ${-l.qty}, ${l.invoiceLine.unitPrice}, ${l.invoiceLine.taxRate}, ${-l.amount}, ${-l.tax}, ${-l.baseAmount}, ${-l.baseTax}, ${-l.baseCost})`;
    });
    for (let i = 0; i < rows.length; i += 500) {
      await executeLiteral(
        db,
        `INSERT INTO sales_invoice_lines (invoice_id, line, order_line_id, shipment_line_id, item_id, customer_id, date, qty, unit_price, tax_rate, amount, tax, base_amount, base_tax, base_cost) VALUES ${rows.slice(i, i + 500).join(',')}`,
        tx,
      );
    }
    if (plan.journal) await services.generalLedger.applyJournal(plan.journal, { type: 'SI', id: note.id, number: note.number }, tx);
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
