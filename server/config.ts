import path from 'node:path';

export interface Config {
  port: number;
  databaseUrl: string;
  adminPassword: string | undefined;
  tlsCertPath: string | undefined;
  tlsKeyPath: string | undefined;
  /** Origins allowed to call the API from a browser, and the only ones besides its own server that the task pane may connect to. */
  corsOrigins: string[];
  tokenTtlMinutes: number;
  /** How long a signed-in actor is reused without reloading it (changes made through this process apply at once). */
  authCacheSeconds: number;
  passwordHashCost: number;
  bodyLimit: string;
  loginFailuresPerUsername: number;
  loginFailuresPerIp: number;
  loginWindowSeconds: number;
  logLevel: string;
  trustProxy: boolean;
  /** The zone whose calendar decides "today" for document dates, numbering years and expiry. */
  businessTimezone: string;
  /** Key of the audit chain's HMAC; when unset, one is generated into the data folder on first start. */
  auditKey: string | undefined;
  /** How long an Idempotency-Key's recorded response is kept (and replayed). */
  idempotencyTtlHours: number;
  /** The currency journal debits and credits are kept in. */
  baseCurrency: string;
  /** Percent a receipt may exceed its order line by, cumulatively, where the item names none. */
  overReceiptTolerance: number;
  /** Percent an invoice price may differ from the order's before the invoice is held. */
  priceVarianceTolerance: number;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`expected an integer, got "${value}"`);
  return n;
}

function percent(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1000) throw new Error(`expected a percentage 0–1000, got "${value}"`);
  return n;
}

export function defaultDatabaseUrl(cwd = process.cwd()): string {
  return `sqlite:${path.join(cwd, 'data', 'jxc.sqlite')}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000),
    databaseUrl: env.DATABASE_URL || defaultDatabaseUrl(),
    adminPassword: env.ADMIN_PASSWORD || undefined,
    tlsCertPath: env.TLS_CERT || undefined,
    tlsKeyPath: env.TLS_KEY || undefined,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    tokenTtlMinutes: int(env.TOKEN_TTL_MINUTES, 12 * 60),
    authCacheSeconds: int(env.AUTH_CACHE_SECONDS, 2),
    passwordHashCost: int(env.PASSWORD_HASH_COST, 11),
    bodyLimit: env.BODY_LIMIT || '10mb',
    loginFailuresPerUsername: int(env.LOGIN_FAILURES_PER_USERNAME, 10),
    loginFailuresPerIp: int(env.LOGIN_FAILURES_PER_IP, 100),
    loginWindowSeconds: int(env.LOGIN_WINDOW_SECONDS, 15 * 60),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    businessTimezone: env.BUSINESS_TIMEZONE || 'Asia/Shanghai',
    auditKey: env.AUDIT_KEY || undefined,
    idempotencyTtlHours: int(env.IDEMPOTENCY_TTL_HOURS, 24),
    baseCurrency: (env.BASE_CURRENCY || 'CNY').toUpperCase(),
    overReceiptTolerance: percent(env.OVER_RECEIPT_TOLERANCE, 0),
    priceVarianceTolerance: percent(env.PRICE_VARIANCE_TOLERANCE, 0),
  };
}
