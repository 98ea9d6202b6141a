import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Models } from '../db/models';
import { AuditLog } from './audit/audit-log';
import { ActorCache } from './auth/actor-cache';
import { LoginLimiter } from './auth/login-limiter';
import { PasswordHasher } from './auth/passwords';
import { TokenStore } from './auth/tokens';
import { IdempotencyStore } from './idempotency';
import type { ServerKeys } from './server-keys';
import { StockLedger } from '../ledgers/stock-ledger';
import { GeneralLedger } from '../ledgers/general-ledger';
import { ExchangeRates } from '../ledgers/exchange-rates';
import { OpenItems } from '../ledgers/open-items';
import { BusinessCalendar } from './business-calendar';

/** What use cases and routes are given; built once per app. */
export interface Services {
  config: Config;
  db: Database;
  models: Models;
  audit: AuditLog;
  idempotency: IdempotencyStore;
  tokens: TokenStore;
  passwords: PasswordHasher;
  loginLimiter: LoginLimiter;
  log: Logger;
  actors: ActorCache;
  /** Business dates: today in BUSINESS_TIMEZONE. */
  calendar: BusinessCalendar;
  /** The one gate for stock. */
  stockLedger: StockLedger;
  /** The one gate for money. */
  generalLedger: GeneralLedger;
  /** The rate a document takes on its date (`rateOn`). */
  exchangeRates: ExchangeRates;
  /** Receivables, payables and their allocations; realized FX through the money gate. */
  openItems: OpenItems;
}

export function createServices(config: Config, db: Database, models: Models, log: Logger, keys: ServerKeys): Services {
  const calendar = new BusinessCalendar(config.businessTimezone);
  const generalLedger = new GeneralLedger(db, calendar, config.baseCurrency);
  return {
    calendar,
    config,
    db,
    models,
    log,
    audit: new AuditLog(models, db, keys.audit),
    idempotency: new IdempotencyStore(db, keys.idempotency, config.idempotencyTtlHours),
    tokens: new TokenStore(models, config.tokenTtlMinutes),
    passwords: new PasswordHasher(config.passwordHashCost),
    loginLimiter: new LoginLimiter(db, keys.loginLimit, {
      perUsername: config.loginFailuresPerUsername,
      perIp: config.loginFailuresPerIp,
      windowSeconds: config.loginWindowSeconds,
    }),
    actors: new ActorCache(config.authCacheSeconds * 1000),
    stockLedger: new StockLedger(db, calendar),
    generalLedger,
    exchangeRates: new ExchangeRates(db, config.baseCurrency),
    openItems: new OpenItems(db, generalLedger, calendar),
  };
}
