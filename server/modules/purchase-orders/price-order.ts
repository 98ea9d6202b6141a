import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { PurchaseOrderLineRequest } from '../../../contract/purchase-orders';
import { documentAmounts } from '../../documents/amounts';
import { mulDivRound } from '../../ledgers/valuation';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';
import { contractPrices, OrderItem, SupplierRef } from './order-references';

/** An order line as stored: quantities ×1000, prices ×10000, fractions ×1e6, money in cents. */
export interface PricedOrderLine {
  line: number;
  itemId: number;
  qty: number;
  unitPrice: number;
  discount: number;
  taxRate: number;
  amount: number;
  tax: number;
  baseAmount: number;
  baseTax: number;
  baseUnitCost: number;
  contractPrice: number | null;
}

export interface PricedOrder {
  currency: string;
  rate: number;
  pricesIncludeTax: boolean;
  subtotal: number;
  tax: number;
  total: number;
  baseSubtotal: number;
  baseTax: number;
  baseTotal: number;
  lines: PricedOrderLine[];
}

export interface OrderTerms {
  supplier: SupplierRef;
  date: string;
  currency?: string;
  /** Millionths, as given; undefined = the latest rate on or before the date. */
  rate?: number;
  pricesIncludeTax: boolean;
}

/**
 * Prices an order's lines (API.md "Lines and tax"): unit price as given, else
 * the supplier's contract price valid on the date, else the item's purchase
 * price; tax rate as given, else the item's. Amounts in the order's currency
 * and in base at its rate; each line's net unit cost in base is what receipts
 * bring its stock in at.
 */
export async function priceOrder(services: Services, terms: OrderTerms, input: PurchaseOrderLineRequest[], items: OrderItem[], tx: Transaction): Promise<PricedOrder> {
  const currency = terms.currency ?? terms.supplier.currency;
  const rate = await services.exchangeRates.documentRate({ currency, date: terms.date, rate: terms.rate }, ['rate'], tx);
  const qtys = input.map((l) => toScaled(l.qty, 'qty'));
  const contract = await contractPrices(services.db, { supplierId: terms.supplier.id, date: terms.date, currency }, items.map((item, i) => ({ itemId: item.id, qty: qtys[i]! })), tx);
  const errors: FieldIssue[] = [];
  const lines = input.map((l, i) => {
    const unitPrice = l.unitPrice !== undefined ? toScaled(l.unitPrice, 'price') : (contract[i] ?? items[i]!.purchasePrice);
    if (unitPrice === null) errors.push(fieldError(['lines', i, 'unitPrice'], msg('purchase-order.no-price', { sku: items[i]!.sku })));
    return {
      qty: qtys[i]!,
      unitPrice: unitPrice ?? 0,
      discount: l.discount === undefined ? 0 : toScaled(l.discount, 'rate'),
      taxRate: l.taxRate !== undefined ? toScaled(l.taxRate, 'rate') : (items[i]!.taxRate ?? 0),
    };
  });
  if (errors.length) throw invalid(msg('purchase-order.no-prices', { count: errors.length }), errors);
  const amounts = documentAmounts(lines, { pricesIncludeTax: terms.pricesIncludeTax, rate });
  return {
    currency,
    rate,
    pricesIncludeTax: terms.pricesIncludeTax,
    subtotal: amounts.subtotal,
    tax: amounts.tax,
    total: amounts.total,
    baseSubtotal: amounts.baseSubtotal,
    baseTax: amounts.baseTax,
    baseTotal: amounts.baseTotal,
    lines: lines.map((l, i) => {
      const a = amounts.lines[i]!;
      // cents / thousandths → ten-thousandths: × 100 (cents → 1e4) × 1000 (per unit, not per thousandth).
      return { line: i, itemId: items[i]!.id, ...l, ...a, baseUnitCost: mulDivRound(a.baseAmount, 100_000, l.qty), contractPrice: contract[i] ?? null };
    }),
  };
}
