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

/** What an invoice billed of one shipment line: its invoice line (amounts positive, cents; qty ×1000) and the portion of it for that shipment line. */
interface InvoicePortion {
  invoiceLineId: number;
  currency: string;
  rate: number;
  unitPrice: number;
  taxRate: number;
  /** The whole invoice line. */
  lineQty: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  shipmentLineId: number;
  /** What of the invoice line this shipment line is, and the goods' cost it carried. */
  qty: number;
  cost: number;
}

type Amounts = { amount: number; tax: number; baseAmount: number; baseTax: number; baseCost: number };
const LINE_AMOUNTS = ['amount', 'tax', 'baseAmount', 'baseTax'] as const;

/** One credit note line: part of one invoice line's portion, its amounts positive here and written negative. */
interface CreditLine extends Amounts {
  portion: CreditedPortion;
  invoiced: InvoicePortion;
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

/** What credit notes already took: of each invoice line, and of each of its shipment lines. */
interface Credited {
  byLine: Map<number, number>;
  byPortion: Map<string, number>;
}
const portionKey = (p: InvoicePortion) => `${p.invoiceLineId}|${p.shipmentLineId}`;

/**
 * The credit notes for invoiced goods coming back: each credited quantity
 * is taken from what the invoices billed of its shipment line, latest
 * invoice first, past what earlier credit notes took of each, at the
 * invoice line's price and tax — each of its amounts credited in proportion
 * (line-share.ts), so crediting all of it credits exactly what was
 * invoiced, and the goods' cost likewise from the portion. One credit note
 * per currency and rate of the invoices credited (normally one), journaled
 * Dr revenue + output VAT / Cr receivable in base.
 */
export async function prepareCreditNotes(services: Services, portions: CreditedPortion[], entry: { date: string; memo: string; userId: number }, tx: Transaction): Promise<CreditNotePlan[]> {
  if (!portions.length) return [];
  const invoiced = await invoicePortionsOf(services, [...new Set(portions.map((p) => p.line.id))], tx);
  const credited = await creditedBefore(services, [...new Set([...invoiced.values()].flat().map((p) => p.invoiceLineId))], tx);
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
    const sum = (k: keyof Amounts) => lines.reduce((total, l) => total + l[k], 0);
    const totals = { amount: sum('amount'), tax: sum('tax'), baseAmount: sum('baseAmount'), baseTax: sum('baseTax'), baseCost: sum('baseCost') };
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

/** The credited quantity split over what the invoices billed of its shipment line, latest first; `credited` is advanced by what it takes. */
function creditLines(portion: CreditedPortion, invoiced: InvoicePortion[], credited: Credited): CreditLine[] {
  let need = portion.qty;
  const out: CreditLine[] = [];
  for (const p of invoiced) {
    if (need === 0) break;
    const before = { line: credited.byLine.get(p.invoiceLineId) ?? 0, portion: credited.byPortion.get(portionKey(p)) ?? 0 };
    const qty = Math.min(need, p.qty - before.portion);
    if (qty <= 0) continue;
    need -= qty;
    const share = (k: (typeof LINE_AMOUNTS)[number]) => shareOf({ qty: p.lineQty, amount: p[k] }, before.line, qty);
    out.push({ portion, invoiced: p, qty, amount: share('amount'), tax: share('tax'), baseAmount: share('baseAmount'), baseTax: share('baseTax'), baseCost: shareOf({ qty: p.qty, amount: p.cost }, before.portion, qty) });
    credited.byLine.set(p.invoiceLineId, before.line + qty);
    credited.byPortion.set(portionKey(p), before.portion + qty);
  }
  if (need > 0) throw new Error(`shipment line ${portion.line.id} counts ${portion.qty} more as invoiced than its invoices hold (${need} missing)`);
  return out;
}

async function invoicePortionsOf(services: Services, shipmentLineIds: number[], tx: Transaction): Promise<Map<number, InvoicePortion[]>> {
  const rows = await selectRows<Record<string, unknown>>(
    services.db,
    `SELECT l.id, l.qty AS line_qty, l.unit_price, l.tax_rate, l.amount, l.tax, l.base_amount, l.base_tax, i.currency, i.rate, p.shipment_line_id, p.qty, p.base_cost
       FROM sales_invoice_portions p
       JOIN sales_invoices i ON i.id = p.invoice_id
       JOIN sales_invoice_lines l ON l.invoice_id = p.invoice_id AND l.line = p.line
      WHERE i.kind = 'invoice' AND i.status <> 'cancelled' AND p.qty > 0 AND p.shipment_line_id IN (:shipmentLineIds)
      ORDER BY i.date DESC, i.id DESC, l.line DESC`,
    { shipmentLineIds },
    tx,
  );
  const out = new Map<number, InvoicePortion[]>();
  for (const r of rows) {
    const p: InvoicePortion = {
      invoiceLineId: Number(r.id),
      currency: String(r.currency),
      rate: Number(r.rate),
      unitPrice: Number(r.unit_price),
      taxRate: Number(r.tax_rate),
      lineQty: Number(r.line_qty),
      amount: Number(r.amount),
      tax: Number(r.tax),
      baseAmount: Number(r.base_amount),
      baseTax: Number(r.base_tax),
      shipmentLineId: Number(r.shipment_line_id),
      qty: Number(r.qty),
      cost: Number(r.base_cost),
    };
    out.set(p.shipmentLineId, [...(out.get(p.shipmentLineId) ?? []), p]);
  }
  return out;
}

async function creditedBefore(services: Services, invoiceLineIds: number[], tx: Transaction): Promise<Credited> {
  const credited: Credited = { byLine: new Map(), byPortion: new Map() };
  if (!invoiceLineIds.length) return credited;
  const rows = await selectRows<{ credits_line_id: number; shipment_line_id: number; qty: number }>(
    services.db,
    `SELECT c.credits_line_id, c.shipment_line_id, -SUM(c.qty) AS qty FROM sales_invoice_lines c JOIN sales_invoices n ON n.id = c.invoice_id
      WHERE n.kind = 'credit-note' AND n.status <> 'cancelled' AND c.credits_line_id IN (:invoiceLineIds) GROUP BY c.credits_line_id, c.shipment_line_id`,
    { invoiceLineIds },
    tx,
  );
  for (const r of rows) {
    const [line, qty] = [Number(r.credits_line_id), Number(r.qty)];
    credited.byLine.set(line, (credited.byLine.get(line) ?? 0) + qty);
    credited.byPortion.set(`${line}|${Number(r.shipment_line_id)}`, qty);
  }
  return credited;
}

/**
 * Writes the credit notes of a return: each a sales invoice of kind
 * `credit-note` numbered SI with negative amounts and lines (each naming the
 * invoice line it credits, with its negative portion of the shipment line),
 * its journal, and the customer's open item on the other side of their
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
    const e = (v: string) => db.sequelize.escape(v);
    const rows = plan.lines.map((l, k) => {
      const s = l.portion.line;
      return `(${note.id}, ${k}, ${s.orderLineId}, ${s.id}, ${l.invoiced.invoiceLineId}, ${s.itemId}, ${ret.customerId}, ${e(ret.date)}, ${-l.qty}, ${l.invoiced.unitPrice}, ${l.invoiced.taxRate}, ${-l.amount}, ${-l.tax}, ${-l.baseAmount}, ${-l.baseTax}, ${-l.baseCost})`;
    });
    const portions = plan.lines.map((l, k) => `(${note.id}, ${k}, ${l.portion.line.id}, ${-l.qty}, ${-l.baseCost})`);
    for (let i = 0; i < rows.length; i += 500) {
      await executeLiteral(
        db,
        `INSERT INTO sales_invoice_lines (invoice_id, line, order_line_id, shipment_line_id, credits_line_id, item_id, customer_id, date, qty, unit_price, tax_rate, amount, tax, base_amount, base_tax, base_cost) VALUES ${rows.slice(i, i + 500).join(',')}`,
        tx,
      );
      await executeLiteral(db, `INSERT INTO sales_invoice_portions (invoice_id, line, shipment_line_id, qty, base_cost) VALUES ${portions.slice(i, i + 500).join(',')}`, tx);
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
