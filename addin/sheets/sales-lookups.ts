/**
 * What sales rows are checked against before sending: the stock lists (SKUs,
 * warehouses in the user's scope) and the customers, by code or name. The
 * active customers' codes feed the customer dropdown in the hidden JXC.Lists sheet.
 */
import type { PartnerView } from '../../contract/master-data';
import type { Language } from './layout';
import type { ListsContent, Lookups } from './lookups';
import { partnerFinder } from './purchase-lookups';
import { readPartner } from './row-readers';
import type { SheetRows } from './layout';
import type { RowMessage } from './row-status';

export interface CustomerRef {
  id: number;
  code: string;
  name: string;
  currency: string;
  active: boolean;
}

export const customerRefOf = (c: PartnerView): CustomerRef => ({ id: c.id, code: c.code, name: c.name, currency: c.currency, active: c.active !== false });

export class SalesLookups {
  /** By code, or by name. */
  readonly customer: (text: string) => CustomerRef | undefined;

  constructor(
    readonly stock: Lookups,
    readonly customers: CustomerRef[],
  ) {
    this.customer = partnerFinder(customers);
  }

  lists(language: Language): ListsContent {
    const { sku, warehouse } = this.stock.lists(language);
    return { sku, warehouse, customer: this.customers.filter((c) => c.active).map((c) => c.code) };
  }
}

/** A customer cell (code or name): known and active. */
export function readCustomer(rows: SheetRows, index: number, column: string, lookups: SalesLookups, messages: RowMessage[]): CustomerRef | null {
  return readPartner(rows, index, column, (text) => lookups.customer(text), { unknown: 'row.unknownCustomer', inactive: 'row.inactiveCustomer' }, messages);
}
