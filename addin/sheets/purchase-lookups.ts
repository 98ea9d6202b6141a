/**
 * What purchasing rows are checked against before sending: the stock lists
 * (SKUs, warehouses in the user's scope) and the suppliers, by code or name.
 * The supplier codes feed the supplier dropdown in the hidden JXC.Lists sheet.
 */
import type { Language } from './layout';
import type { ListsContent, Lookups } from './lookups';

export interface SupplierRef {
  id: number;
  code: string;
  name: string;
  currency: string;
  active: boolean;
}

const norm = (s: string): string => s.normalize('NFKC').trim().toLowerCase();

export class PurchaseLookups {
  private readonly byText = new Map<string, SupplierRef>();

  constructor(
    readonly stock: Lookups,
    readonly suppliers: SupplierRef[],
  ) {
    for (const s of suppliers) {
      this.byText.set(norm(s.name), s);
      this.byText.set(norm(s.code), s);
    }
  }

  /** By code, or by name. */
  supplier(text: string): SupplierRef | undefined {
    return this.byText.get(norm(text));
  }

  lists(language: Language): ListsContent {
    const { sku, warehouse } = this.stock.lists(language);
    return { sku, warehouse, supplier: this.suppliers.filter((s) => s.active).map((s) => s.code) };
  }
}
