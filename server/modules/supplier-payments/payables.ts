import type { Transaction } from 'sequelize';
import { fromScaled } from '../../../contract/decimals';
import type { AgeingBuckets, AgeingQuery, PayablesAgeingView, PayablesQuery, PayableView } from '../../../contract/supplier-payments';
import { selectRows } from '../../db/sql';
import { AGE_BUCKETS, daysBetween } from '../../ledgers/allocation-math';
import type { Services } from '../../platform/services';
import { PartnerSide, SUPPLIERS } from './partner-sides';

const cents = (n: number | string | null) => fromScaled(Number(n ?? 0), 'money');
const DAY_MS = 86_400_000;
const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/**
 * One side's open items dated on or before `asOf`, each with what it still
 * had open that day (signed: invoices positive, notes, payments and receipts
 * negative), as one set-based query. Allocations are never dated after
 * today, so as of today (or later) the open columns are the answer; for an
 * earlier day the allocations in force then are taken back out.
 */
export function openItemsAsOf(side: PartnerSide, asOf: string, today: string, filter: { partnerId?: number }): { sql: string; replacements: Record<string, unknown> } {
  const byPartner = filter.partnerId === undefined ? '' : ' AND o.partner_id = :partnerId';
  const replacements = { asOf, partnerType: side.partnerType, partnerId: filter.partnerId };
  const columns = 'o.id, o.partner_id, o.kind, o.doc_type, o.doc_id, o.doc_number, o.date, o.due_date, o.currency, o.amount';
  if (asOf >= today) {
    return { sql: `SELECT ${columns}, o.open_amount, o.open_base FROM open_items o WHERE o.partner_type = :partnerType AND o.date <= :asOf${byPartner}`, replacements };
  }
  const inForce = 'a.date <= :asOf AND (a.reversed_on IS NULL OR a.reversed_on > :asOf)';
  return {
    sql: `SELECT ${columns},
                 o.amount - COALESCE(ai.amount, 0) + COALESCE(ap.amount, 0) AS open_amount,
                 o.base_amount - COALESCE(ai.base, 0) + COALESCE(ap.base, 0) AS open_base
            FROM open_items o
            LEFT JOIN (SELECT a.invoice_item_id AS item_id, SUM(a.amount) AS amount, SUM(a.invoice_base) AS base
                         FROM open_item_allocations a WHERE ${inForce} GROUP BY a.invoice_item_id) ai ON ai.item_id = o.id
            LEFT JOIN (SELECT a.payment_item_id AS item_id, SUM(a.amount) AS amount, SUM(a.payment_base) AS base
                         FROM open_item_allocations a WHERE ${inForce} GROUP BY a.payment_item_id) ap ON ap.item_id = o.id
           WHERE o.partner_type = :partnerType AND o.date <= :asOf${byPartner}`,
    replacements,
  };
}

interface OpenItemRow {
  id: number;
  partner_id: number;
  kind: string;
  doc_type: string;
  doc_id: number;
  doc_number: string;
  date: string;
  due_date: string;
  currency: string;
  amount: number | string;
  open_amount: number | string;
  open_base: number | string;
  partner_code: string;
}

/** A payable or receivable, its partner not yet named as a supplier or a customer. */
export type OpenItemLine = Omit<PayableView, 'kind' | 'supplierInvoiceNo' | 'supplierId' | 'supplierCode'> & { kind: string; partnerId: number; partnerCode: string };

export interface OpenItemsQuery {
  partnerId?: number;
  asOf?: string;
  status: 'open' | 'all';
  limit: number;
  offset: number;
}

/**
 * GET /payables, /receivables: one row per invoice, note and payment
 * (receipt), oldest first; by default only what is open. `view` names the
 * partner as the side does; `extra` joins what one side shows more (a
 * supplier's own invoice number) onto the row `x`.
 */
export async function listOpenItems<View, Extra extends object = object>(
  services: Services,
  side: PartnerSide,
  query: OpenItemsQuery,
  view: (line: OpenItemLine, extra: Extra) => View,
  extra: { columns: string; join: string } | null = null,
  tx?: Transaction,
): Promise<{ asOf: string; data: View[]; total: number }> {
  const today = services.calendar.today();
  const asOf = query.asOf ?? today;
  const items = openItemsAsOf(side, asOf, today, query);
  const where = query.status === 'open' ? 'WHERE x.open_amount <> 0' : '';
  const from = `FROM (${items.sql}) x JOIN ${side.partners} s ON s.id = x.partner_id ${extra?.join ?? ''} ${where}`;
  const replacements = { ...items.replacements, limit: query.limit, offset: query.offset };
  const rows = await selectRows<OpenItemRow & Extra>(
    services.db,
    `SELECT x.*, s.code AS partner_code${extra ? `, ${extra.columns}` : ''} ${from} ORDER BY x.date, x.id LIMIT :limit OFFSET :offset`,
    replacements,
    tx,
  );
  const [count] = await selectRows<{ n: number | string }>(services.db, `SELECT COUNT(*) AS n ${from}`, replacements, tx);
  const data = rows.map((r) => {
    const overdue = r.kind === 'invoice' && Number(r.open_amount) !== 0 ? daysBetween(r.due_date, asOf) : 0;
    const line: OpenItemLine = {
      id: Number(r.doc_id),
      docType: r.doc_type,
      kind: r.kind,
      number: r.doc_number,
      partnerId: Number(r.partner_id),
      partnerCode: r.partner_code,
      date: r.date,
      dueDate: r.due_date,
      currency: r.currency,
      total: cents(r.amount),
      openAmount: cents(r.open_amount),
      baseOpenAmount: cents(r.open_base),
      daysOverdue: Math.max(overdue, 0),
    };
    return view(line, r);
  });
  return { asOf, data, total: Number(count!.n) };
}

export async function listPayables(services: Services, query: PayablesQuery, tx?: Transaction): Promise<{ asOf: string; data: PayableView[]; total: number }> {
  const supplierInvoiceNo = { columns: 'pi.supplier_invoice_no', join: "LEFT JOIN purchase_invoices pi ON x.doc_type = 'PI' AND pi.id = x.doc_id" };
  const view = ({ partnerId, partnerCode, kind, ...line }: OpenItemLine, extra: { supplier_invoice_no: string | null }): PayableView => ({
    ...line,
    kind: kind as PayableView['kind'],
    supplierInvoiceNo: extra.supplier_invoice_no ?? null,
    supplierId: partnerId,
    supplierCode: partnerCode,
  });
  return listOpenItems(services, SUPPLIERS, { ...query, partnerId: query.supplierId }, view, supplierInvoiceNo, tx);
}

export interface PartnerAgeingRow extends AgeingBuckets {
  partnerId: number;
  code: string;
  name: string;
}

/**
 * GET /payables/ageing, /receivables/ageing, set-based: each item's age date
 * (its date, or an invoice's due date on the due basis) is compared with the
 * buckets' first days, so the database sums every bucket per partner in one
 * pass. Age = asOf − age date: not due when aged by due date and age ≤ 0,
 * then ≤ 30, ≤ 60, ≤ 90, over 90 (as server/ledgers/allocation-math.ts `ageBucket`).
 */
export async function partnersAgeing(
  services: Services,
  side: PartnerSide,
  query: Omit<AgeingQuery, 'supplierId'> & { partnerId?: number },
  tx?: Transaction,
): Promise<{ asOf: string; basis: AgeingQuery['basis']; data: PartnerAgeingRow[]; totals: AgeingBuckets }> {
  const today = services.calendar.today();
  const asOf = query.asOf ?? today;
  const byDue = query.basis === 'due';
  const items = openItemsAsOf(side, asOf, today, query);
  const ageDate = byDue ? "CASE WHEN x.kind = 'invoice' THEN x.due_date ELSE x.date END" : 'x.date';
  const bucket = `CASE ${byDue ? "WHEN x.kind = 'invoice' AND x.due_date >= :asOf THEN 'notDue' " : ''}WHEN ${ageDate} >= :d30 THEN 'days0to30'
                       WHEN ${ageDate} >= :d60 THEN 'days31to60' WHEN ${ageDate} >= :d90 THEN 'days61to90' ELSE 'over90' END`;
  const sums = AGE_BUCKETS.map((b) => `SUM(CASE WHEN y.bucket = '${b}' THEN y.open_base ELSE 0 END) AS "${b}"`).join(', ');
  // Summed per partner first, then named: the partners' table is read once a partner, not once an item.
  const rows = await selectRows<Record<string, number | string> & { partner_id: number; code: string; name: string }>(
    services.db,
    `SELECT g.*, s.code, s.name
       FROM (SELECT y.partner_id, ${sums}, SUM(y.open_base) AS total
               FROM (SELECT x.partner_id, x.open_base, ${bucket} AS bucket FROM (${items.sql}) x WHERE x.open_base <> 0) y
              GROUP BY y.partner_id) g
       JOIN ${side.partners} s ON s.id = g.partner_id
      ORDER BY s.code`,
    { ...items.replacements, d30: daysBefore(asOf, 30), d60: daysBefore(asOf, 60), d90: daysBefore(asOf, 90) },
    tx,
  );
  const keys = ['notDue', 'days0to30', 'days31to60', 'days61to90', 'over90', 'total'] as const;
  const bucketsOf = (value: (k: keyof AgeingBuckets) => number): AgeingBuckets => ({
    notDue: value('notDue'), days0to30: value('days0to30'), days31to60: value('days31to60'), days61to90: value('days61to90'), over90: value('over90'), total: value('total'),
  });
  const totals = bucketsOf(() => 0);
  const data = rows.map((r) => {
    for (const k of keys) totals[k] += Number(r[k] ?? 0);
    return { partnerId: Number(r.partner_id), code: r.code, name: r.name, ...bucketsOf((k) => cents(r[k] ?? 0)) };
  });
  return { asOf, basis: query.basis, data, totals: bucketsOf((k) => cents(totals[k])) };
}

export async function payablesAgeing(services: Services, query: AgeingQuery, tx?: Transaction): Promise<PayablesAgeingView> {
  const { data, ...rest } = await partnersAgeing(services, SUPPLIERS, { ...query, partnerId: query.supplierId }, tx);
  return { ...rest, data: data.map(({ partnerId, code, ...row }) => ({ supplierId: partnerId, supplierCode: code, ...row })) };
}
