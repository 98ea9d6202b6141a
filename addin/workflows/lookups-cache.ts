/**
 * The SKU and warehouse lists rows are checked against before sending,
 * fetched once per sign-in and again when a sheet names a SKU the cache has
 * not seen (it may have been created since).
 */
import type { ApiClient } from '../api/api-client';
import { Lookups } from '../sheets/lookups';

export class LookupsCache {
  private current: Promise<Lookups> | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly allowedWarehouseIds: () => number[] | null,
  ) {}

  get(refresh = false): Promise<Lookups> {
    if (!this.current || refresh) {
      this.current = this.load();
      this.current.catch(() => (this.current = null));
    }
    return this.current;
  }

  clear(): void {
    this.current = null;
  }

  private async load(): Promise<Lookups> {
    const [items, warehouses] = await Promise.all([this.api.items(), this.api.warehouses()]);
    return new Lookups(
      items.map((i) => ({ id: i.id, sku: i.sku, name: i.name, unit: i.unit, batchTracked: i.batchTracked })),
      warehouses.filter((w) => w.active !== false).map((w) => ({ id: w.id, code: w.code, name: w.name })),
      this.allowedWarehouseIds(),
    );
  }
}
