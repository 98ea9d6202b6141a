import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { CreatePurchaseOrderRequest, PurchaseOrderLineRequest, PurchaseOrderView, UpdatePurchaseOrderRequest } from '../../../contract/purchase-orders';
import { assertEditable } from '../../documents/status';
import type { Actor } from '../../platform/actor';
import { preconditionFailed } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { expectedVersions } from '../../platform/versions';
import { resolveWarehouse } from '../stock/references';
import { findOrder, orderViews, rewriteDraft, storeDraft } from './order-documents';
import { resolveOrderItems, resolveSupplier } from './order-references';
import { priceOrder } from './price-order';

/** Creates a draft purchase order: references → prices and amounts → the numbered header and its lines. */
export async function createOrder(services: Services, actor: Actor, input: CreatePurchaseOrderRequest, tx: Transaction): Promise<PurchaseOrderView> {
  const { db } = services;
  const supplier = await resolveSupplier(db, { id: input.supplierId, code: input.supplierCode }, tx);
  const warehouse = await resolveWarehouse(db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  const date = services.calendar.documentDate(input.date);
  const items = await resolveOrderItems(db, input.lines, tx);
  const priced = await priceOrder(
    services,
    { supplier, date, currency: input.currency, rate: scaledRate(input.rate), pricesIncludeTax: input.pricesIncludeTax ?? false },
    input.lines,
    items,
    tx,
  );
  const header = { supplierId: supplier.id, warehouseId: warehouse.id, date, expectedDate: input.expectedDate ?? null, note: input.note ?? null };
  const id = await storeDraft(db, header, priced, actor.id, services.calendar.now(), tx);
  return (await orderViews(db, [id], tx))[0]!;
}

/**
 * Changes a draft: what the request names replaces what was there, the rest
 * is kept, and the whole order is priced again (a new rate or tax mode moves
 * every amount). Lines not given keep their prices as stored.
 */
export async function updateOrder(services: Services, actor: Actor, id: number, input: UpdatePurchaseOrderRequest, ifMatch: string | undefined, tx: Transaction): Promise<{ before: PurchaseOrderView; after: PurchaseOrderView }> {
  const { db } = services;
  const expected = expectedVersions(ifMatch, input.version);
  const order = await findOrder(db, id, tx);
  assertWarehouseInScope(actor, order.warehouseId);
  if (expected !== undefined && !expected.includes(order.version)) {
    throw preconditionFailed(msg('version.stale', { what: msg('entity.purchase-order', { id }), version: order.version }), order.version);
  }
  assertEditable(order.status);
  const before = (await orderViews(db, [id], tx))[0]!;
  const supplierNamed = input.supplierId !== undefined || input.supplierCode !== undefined;
  const supplier = await resolveSupplier(db, supplierNamed ? { id: input.supplierId, code: input.supplierCode } : { id: order.supplierId }, tx);
  const warehouseNamed = input.warehouseId !== undefined || input.warehouseCode !== undefined;
  const warehouse = await resolveWarehouse(db, warehouseNamed ? { id: input.warehouseId, code: input.warehouseCode } : { id: order.warehouseId }, 'warehouseId', tx);
  assertWarehouseInScope(actor, warehouse.id);
  const date = input.date === undefined ? before.date : services.calendar.documentDate(input.date);
  const lines = input.lines ?? storedLines(before);
  const items = await resolveOrderItems(db, lines, tx);
  // A new supplier brings its own currency unless one is named; otherwise the order keeps its own.
  const currency = input.currency ?? (supplierNamed ? undefined : before.currency);
  const keepsRate = input.rate === undefined && currency === before.currency && input.date === undefined;
  const priced = await priceOrder(
    services,
    { supplier, date, currency, rate: keepsRate ? toScaled(before.rate, 'rate') : scaledRate(input.rate), pricesIncludeTax: input.pricesIncludeTax ?? before.pricesIncludeTax },
    lines,
    items,
    tx,
  );
  const header = {
    supplierId: supplier.id,
    warehouseId: warehouse.id,
    date,
    expectedDate: input.expectedDate === undefined ? before.expectedDate : input.expectedDate,
    note: input.note === undefined ? before.note : input.note,
  };
  await rewriteDraft(db, id, header, priced, services.calendar.now(), tx);
  return { before, after: (await orderViews(db, [id], tx))[0]! };
}

function storedLines(order: PurchaseOrderView): PurchaseOrderLineRequest[] {
  return order.lines.map((l) => ({ itemId: l.itemId, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount, taxRate: l.taxRate }));
}

const scaledRate = (rate: number | undefined) => (rate === undefined ? undefined : toScaled(rate, 'rate'));
