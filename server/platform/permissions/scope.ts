import type { Actor } from '../actor';
import { forbidden } from '../errors';
import { msg } from '../i18n/message';

/** The warehouse ids a query must be limited to, or null when the actor sees every warehouse. */
export function warehouseScope(actor: Actor): number[] | null {
  return actor.warehouseIds;
}

export function inWarehouseScope(actor: Actor, warehouseId: number): boolean {
  return actor.warehouseIds === null || actor.warehouseIds.includes(warehouseId);
}

const OUT_OF_SCOPE = {
  warehouse: 'permission.scope:warehouse',
  'source warehouse': 'permission.scope:source',
  'destination warehouse': 'permission.scope:destination',
} as const;

export function assertWarehouseInScope(actor: Actor, warehouseId: number, label: keyof typeof OUT_OF_SCOPE = 'warehouse'): void {
  if (!inWarehouseScope(actor, warehouseId)) throw forbidden(msg(OUT_OF_SCOPE[label], { id: warehouseId }));
}

/**
 * The SQL condition that keeps a query to the actor's warehouses, or to the one
 * asked for (403 if it lies outside them). Ids are integers, so they are inlined.
 */
export function warehouseScopeSql(actor: Actor, column: string, warehouseId?: number): string {
  if (warehouseId !== undefined) {
    assertWarehouseInScope(actor, warehouseId);
    return `${column} = ${Math.trunc(Number(warehouseId))}`;
  }
  if (actor.warehouseIds === null) return '1 = 1';
  return actor.warehouseIds.length ? `${column} IN (${actor.warehouseIds.map((id) => Math.trunc(Number(id))).join(',')})` : '1 = 0';
}
