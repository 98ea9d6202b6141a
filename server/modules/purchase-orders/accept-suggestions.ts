import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { AcceptSuggestionsRequest, PurchaseOrderView } from '../../../contract/purchase-orders';
import { selectRows } from '../../db/sql';
import type { Actor } from '../../platform/actor';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import { assertWarehouseInScope } from '../../platform/permissions/scope';
import type { Services } from '../../platform/services';
import { resolveWarehouse } from '../stock/references';
import { createOrder } from './manage-orders';
import { resolveOrderItems, resolveSupplier } from './order-references';
import { reorderSuggestions, Suggestion } from './reorder-suggestions';

/** Advisory lock class of reorder acceptance, per warehouse (stock postings use 7401). */
const REORDER_LOCK = 7402;

/**
 * Turns today's suggestions (all, or the lines named) into draft orders, one
 * per supplier and warehouse, at the default price. Drafts count as on order,
 * so what this creates takes the suggestion away: accepting again creates
 * nothing. Two accepts at once are kept apart by a lock per warehouse (on
 * SQLite write transactions already run one at a time), and each reads the
 * suggestions only once it holds it.
 */
export async function acceptSuggestions(services: Services, actor: Actor, input: AcceptSuggestionsRequest, tx: Transaction): Promise<{ orders: PurchaseOrderView[] }> {
  const { db } = services;
  const named = input.warehouseId !== undefined || input.warehouseCode !== undefined;
  const warehouseId = named ? (await resolveWarehouse(db, { id: input.warehouseId, code: input.warehouseCode }, 'warehouseId', tx)).id : undefined;
  if (warehouseId !== undefined) assertWarehouseInScope(actor, warehouseId);
  await lockWarehouses(services, actor, warehouseId, tx);
  const chosen = await chooseSuggestions(services, input, await reorderSuggestions(services, actor, warehouseId, tx), tx);
  const orders: PurchaseOrderView[] = [];
  for (const group of groupBySupplierAndWarehouse(chosen)) {
    const order = await createOrder(
      services,
      actor,
      { supplierId: group[0]!.supplierId, warehouseId: group[0]!.warehouseId, lines: group.map((c) => ({ itemId: c.itemId, qty: fromScaled(c.qty, 'qty') })) },
      tx,
    );
    orders.push(order);
  }
  return { orders };
}

interface Chosen {
  itemId: number;
  warehouseId: number;
  supplierId: number;
  qty: number;
}

/** The suggestions to accept with their supplier and quantity; an item with no supplier → 422 naming it. */
async function chooseSuggestions(services: Services, input: AcceptSuggestionsRequest, suggestions: Suggestion[], tx: Transaction): Promise<Chosen[]> {
  const errors: FieldIssue[] = [];
  const noSupplier = (path: Array<string | number>, sku: string) => errors.push(fieldError(path, msg('reorder.no-supplier', { sku })));
  let chosen: Chosen[] = [];
  if (!input.lines) {
    suggestions.forEach((s, i) => {
      if (s.supplierId === null) noSupplier(['suggestions', i, 'supplierId'], s.sku);
      else chosen.push({ itemId: s.itemId, warehouseId: s.warehouseId, supplierId: s.supplierId, qty: s.suggestedQty });
    });
  } else {
    const items = await resolveOrderItems(services.db, input.lines, tx);
    for (const [i, line] of input.lines.entries()) {
      const supplierNamed = line.supplierId !== undefined || line.supplierCode !== undefined;
      const supplierId = supplierNamed ? (await resolveSupplier(services.db, { id: line.supplierId, code: line.supplierCode }, tx)).id : undefined;
      for (const s of suggestions.filter((s) => s.itemId === items[i]!.id)) {
        const supplier = supplierId ?? s.supplierId;
        if (supplier === null) noSupplier(['lines', i, 'supplierId'], s.sku);
        else chosen.push({ itemId: s.itemId, warehouseId: s.warehouseId, supplierId: supplier, qty: line.qty === undefined ? s.suggestedQty : toScaled(line.qty, 'qty') });
      }
    }
  }
  if (errors.length) throw invalid(msg('reorder.no-suppliers', { count: errors.length }), errors);
  chosen = chosen.filter((c) => c.qty > 0);
  return chosen;
}

function groupBySupplierAndWarehouse(chosen: Chosen[]): Chosen[][] {
  const groups = new Map<string, Chosen[]>();
  for (const c of chosen) {
    const key = `${c.supplierId}|${c.warehouseId}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

/** On PostgreSQL, the accepting warehouses' locks, in id order (so two accepts never wait on each other crosswise). */
async function lockWarehouses(services: Services, actor: Actor, warehouseId: number | undefined, tx: Transaction): Promise<void> {
  const { db } = services;
  if (db.dialect !== 'postgres') return;
  const ids =
    warehouseId !== undefined
      ? [warehouseId]
      : (actor.warehouseIds ?? (await selectRows<{ id: number }>(db, 'SELECT id FROM warehouses', {}, tx)).map((r) => Number(r.id))).slice().sort((a, b) => a - b);
  for (const id of ids) await selectRows(db, `SELECT pg_advisory_xact_lock(${REORDER_LOCK}, :id)`, { id }, tx);
}
