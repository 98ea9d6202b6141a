/**
 * The lists rows are checked against before sending — SKUs and warehouses
 * for stock sheets, accounts and cash accounts for finance sheets, suppliers
 * for purchasing sheets — each
 * fetched once per sign-in, when first needed, and again when a sheet names
 * something the cache has not seen (it may have been created since).
 */
import type { ApiClient } from '../api/api-client';
import { FinanceLookups } from '../sheets/finance-lookups';
import { Lookups } from '../sheets/lookups';
import type { SupplierRef } from '../sheets/purchase-lookups';

/** One cached fetch: a failed one is forgotten, so the next call tries again. */
export class Cached<T> {
  private current: Promise<T> | null = null;

  constructor(private readonly load: () => Promise<T>) {}

  get(refresh: boolean): Promise<T> {
    if (!this.current || refresh) {
      const loading = this.load();
      this.current = loading;
      loading.catch(() => {
        if (this.current === loading) this.current = null;
      });
    }
    return this.current;
  }

  clear(): void {
    this.current = null;
  }
}

export class LookupsCache {
  private readonly stock: Cached<Lookups>;
  private readonly financeLists: Cached<FinanceLookups>;
  private readonly supplierList: Cached<SupplierRef[]>;

  constructor(
    private readonly api: ApiClient,
    private readonly allowedWarehouseIds: () => number[] | null,
  ) {
    this.stock = new Cached(() => this.loadStock());
    this.financeLists = new Cached(() => this.loadFinance());
    this.supplierList = new Cached(async () => (await this.api.suppliers()).map((s) => ({ id: s.id, code: s.code, name: s.name, currency: s.currency, active: s.active !== false })));
  }

  suppliers(refresh = false): Promise<SupplierRef[]> {
    return this.supplierList.get(refresh);
  }

  get(refresh = false): Promise<Lookups> {
    return this.stock.get(refresh);
  }

  finance(refresh = false): Promise<FinanceLookups> {
    return this.financeLists.get(refresh);
  }

  clear(): void {
    this.stock.clear();
    this.financeLists.clear();
    this.supplierList.clear();
  }

  private async loadStock(): Promise<Lookups> {
    const [items, warehouses] = await Promise.all([this.api.items(), this.api.warehouses()]);
    return new Lookups(
      items.map((i) => ({ id: i.id, sku: i.sku, name: i.name, unit: i.unit, batchTracked: i.batchTracked })),
      warehouses.filter((w) => w.active !== false).map((w) => ({ id: w.id, code: w.code, name: w.name })),
      this.allowedWarehouseIds(),
    );
  }

  private async loadFinance(): Promise<FinanceLookups> {
    const [accounts, cashAccounts] = await Promise.all([this.api.accounts(), this.api.cashAccounts()]);
    return new FinanceLookups(
      accounts.map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn ?? null, type: a.type, leaf: a.leaf, active: a.active !== false })),
      cashAccounts.map((c) => ({ id: c.id, code: c.code, name: c.name, currency: c.currency, active: c.active !== false })),
    );
  }
}
