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

/** Finds partners by code or by name, ignoring case and full-width characters; a code wins over another's same name. */
export function partnerFinder<P extends { code: string; name: string }>(partners: P[]): (text: string) => P | undefined {
  const byText = new Map<string, P>();
  for (const p of partners) byText.set(norm(p.name), p);
  for (const p of partners) byText.set(norm(p.code), p);
  return (text) => byText.get(norm(text));
}

export class PurchaseLookups {
  /** By code, or by name. */
  readonly supplier: (text: string) => SupplierRef | undefined;

  constructor(
    readonly stock: Lookups,
    readonly suppliers: SupplierRef[],
  ) {
    this.supplier = partnerFinder(suppliers);
  }

  lists(language: Language): ListsContent {
    const { sku, warehouse } = this.stock.lists(language);
    return { sku, warehouse, supplier: this.suppliers.filter((s) => s.active).map((s) => s.code) };
  }
}
