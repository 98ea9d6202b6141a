import type { Transaction } from 'sequelize';
import type { Database } from '../db/database';
import { selectOne } from '../db/sql';
import { fieldError, invalid } from '../platform/errors';
import { msg } from '../platform/i18n/message';

/** The base currency's rate: one unit is one unit of base, ×1,000,000. */
export const BASE_RATE = 1_000_000;

/**
 * Exchange rates by date (API.md "Documents": a document takes the latest
 * rate on or before its date). Rates are base-currency units for one unit of
 * the currency, kept ×1,000,000 as exact integers. A day may hold more than
 * one rate: all are kept, and the one entered last is the day's rate for
 * every lookup made after it, so documents already posted keep theirs.
 */
export class ExchangeRates {
  constructor(
    private readonly db: Database,
    readonly baseCurrency: string,
  ) {}

  /**
   * The rate (×1,000,000) a document in `currency` dated `date` takes: the
   * base currency's is always 1,000,000; otherwise the latest rate on or
   * before the date. None → 422 naming `field` (default `rate`, the field a
   * document request would carry it in), so the caller may give the rate itself.
   */
  async rateOn(currency: string, date: string, tx?: Transaction, field: Array<string | number> = ['rate']): Promise<number> {
    const rate = await this.findRateOn(currency, date, tx);
    if (rate !== null) return rate;
    throw invalid(msg('rate.missing', { currency, date }), [fieldError(field, msg('rate.missing:field', { currency, date }))]);
  }

  /**
   * A document's rate for its currency (API.md "Currency"): the one given
   * (scaled ×1,000,000), else the latest on or before its date; none is a 422
   * naming `field`. The base currency's rate is 1, and another given for it is refused.
   */
  async documentRate(doc: { currency: string; date: string; rate?: number }, field: Array<string | number>, tx?: Transaction): Promise<number> {
    if (doc.currency === this.baseCurrency) {
      if (doc.rate !== undefined && doc.rate !== BASE_RATE) {
        throw invalid(msg('rate.base', { currency: this.baseCurrency }), [fieldError(field, msg('rate.base:field', { currency: this.baseCurrency }))]);
      }
      return BASE_RATE;
    }
    return doc.rate ?? this.rateOn(doc.currency, doc.date, tx, field);
  }

  /** As `rateOn`, but null when there is no rate to take. */
  async findRateOn(currency: string, date: string, tx?: Transaction): Promise<number | null> {
    if (currency === this.baseCurrency) return BASE_RATE;
    const row = await selectOne<{ rate: number | string }>(
      this.db,
      'SELECT rate FROM exchange_rates WHERE currency = :currency AND date <= :date ORDER BY date DESC, id DESC LIMIT 1',
      { currency, date },
      tx,
    );
    return row ? Number(row.rate) : null;
  }
}
