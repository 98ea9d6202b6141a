import type { Actor } from '../actor';
import { forbidden } from '../errors';

/** The warehouse ids a query must be limited to, or null when the actor sees every warehouse. */
export function warehouseScope(actor: Actor): number[] | null {
  return actor.warehouseIds;
}

export function inWarehouseScope(actor: Actor, warehouseId: number): boolean {
  return actor.warehouseIds === null || actor.warehouseIds.includes(warehouseId);
}

export function assertWarehouseInScope(actor: Actor, warehouseId: number, label = 'warehouse'): void {
  if (!inWarehouseScope(actor, warehouseId)) throw forbidden(`The ${label} ${warehouseId} is outside your warehouses.`);
}
