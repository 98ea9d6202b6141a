import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import { selectRows } from '../../db/sql';

export interface CurrencyFacts {
  code: string;
  decimals: number;
}

/** The currencies among `codes` that exist, by code. */
export async function currenciesOf(db: Database, codes: string[], tx: Transaction): Promise<Map<string, CurrencyFacts>> {
  if (!codes.length) return new Map();
  const rows = await selectRows<{ code: string; decimals: number | string }>(db, 'SELECT code, decimals FROM currencies WHERE code IN (:codes)', { codes }, tx);
  return new Map(rows.map((r) => [r.code, { code: r.code, decimals: Number(r.decimals) }]));
}

/**
 * Each currency's latest rate (×1,000,000) on or before `date`; a later rate of
 * the same day replaces an earlier one. Currencies without one are left out.
 */
export async function latestRates(db: Database, currencies: string[], date: string, tx: Transaction): Promise<Map<string, number>> {
  const rates = new Map<string, number>();
  for (const currency of currencies) {
    const [row] = await selectRows<{ rate: number | string }>(
      db,
      'SELECT rate FROM exchange_rates WHERE currency = :currency AND date <= :date ORDER BY date DESC, id DESC LIMIT 1',
      { currency, date },
      tx,
    );
    if (row) rates.set(currency, Number(row.rate));
  }
  return rates;
}
