import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { PurchaseOrderLineRequest } from '../../../contract/purchase-orders';
import { documentAmounts } from '../../documents/amounts';
import { mulDivRound } from '../../ledgers/valuation';
import { FieldIssue, fieldError, invalid } from '../../platform/errors';
import { Message, msg } from '../../platform/i18n/message';
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

/** What any order's pricing needs: currency and rate (undefined = the latest on or before the date), tax mode. */
export interface DocumentTerms {
  currency: string;
  date: string;
  rate?: number;
  pricesIncludeTax: boolean;
}

/** The line shape both purchase and sales orders are priced from. */
export interface LineTermsRequest {
  qty: number;
  unitPrice?: number;
  discount?: number;
  taxRate?: number;
}

export type PricedLines = Omit<PricedOrder, 'lines'> & { lines: Array<Omit<PricedOrderLine, 'baseUnitCost' | 'contractPrice'>> };

/**
 * Prices an order's lines (API.md "Lines and tax"): unit price as given, else
 * the line's default price (none → 422 naming every such line's unitPrice);
 * tax rate as given, else the item's; no discount unless given. Amounts in the
 * order's currency and in base at its rate.
 */
export async function priceLines(
  services: Services,
  terms: DocumentTerms,
  input: LineTermsRequest[],
  items: Array<{ id: number; sku: string; taxRate: number | null; defaultPrice: number | null }>,
  noPrice: { line: (sku: string) => Message; document: (count: number) => Message },
  tx: Transaction,
): Promise<PricedLines> {
  const { currency, pricesIncludeTax } = terms;
  const rate = await services.exchangeRates.documentRate({ currency, date: terms.date, rate: terms.rate }, ['rate'], tx);
  const errors: FieldIssue[] = [];
  const lines = input.map((l, i) => {
    const unitPrice = l.unitPrice !== undefined ? toScaled(l.unitPrice, 'price') : items[i]!.defaultPrice;
    if (unitPrice === null) errors.push(fieldError(['lines', i, 'unitPrice'], noPrice.line(items[i]!.sku)));
    return {
      qty: toScaled(l.qty, 'qty'),
      unitPrice: unitPrice ?? 0,
      discount: l.discount === undefined ? 0 : toScaled(l.discount, 'rate'),
      taxRate: l.taxRate !== undefined ? toScaled(l.taxRate, 'rate') : (items[i]!.taxRate ?? 0),
    };
  });
  if (errors.length) throw invalid(noPrice.document(errors.length), errors);
  const amounts = documentAmounts(lines, { pricesIncludeTax, rate });
  return {
    currency,
    rate,
    pricesIncludeTax,
    subtotal: amounts.subtotal,
    tax: amounts.tax,
    total: amounts.total,
    baseSubtotal: amounts.baseSubtotal,
    baseTax: amounts.baseTax,
    baseTotal: amounts.baseTotal,
    lines: lines.map((l, i) => ({ line: i, itemId: items[i]!.id, ...l, ...amounts.lines[i]! })),
  };
}

/**
 * Prices a purchase order: the default price is the supplier's contract price
 * valid on the date, else the item's purchase price. Each line's net unit cost
 * in base is what receipts bring its stock in at.
 */
export async function priceOrder(services: Services, terms: OrderTerms, input: PurchaseOrderLineRequest[], items: OrderItem[], tx: Transaction): Promise<PricedOrder> {
  const currency = terms.currency ?? terms.supplier.currency;
  const qtys = input.map((l) => toScaled(l.qty, 'qty'));
  const contract = await contractPrices(services.db, { supplierId: terms.supplier.id, date: terms.date, currency }, items.map((item, i) => ({ itemId: item.id, qty: qtys[i]! })), tx);
  const priced = await priceLines(
    services,
    { currency, date: terms.date, rate: terms.rate, pricesIncludeTax: terms.pricesIncludeTax },
    input,
    items.map((item, i) => ({ ...item, defaultPrice: contract[i] ?? item.purchasePrice })),
    { line: (sku) => msg('purchase-order.no-price', { sku }), document: (count) => msg('purchase-order.no-prices', { count }) },
    tx,
  );
  return {
    ...priced,
    // cents / thousandths → ten-thousandths: × 100 (cents → 1e4) × 1000 (per unit, not per thousandth).
    lines: priced.lines.map((l, i) => ({ ...l, baseUnitCost: mulDivRound(l.baseAmount, 100_000, l.qty), contractPrice: contract[i] ?? null })),
  };
}
