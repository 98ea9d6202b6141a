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
