import type { Transaction } from 'sequelize';
import { toScaled } from '../../../contract/decimals';
import type { Database } from '../../db/database';
import { selectOne } from '../../db/sql';
import { fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';

export const BASE_RATE = 1_000_000;

/**
 * The latest rate (×1,000,000) on or before the date, or null; of two rates
 * for one day the later one. The base currency is always 1.
 */
async function rateOn(db: Database, baseCurrency: string, currency: string, date: string, tx: Transaction): Promise<number | null> {
  if (currency === baseCurrency) return BASE_RATE;
  const row = await selectOne<{ rate: number | string }>(
    db,
    'SELECT rate FROM exchange_rates WHERE currency = :currency AND date <= :date ORDER BY date DESC, id DESC LIMIT 1',
    { currency, date },
    tx,
  );
  return row ? Number(row.rate) : null;
}

/**
 * A document's rate for its currency (API.md "Currency"): the one given, else
 * the latest on or before its date; none is a 422 naming `path`. The base
 * currency's rate is 1, and a different one given for it is refused.
 */
export async function documentRate(
  db: Database,
  baseCurrency: string,
  doc: { currency: string; date: string; rate?: number },
  path: string,
  tx: Transaction,
): Promise<number> {
  if (doc.currency === baseCurrency) {
    if (doc.rate !== undefined && doc.rate !== 1) {
      throw invalid(msg('cash.rate-base', { currency: baseCurrency }), [fieldError([path], msg('cash.rate-base:field', { currency: baseCurrency }))]);
    }
    return BASE_RATE;
  }
  if (doc.rate !== undefined) return toScaled(doc.rate, 'rate');
  const rate = await rateOn(db, baseCurrency, doc.currency, doc.date, tx);
  if (rate !== null) return rate;
  const named = { currency: doc.currency, date: doc.date };
  throw invalid(msg('cash.rate-missing', named), [fieldError([path], msg('cash.rate-missing:field', named))]);
}
