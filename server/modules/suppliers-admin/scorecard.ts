import type { z } from 'zod';
import { fromScaled } from '../../../contract/decimals';
import type { Grade, performanceQuery, ScorecardView, SupplierPerformanceRow } from '../../../contract/suppliers-admin';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { divRound } from '../../ledgers/valuation';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { supplierById } from './supplier-refs';

/**
 * Supplier scorecards (DESIGN §4 Suppliers), measured over a window of dates,
 * for many suppliers at once: one grouped query per measure, never one per
 * supplier. What counts:
 * - orders: orders dated in the window, neither draft (not yet placed) nor cancelled;
 * - fill: of the lines of those orders DUE in the window (expected date, else
 *   order date), received ÷ ordered, each line counted up to its quantity
 *   (an over-receipt does not make up for another line's shortfall);
 * - on time: of the posted, not reversed receipts dated in the window, the
 *   share dated on or before their order's expected date; receipts of orders
 *   that promised no date are left out of it;
 * - lead days: receipt date − order date, averaged over those receipts;
 * - returns: value returned (by the window's end) of the goods received in the
 *   window ÷ their received value, so it is never above 1;
 * - price variance: Σ |variance| ÷ Σ base amount of the invoice lines of
 *   invoices dated in the window (reported, not scored);
 * - ratings: evaluations dated in the window.
 * Score = 100 × (0.30 on-time + 0.25 fill + 0.20 (1 − returns) + 0.25 mean rating / 5),
 * exact in integers and rounded half-up to 2 decimals. A component with
 * nothing to measure (no receipts, no evaluations, …) is left out and the
 * others' weights are scaled up to 100 %, so a new supplier is not graded
 * down for what has not happened; with no component at all there is no
 * score and no grade. The grade is the rounded score's: A ≥ 90, B ≥ 75, C ≥ 60, else D.
 */

export interface Window {
  from: string;
  to: string;
}

interface Measures {
  orders: number;
  orderedQty: number;
  receivedQty: number;
  receipts: number;
  promised: number;
  onTime: number;
  leadDays: number;
  receivedValue: number;
  returnedValue: number;
  varianceBase: number;
  invoicedBase: number;
  ratings: { count: number; quality: number; delivery: number; price: number; service: number };
}

const empty = (): Measures => ({
  orders: 0, orderedQty: 0, receivedQty: 0, receipts: 0, promised: 0, onTime: 0, leadDays: 0,
  receivedValue: 0, returnedValue: 0, varianceBase: 0, invoicedBase: 0,
  ratings: { count: 0, quality: 0, delivery: 0, price: 0, service: 0 },
});

const WEIGHTS = { onTime: 30n, fill: 25n, returns: 20n, rating: 25n } as const;

/** The window asked for; by default the twelve months up to today. */
export function windowOf(services: Services, query: { from?: string; to?: string }): Window {
  const to = query.to ?? services.calendar.today();
  const yearBefore = new Date(`${to}T00:00:00Z`);
  yearBefore.setUTCFullYear(yearBefore.getUTCFullYear() - 1);
  yearBefore.setUTCDate(yearBefore.getUTCDate() + 1);
  const from = query.from ?? yearBefore.toISOString().slice(0, 10);
  if (from > to) throw invalid(msg('scorecard.window', { from, to }), [fieldError(['from'], msg('scorecard.window:field', { to }))]);
  return { from, to };
}

/** A posted receipt that still stands: not cancelled, not a reversal. */
const STANDING_RECEIPT = "r.status = 'posted' AND r.reversal_of IS NULL AND r.reversed_by IS NULL";

async function measure(db: Database, window: Window, supplierIds: number[] | null): Promise<Map<number, Measures>> {
  const bySupplier = new Map<number, Measures>();
  const of = (id: unknown) => {
    const key = Number(id);
    if (!bySupplier.has(key)) bySupplier.set(key, empty());
    return bySupplier.get(key)!;
  };
  const only = (column: string) => (supplierIds ? ` AND ${column} IN (:ids)` : '');
  const replacements = { ...window, ids: supplierIds ?? [] };
  const rows = (sql: string) => selectRows<Record<string, number | string>>(db, sql, replacements);
  const n = (v: unknown) => Number(v ?? 0);
  const leadDays = db.dialect === 'postgres' ? 'CAST(r.date AS date) - CAST(o.date AS date)' : 'CAST(ROUND(julianday(r.date) - julianday(o.date)) AS INTEGER)';

  for (const r of await rows(`SELECT o.supplier_id, COUNT(*) AS n FROM purchase_orders o
      WHERE o.date BETWEEN :from AND :to AND o.status NOT IN ('draft', 'cancelled')${only('o.supplier_id')} GROUP BY o.supplier_id`)) {
    of(r.supplier_id).orders = n(r.n);
  }
  for (const r of await rows(`SELECT o.supplier_id, SUM(l.qty) AS ordered, SUM(CASE WHEN l.received < l.qty THEN l.received ELSE l.qty END) AS received
      FROM purchase_orders o JOIN purchase_order_lines l ON l.order_id = o.id
      WHERE COALESCE(o.expected_date, o.date) BETWEEN :from AND :to AND o.status NOT IN ('draft', 'cancelled')${only('o.supplier_id')} GROUP BY o.supplier_id`)) {
    Object.assign(of(r.supplier_id), { orderedQty: n(r.ordered), receivedQty: n(r.received) });
  }
  for (const r of await rows(`SELECT r.supplier_id, COUNT(*) AS receipts, SUM(${leadDays}) AS lead_days,
        SUM(CASE WHEN o.expected_date IS NOT NULL THEN 1 ELSE 0 END) AS promised,
        SUM(CASE WHEN o.expected_date IS NOT NULL AND r.date <= o.expected_date THEN 1 ELSE 0 END) AS on_time
      FROM goods_receipts r JOIN purchase_orders o ON o.id = r.purchase_order_id
      WHERE r.date BETWEEN :from AND :to AND ${STANDING_RECEIPT}${only('r.supplier_id')} GROUP BY r.supplier_id`)) {
    Object.assign(of(r.supplier_id), { receipts: n(r.receipts), leadDays: n(r.lead_days), promised: n(r.promised), onTime: n(r.on_time) });
  }
  for (const r of await rows(`SELECT r.supplier_id, SUM(gl.value) AS value FROM goods_receipts r JOIN goods_receipt_lines gl ON gl.receipt_id = r.id
      WHERE r.date BETWEEN :from AND :to AND ${STANDING_RECEIPT}${only('r.supplier_id')} GROUP BY r.supplier_id`)) {
    of(r.supplier_id).receivedValue = n(r.value);
  }
  for (const r of await rows(`SELECT r.supplier_id, SUM(pl.value) AS value
      FROM purchase_return_lines pl JOIN purchase_returns pr ON pr.id = pl.return_id JOIN goods_receipts r ON r.id = pr.receipt_id
      WHERE r.date BETWEEN :from AND :to AND ${STANDING_RECEIPT} AND pr.date <= :to${only('r.supplier_id')} GROUP BY r.supplier_id`)) {
    of(r.supplier_id).returnedValue = n(r.value);
  }
  for (const r of await rows(`SELECT i.supplier_id, SUM(ABS(l.variance_base)) AS variance, SUM(l.base_amount) AS base
      FROM purchase_invoices i JOIN purchase_invoice_lines l ON l.invoice_id = i.id
      WHERE i.date BETWEEN :from AND :to AND i.kind = 'invoice' AND i.status <> 'cancelled'${only('i.supplier_id')} GROUP BY i.supplier_id`)) {
    Object.assign(of(r.supplier_id), { varianceBase: n(r.variance), invoicedBase: n(r.base) });
  }
  for (const r of await rows(`SELECT e.supplier_id, COUNT(*) AS n, SUM(e.quality) AS quality, SUM(e.delivery) AS delivery, SUM(e.price) AS price, SUM(e.service) AS service
      FROM supplier_evaluations e WHERE e.date BETWEEN :from AND :to${only('e.supplier_id')} GROUP BY e.supplier_id`)) {
    of(r.supplier_id).ratings = { count: n(r.n), quality: n(r.quality), delivery: n(r.delivery), price: n(r.price), service: n(r.service) };
  }
  return bySupplier;
}

/** n ÷ d to `places` decimals, half-up; null when there is nothing to divide by. */
function ratio(n: number, d: number, places = 6): number | null {
  if (d === 0) return null;
  const scale = 10n ** BigInt(places);
  return Number(divRound(BigInt(n) * scale, BigInt(d))) / Number(scale);
}

/** The score ×100 (an integer: 2 decimals), from the components that can be measured, weights renormalized. */
function scoreOf(m: Measures): bigint | null {
  const parts: Array<[weight: bigint, n: bigint, d: bigint]> = [];
  if (m.promised > 0) parts.push([WEIGHTS.onTime, BigInt(m.onTime), BigInt(m.promised)]);
  if (m.orderedQty > 0) parts.push([WEIGHTS.fill, BigInt(m.receivedQty), BigInt(m.orderedQty)]);
  if (m.receivedValue > 0) parts.push([WEIGHTS.returns, BigInt(m.receivedValue - m.returnedValue), BigInt(m.receivedValue)]);
  const r = m.ratings;
  if (r.count > 0) parts.push([WEIGHTS.rating, BigInt(r.quality + r.delivery + r.price + r.service), BigInt(r.count * 4 * 5)]);
  if (!parts.length) return null;
  // Σ wᵢ·nᵢ/dᵢ ÷ Σ wᵢ over one common denominator, so nothing is rounded before the end.
  const den = parts.reduce((p, [, , d]) => p * d, 1n);
  const num = parts.reduce((s, [w, n, d]) => s + w * n * (den / d), 0n);
  const weight = parts.reduce((s, [w]) => s + w, 0n);
  return divRound(num * 100n * 100n, den * weight);
}

function gradeOf(score: bigint): Grade {
  if (score >= 9000n) return 'A';
  if (score >= 7500n) return 'B';
  if (score >= 6000n) return 'C';
  return 'D';
}

function scorecardView(supplierId: number, window: Window, m: Measures): ScorecardView {
  const score = scoreOf(m);
  const r = m.ratings;
  const average = (sum: number) => ratio(sum, r.count, 2);
  return {
    supplierId,
    from: window.from,
    to: window.to,
    orders: m.orders,
    orderedQty: fromScaled(m.orderedQty, 'qty'),
    receivedQty: fromScaled(m.receivedQty, 'qty'),
    fillRate: ratio(m.receivedQty, m.orderedQty),
    onTimeRate: ratio(m.onTime, m.promised),
    averageLeadDays: ratio(m.leadDays, m.receipts, 2),
    returnRate: ratio(m.returnedValue, m.receivedValue),
    priceVarianceRate: ratio(m.varianceBase, m.invoicedBase),
    ratings: { quality: average(r.quality), delivery: average(r.delivery), price: average(r.price), service: average(r.service), count: r.count },
    score: score === null ? null : Number(score) / 100,
    grade: score === null ? null : gradeOf(score),
  };
}

export async function supplierScorecard(services: Services, supplierId: number, query: { from?: string; to?: string }): Promise<ScorecardView> {
  await supplierById(services.db, supplierId);
  const window = windowOf(services, query);
  const measures = await measure(services.db, window, [supplierId]);
  return scorecardView(supplierId, window, measures.get(supplierId) ?? empty());
}

/**
 * Active suppliers (filtered by their own category and grade) ranked by score,
 * best first; those without a score last, by code. `rank` counts scored suppliers only.
 */
export async function supplierPerformance(services: Services, query: z.infer<typeof performanceQuery>): Promise<{ data: SupplierPerformanceRow[]; total: number; from: string; to: string }> {
  const { db } = services;
  const window = windowOf(services, query);
  const clauses = ['active = :active'];
  if (query.category !== undefined) clauses.push('category = :category');
  if (query.grade !== undefined) clauses.push('grade = :grade');
  const suppliers = await selectRows<Record<string, unknown>>(db, `SELECT id, code, name, category, grade FROM suppliers WHERE ${clauses.join(' AND ')} ORDER BY code`, { ...query, active: true });
  const measures = await measure(db, window, null);
  const ranked = suppliers
    .map((s) => ({
      ...scorecardView(Number(s.id), window, measures.get(Number(s.id)) ?? empty()),
      supplierCode: String(s.code),
      name: String(s.name),
      category: (s.category as string | null) ?? null,
      supplierGrade: (s.grade as string | null) ?? null,
      rank: null as number | null,
    }))
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.supplierCode.localeCompare(b.supplierCode));
  ranked.forEach((row, i) => (row.rank = row.score === null ? null : i + 1));
  const rows = query.scoreGrade ? ranked.filter((r) => r.grade === query.scoreGrade) : ranked;
  return { data: rows.slice(query.offset, query.offset + query.limit), total: rows.length, ...window };
}
