import { divRound } from '../ledgers/valuation';

/**
 * Line, tax and header amounts of a business document (API.md "Lines and tax"),
 * in the scaled integers of contract/decimals.ts: quantities in thousandths,
 * unit prices in ten-thousandths, discounts, tax rates and exchange rates in
 * millionths, money in cents. Every product is formed in BigInt and rounded
 * once, half away from zero, so no intermediate loses precision.
 */

export interface PricedLine {
  /** Thousandths; negative on a credit or debit note. */
  qty: number;
  /** Ten-thousandths, in the document currency. */
  unitPrice: number;
  /** Millionths of the price taken off (0.05 → 50_000); none when absent. */
  discount?: number;
  /** Millionths (13 % → 130_000). */
  taxRate: number;
}

/** Cents in the document currency; the line's gross is amount + tax. */
export interface LineAmounts {
  amount: number;
  tax: number;
}

export interface DocumentLineAmounts extends LineAmounts {
  baseAmount: number;
  baseTax: number;
}

export interface DocumentAmounts {
  lines: DocumentLineAmounts[];
  subtotal: number;
  tax: number;
  total: number;
  baseSubtotal: number;
  baseTax: number;
  baseTotal: number;
}

export interface PricingTerms {
  /** 含税单价: unit prices include VAT. */
  pricesIncludeTax: boolean;
  /** Base-currency units per document-currency unit, in millionths (the base currency: 1_000_000). */
  rate: number;
}

const ONE = 1_000_000n; // 1 in millionths
const PRICE_PRODUCT_PER_CENT = 10n ** 11n; // qty ×1e3 · price ×1e4 · (1 − discount) ×1e6 → cents ×1e2

/**
 * amount = round(qty × unitPrice × (1 − discount)), tax = round(amount × taxRate);
 * with prices including tax that product is the gross instead:
 * amount = round(gross / (1 + taxRate)), tax = gross − amount.
 */
export function lineAmounts(line: PricedLine, pricesIncludeTax: boolean): LineAmounts {
  const discount = BigInt(line.discount ?? 0);
  const taxRate = BigInt(line.taxRate);
  if (discount < 0n || discount > ONE) throw new RangeError(`discount ${line.discount} is not a fraction between 0 and 1`);
  if (taxRate < 0n) throw new RangeError(`tax rate ${line.taxRate} is negative`);
  const priced = divRound(BigInt(line.qty) * BigInt(line.unitPrice) * (ONE - discount), PRICE_PRODUCT_PER_CENT);
  if (!pricesIncludeTax) return { amount: cents(priced), tax: cents(divRound(priced * taxRate, ONE)) };
  const amount = divRound(priced * ONE, ONE + taxRate);
  return { amount: cents(amount), tax: cents(priced - amount) };
}

/**
 * The lines' amounts, the header sums and both in base currency.
 *
 * Base amounts are converted on the header and the rounding difference goes
 * to a line, not the other way round: baseTotal = round(total × rate) and
 * baseTax = round(tax × rate) are what the receivable or payable and the VAT
 * account hold, so a payment of the whole total at the document's own rate
 * meets exactly the open item's base value (no false FX difference of a cent);
 * baseSubtotal = baseTotal − baseTax keeps the journal balanced. Each line gets
 * round(amount × rate) and round(tax × rate), and what those miss of the header
 * goes to the line with the largest amount (largest tax for the tax column,
 * first on ties), so the lines always sum to the header.
 */
export function documentAmounts(lines: readonly PricedLine[], terms: PricingTerms): DocumentAmounts {
  if (!(terms.rate > 0)) throw new RangeError(`rate ${terms.rate} is not positive`);
  const priced = lines.map((line) => lineAmounts(line, terms.pricesIncludeTax));
  const subtotal = sum(priced.map((l) => l.amount));
  const tax = sum(priced.map((l) => l.tax));
  const baseTotal = toBase(subtotal + tax, terms.rate);
  const baseTax = toBase(tax, terms.rate);
  const baseSubtotal = baseTotal - baseTax;
  const baseAmounts = spread(priced.map((l) => l.amount), baseSubtotal, terms.rate);
  const baseTaxes = spread(priced.map((l) => l.tax), baseTax, terms.rate);
  return {
    lines: priced.map((l, i) => ({ ...l, baseAmount: baseAmounts[i]!, baseTax: baseTaxes[i]! })),
    subtotal,
    tax,
    total: subtotal + tax,
    baseSubtotal,
    baseTax,
    baseTotal,
  };
}

/** Cents in the document currency as cents in base currency at a rate in millionths. */
export function toBase(amount: number, rate: number): number {
  return cents(divRound(BigInt(amount) * BigInt(rate), ONE));
}

/** Each amount converted at the rate, the largest taking what they miss of the converted header. */
function spread(amounts: number[], header: number, rate: number): number[] {
  const converted = amounts.map((a) => toBase(a, rate));
  const difference = header - sum(converted);
  if (difference === 0) return converted;
  const largest = amounts.reduce((best, a, i) => (Math.abs(a) > Math.abs(amounts[best]!) ? i : best), 0);
  converted[largest] = converted[largest]! + difference;
  return converted;
}

function sum(values: number[]): number {
  return cents(values.reduce((total, v) => total + BigInt(v), 0n));
}

/** Amounts beyond 2^53 cents would no longer be exact as numbers: refuse them rather than round. */
function cents(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} cents is too large`);
  return n;
}
