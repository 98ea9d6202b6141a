import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { CreateSalesOrderRequest, SalesOrderLineRequest, SalesOrderView, UpdateSalesOrderRequest } from '../../../contract/sales-orders';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { assertEditable } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { fieldError, invalid, preconditionFailed } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { expectedVersions } from '../../platform/versions';
import { resolveOrderItems } from '../purchase-orders/order-references';
import { DocumentTerms, priceLines, PricedLines } from '../purchase-orders/price-order';
import { resolveWarehouse } from '../stock/references';
import { CustomerFacts, resolveCustomer } from './customer-refs';
import { lockSalesOrder } from './order-locks';
import { orderViews, rewriteDraft, storeDraft } from './order-documents';

/** Creates a draft sales order: references → prices and amounts → the numbered header and its lines. */
export async function createOrder(services: Services, actor: Actor, input: CreateSalesOrderRequest, tx: Transaction): Promise<SalesOrderView> {
  const { db } = services;
  const customer = await resolveCustomer(db, input, tx);
  const warehouse = await resolveWarehouse(db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  const date = services.calendar.documentDate(input.date);
  const priced = await priceSalesOrder(
    services,
    { currency: input.currency ?? customer.currency, date, rate: scaledRate(input.rate), pricesIncludeTax: input.pricesIncludeTax ?? false },
    input.lines,
    tx,
  );
  const salespersonId = input.salespersonId === undefined ? actor.id : await checkedSalesperson(db, input.salespersonId, tx);
  const header = { customerId: customer.id, warehouseId: warehouse.id, date, requestedDate: input.requestedDate ?? null, note: input.note ?? null, salespersonId };
  const id = await storeDraft(db, header, priced, actor.id, services.calendar.now(), tx);
  return (await orderViews(db, [id], tx))[0]!;
}

/**
 * Changes a draft: what the request names replaces what was there, the rest
 * is kept, and the whole order is priced again (a new rate or tax mode moves
 * every amount). Lines not given keep their prices as stored.
 */
export async function updateOrder(
  services: Services,
  actor: Actor,
  id: number,
  input: UpdateSalesOrderRequest,
  ifMatch: string | undefined,
  tx: Transaction,
): Promise<{ before: SalesOrderView; after: SalesOrderView }> {
  const { db } = services;
  const expected = expectedVersions(ifMatch, input.version);
  const order = await lockSalesOrder(db, id, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  if (expected !== undefined && !expected.includes(order.version)) {
    throw preconditionFailed(msg('version.stale', { what: msg('entity.sales-order', { id }), version: order.version }), order.version);
  }
  assertEditable(order.status);
  const before = (await orderViews(db, [id], tx))[0]!;
  const customerNamed = input.customerId !== undefined || input.customerCode !== undefined;
  const customer: Pick<CustomerFacts, 'id' | 'currency'> = customerNamed ? await resolveCustomer(db, input, tx) : { id: order.customerId, currency: before.currency };
  const warehouseNamed = input.warehouseId !== undefined || input.warehouseCode !== undefined;
  const warehouse = await resolveWarehouse(db, warehouseNamed ? { id: input.warehouseId, code: input.warehouseCode } : { id: order.warehouseId }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  const date = input.date === undefined ? before.date : services.calendar.documentDate(input.date);
  // A new customer brings its own currency unless one is named; otherwise the order keeps its own.
  const currency = input.currency ?? customer.currency;
  const keepsRate = input.rate === undefined && currency === before.currency && input.date === undefined;
  const priced = await priceSalesOrder(
    services,
    { currency, date, rate: keepsRate ? toScaled(before.rate, 'rate') : scaledRate(input.rate), pricesIncludeTax: input.pricesIncludeTax ?? before.pricesIncludeTax },
    input.lines ?? storedLines(before),
    tx,
  );
  const header = {
    customerId: customer.id,
    warehouseId: warehouse.id,
    date,
    requestedDate: input.requestedDate === undefined ? before.requestedDate : input.requestedDate,
    note: input.note === undefined ? before.note : input.note,
    salespersonId: input.salespersonId === undefined ? before.salespersonId : await checkedSalesperson(db, input.salespersonId, tx),
  };
  await rewriteDraft(db, id, header, priced, services.calendar.now(), tx);
  return { before, after: (await orderViews(db, [id], tx))[0]! };
}

/** Unit price as given, else the item's sale price (none → 422 naming the line's unitPrice); tax rate as given, else the item's. */
async function priceSalesOrder(services: Services, terms: DocumentTerms, lines: SalesOrderLineRequest[], tx: Transaction): Promise<PricedLines> {
  const items = await resolveOrderItems(services.db, lines, tx);
  return priceLines(
    services,
    terms,
    lines,
    items.map((item) => ({ ...item, defaultPrice: item.salePrice })),
    { line: (sku) => msg('sales-order.no-price', { sku }), document: (count) => msg('sales-order.no-prices', { count }) },
    tx,
  );
}

async function checkedSalesperson(db: Database, id: number | null, tx: Transaction): Promise<number | null> {
  if (id === null) return null;
  const user = await selectOne(db, 'SELECT id FROM users WHERE id = :id', { id }, tx);
  if (!user) throw invalid(msg('sales-order.salesperson-unknown', { id }), [fieldError(['salespersonId'], msg('sales-order.salesperson-unknown:field', { id }))]);
  return id;
}

function storedLines(order: SalesOrderView): SalesOrderLineRequest[] {
  return order.lines.map((l) => ({ itemId: l.itemId, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, taxRate: l.taxRate }));
}

const scaledRate = (rate: number | undefined) => (rate === undefined ? undefined : toScaled(rate, 'rate'));
