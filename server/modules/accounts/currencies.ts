import type { Transaction } from 'sequelize';
import { fromScaled, toScaled } from '../../../contract/decimals';
import type { CreateCurrencyRequest, CurrencyView, ExchangeRateRequest, ExchangeRatesQuery, ExchangeRateView } from '../../../contract/finance';
import { execute, insertRow, selectOne, selectRows } from '../../db/sql';
import { conflict, fieldError, invalid } from '../../platform/errors';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

interface CurrencyRow {
  code: string;
  name: string;
  decimals: number | string;
}

const currencyView = (services: Services, r: CurrencyRow): CurrencyView => ({ code: r.code, name: r.name, decimals: Number(r.decimals), base: r.code === services.config.baseCurrency });

export async function listCurrencies(services: Services, page: { limit: number; offset: number }): Promise<{ data: CurrencyView[]; total: number }> {
  const rows = await selectRows<CurrencyRow>(services.db, 'SELECT code, name, decimals FROM currencies ORDER BY code LIMIT :limit OFFSET :offset', page);
  const count = await selectOne<{ n: number | string }>(services.db, 'SELECT COUNT(*) AS n FROM currencies');
  return { data: rows.map((r) => currencyView(services, r)), total: Number(count?.n ?? 0) };
}

async function findCurrency(services: Services, code: string, tx: Transaction): Promise<CurrencyRow | null> {
  return selectOne<CurrencyRow>(services.db, 'SELECT code, name, decimals FROM currencies WHERE code = :code', { code }, tx);
}

export async function createCurrency(services: Services, input: CreateCurrencyRequest, tx: Transaction): Promise<CurrencyView> {
  if (await findCurrency(services, input.code, tx)) {
    throw conflict(msg('record.duplicate:currency-code', { code: input.code }), [fieldError(['code'], msg('record.duplicate:field'))]);
  }
  const row = { code: input.code, name: input.name, decimals: input.decimals ?? 2 };
  await execute(services.db, 'INSERT INTO currencies (code, name, decimals, created_at) VALUES (:code, :name, :decimals, :now)', { ...row, now: services.calendar.now() }, tx);
  return currencyView(services, row);
}

interface RateRow {
  currency: string;
  date: string;
  rate: number | string;
}

const rateView = (r: RateRow): ExchangeRateView => ({ currency: r.currency, date: r.date, rate: fromScaled(r.rate, 'rate') });

export async function listRates(services: Services, query: ExchangeRatesQuery): Promise<{ data: ExchangeRateView[]; total: number }> {
  const conditions = [query.currency && 'currency = :currency', query.from && 'date >= :from', query.to && 'date <= :to'].filter(Boolean);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const rows = await selectRows<RateRow>(services.db, `SELECT currency, date, rate FROM exchange_rates${where} ORDER BY currency, date, id LIMIT :limit OFFSET :offset`, query);
  const count = await selectOne<{ n: number | string }>(services.db, `SELECT COUNT(*) AS n FROM exchange_rates${where}`, query);
  return { data: rows.map(rateView), total: Number(count?.n ?? 0) };
}

/**
 * A rate is added, never replaced: an earlier one for the same day stays for
 * the record, and this one is the day's rate for lookups from now on.
 */
export async function addRate(services: Services, input: ExchangeRateRequest, tx: Transaction): Promise<ExchangeRateView> {
  const { currency } = input;
  if (currency === services.config.baseCurrency) {
    throw invalid(msg('rate.base-currency', { code: currency }), [fieldError(['currency'], msg('rate.base-currency:field'))]);
  }
  if (!(await findCurrency(services, currency, tx))) {
    throw invalid(msg('currency.unknown', { code: currency }), [fieldError(['currency'], msg('currency.unknown:field', { code: currency }))]);
  }
  const row = { currency, date: input.date, rate: toScaled(input.rate, 'rate') };
  await insertRow(services.db, 'exchange_rates', { ...row, created_at: services.calendar.now() }, tx);
  return rateView(row);
}

/** A BASE_CURRENCY the seed does not know is added at start, so documents and rates can name it. */
export async function ensureBaseCurrency(services: Services): Promise<void> {
  const code = services.config.baseCurrency;
  await services.db.sequelize.query('INSERT INTO currencies (code, name, decimals, created_at) VALUES (:code, :code, 2, :now) ON CONFLICT (code) DO NOTHING', {
    replacements: { code, now: services.calendar.now() },
  });
}
