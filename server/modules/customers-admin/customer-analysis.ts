import { fromScaled } from '../../../contract/decimals';
import type { AbcQuery, BehaviourQuery, CustomerAbcRow, CustomerBehaviourView, CustomerRfmRow, RfmQuery } from '../../../contract/customers-admin';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';
import { divRound } from '../../ledgers/valuation';
import type { Services } from '../../platform/services';
import { findCustomer } from '../sales-orders/customer-refs';
import { averageDaysToPay, daysBetween, orderMeasures, revenueByCustomer, topItems, Window, windowOf } from './customer-measures';
import { abcClasses, scoreRfm } from './rfm-scoring';

/*
 * Customer behaviour (RFM), the RFM table and ABC classes (DESIGN §4
 * "Customers"). The RFM population is the customers with sales in the
 * window, meaning at least one order there (recency and frequency are of
 * orders); their monetary value is their revenue, which may be 0 while
 * nothing is invoiced yet. ABC ranks the customers whose revenue in the
 * window is positive.
 */

interface Scored {
  customerId: number;
  recencyDays: number;
  frequency: number;
  monetary: number;
  firstOrderDate: string;
  lastOrderDate: string;
}

/** Every customer with an order in the window, with R, F, M and the segment; and everyone's revenue. */
async function scoredPopulation(db: Database, window: Window) {
  const [orders, revenue] = await Promise.all([orderMeasures(db, window), revenueByCustomer(db, window)]);
  const population: Scored[] = [...orders.values()].map((o) => ({
    customerId: o.customerId,
    recencyDays: daysBetween(o.lastOrderDate, window.to),
    frequency: o.orders,
    monetary: revenue.get(o.customerId) ?? 0,
    firstOrderDate: o.firstOrderDate,
    lastOrderDate: o.lastOrderDate,
  }));
  return { scored: scoreRfm(population), revenue };
}

export async function customerBehaviour(services: Services, customerId: number, query: BehaviourQuery): Promise<CustomerBehaviourView> {
  const { db } = services;
  await findCustomer(db, customerId);
  const window = windowOf(services, query);
  const [{ scored, revenue }, items, daysToPay] = await Promise.all([
    scoredPopulation(db, window),
    topItems(db, window, customerId),
    averageDaysToPay(db, window, customerId),
  ]);
  const own = scored.find((c) => c.customerId === customerId) ?? null;
  const orders = own?.frequency ?? 0;
  const cents = revenue.get(customerId) ?? 0;
  const money = (v: number | bigint) => fromScaled(v, 'money');
  return {
    customerId,
    from: window.from,
    to: window.to,
    orders,
    revenue: money(cents),
    averageOrderValue: orders === 0 ? 0 : money(divRound(BigInt(cents), BigInt(orders))),
    firstOrderDate: own?.firstOrderDate ?? null,
    lastOrderDate: own?.lastOrderDate ?? null,
    recencyDays: own?.recencyDays ?? null,
    frequency: orders,
    monetary: money(cents),
    rfm: own && { r: own.r, f: own.f, m: own.m },
    segment: own?.segment ?? null,
    topItems: items.map((i) => ({ itemId: i.itemId, sku: i.sku, name: i.name, qty: fromScaled(i.qty, 'qty'), revenue: money(i.revenue) })),
    averageDaysToPay: daysToPay,
  };
}

async function customerNames(db: Database, ids: number[]): Promise<Map<number, { code: string; name: string }>> {
  if (!ids.length) return new Map();
  const rows = await selectRows<{ id: number; code: string; name: string }>(db, 'SELECT id, code, name FROM customers WHERE id IN (:ids)', { ids });
  return new Map(rows.map((r) => [Number(r.id), { code: r.code, name: r.name }]));
}

type Page<T> = { data: T[]; total: number; from: string | null; to: string };

export async function rfmTable(services: Services, query: RfmQuery): Promise<Page<CustomerRfmRow>> {
  const window = windowOf(services, query);
  const { scored } = await scoredPopulation(services.db, window);
  const names = await customerNames(services.db, scored.map((c) => c.customerId));
  const rows = scored
    .map((c) => ({
      customerId: c.customerId,
      customerCode: names.get(c.customerId)!.code,
      name: names.get(c.customerId)!.name,
      recencyDays: c.recencyDays,
      frequency: c.frequency,
      monetary: fromScaled(c.monetary, 'money'),
      r: c.r,
      f: c.f,
      m: c.m,
      segment: c.segment,
    }))
    .filter((r) => query.segment === undefined || r.segment === query.segment)
    .sort((a, b) => a.customerCode.localeCompare(b.customerCode));
  return { data: rows.slice(query.offset, query.offset + query.limit), total: rows.length, ...window };
}

export async function abcTable(services: Services, query: AbcQuery): Promise<Page<CustomerAbcRow>> {
  const window = windowOf(services, query);
  const revenue = await revenueByCustomer(services.db, window);
  const names = await customerNames(services.db, [...revenue.keys()]);
  const ranked = [...revenue.entries()]
    .filter(([, cents]) => cents > 0)
    .map(([customerId, cents]) => ({ customerId, cents, ...names.get(customerId)! }))
    .sort((a, b) => b.cents - a.cents || a.code.localeCompare(b.code));
  const classes = abcClasses(ranked.map((c) => c.cents));
  const rows: CustomerAbcRow[] = ranked
    .map((c, i) => ({ customerId: c.customerId, customerCode: c.code, name: c.name, revenue: fromScaled(c.cents, 'money'), ...classes[i]! }))
    .filter((r) => query.abc === undefined || r.abc === query.abc);
  return { data: rows.slice(query.offset, query.offset + query.limit), total: rows.length, ...window };
}
