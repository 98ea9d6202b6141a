import Decimal from 'decimal.js';
import { z } from 'zod';
import { expected, msgKey } from './validation-issues';

/** Decimal places allowed per kind of number (DESIGN.md principle 3). */
export const SCALES = { qty: 3, money: 2, price: 4, rate: 6 } as const;
export type ScaleKind = keyof typeof SCALES;

export function decimalPlaces(n: number): number {
  return new Decimal(n).decimalPlaces();
}

/** An API number as an exact integer count of its smallest unit (e.g. 1.25 CNY → 125). */
export function toScaled(n: number, kind: ScaleKind): number {
  const scaled = new Decimal(n).times(10 ** SCALES[kind]);
  if (!scaled.isInteger()) throw new RangeError(`${n} has more than ${SCALES[kind]} decimals`);
  return scaled.toNumber();
}

/**
 * The inverse of toScaled; accepts what drivers return for BIGINT (number, string or bigint).
 * For an exact integer, one IEEE division by a power of ten is correctly rounded, so it gives
 * the same double as reading the decimal text: no decimal library is needed on this hot path
 * (a 10,000-row balance page converts 50,000 numbers).
 */
export function fromScaled(i: number | string | bigint, kind: ScaleKind): number {
  const n = typeof i === 'number' ? i : Number(i);
  if (Number.isSafeInteger(n)) return n / 10 ** SCALES[kind];
  return new Decimal(i.toString()).dividedBy(10 ** SCALES[kind]).toNumber();
}

type NumberOptions = { min?: number; positive?: boolean; nonZero?: boolean };

/** A JSON number with at most the kind's decimals; more precision is refused, never rounded. */
/** A scaled integer as text with exactly its kind's decimals (`1234` money → "12.34"), for messages. */
export function scaledText(i: number | string | bigint, kind: ScaleKind): string {
  return fromScaled(i, kind).toFixed(SCALES[kind]);
}

export function decimalNumber(kind: ScaleKind, options: NumberOptions = {}) {
  const places = SCALES[kind];
  return z
    .number({ error: expected('validation.type:number') })
    .refine((n) => decimalPlaces(n) <= places, { message: msgKey(`validation.too-precise:${kind}`), params: { places } })
    .refine((n) => Math.abs(n) < 1e12, { message: msgKey('validation.too-large:number') })
    .refine((n) => options.min === undefined || n >= options.min, { message: msgKey('validation.too-small'), params: { min: options.min } })
    .refine((n) => !options.positive || n > 0, { message: msgKey('validation.too-small:positive') })
    .refine((n) => !options.nonZero || n !== 0, { message: msgKey('validation.zero') });
}
