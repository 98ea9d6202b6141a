import { purchaseOrdersRoutes } from './modules/purchase-orders/routes';
import { goodsReceiptsRoutes } from './modules/goods-receipts/routes';
import { purchaseInvoicesRoutes } from './modules/purchase-invoices/routes';
import { supplierPaymentsRoutes } from './modules/supplier-payments/routes';
import { suppliersAdminRoutes } from './modules/suppliers-admin/routes';
import { salesOrdersRoutes } from './modules/sales-orders/routes';
import { shipmentsRoutes } from './modules/shipments/routes';
import { salesInvoicesRoutes } from './modules/sales-invoices/routes';
import { customerReceiptsRoutes } from './modules/customer-receipts/routes';
import { customersAdminRoutes } from './modules/customers-admin/routes';
import { accountsRoutes } from './modules/accounts/routes';
import { ensureBaseCurrency } from './modules/accounts/currencies';
import { cashRoutes } from './modules/cash/routes';
import { journalRoutes } from './modules/journal/routes';
import { periodsRoutes } from './modules/periods/routes';
import { reportsRoutes } from './modules/reports/routes';
import path from 'node:path';
import cors from 'cors';
import express, { Express, Router } from 'express';
import helmet from 'helmet';
import pino, { DestinationStream, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import type { Database } from './db/database';
import { defineModels } from './db/models';
import { migrate } from './db/migrate';
import { whileStartingAlone } from './db/startup-lock';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { permissionRoutes, roleRoutes } from './modules/roles/routes';
import { userRoutes } from './modules/users/routes';
import { warehouseRoutes } from './modules/warehouses/routes';
import { itemRoutes } from './modules/items/routes';
import { customerRoutes, supplierRoutes } from './modules/partners/routes';
import { stockRoutes } from './modules/stock/routes';
import { stocktakeRoutes } from './modules/stocktakes/routes';
import { authenticateBearer, createPassport } from './platform/auth/passport';
import { bootstrap } from './platform/bootstrap';
import { Housekeeping } from './platform/housekeeping';
import { Http } from './platform/http';
import { REDACTED_PATHS } from './platform/log-redaction';
import { notFoundRoute, problemHandler } from './platform/problem-handler';
import { loadServerKeys } from './platform/server-keys';
import { createServices, Services } from './platform/services';
import { projectRoot, version } from './version';

export interface App {
  app: Express;
  services: Services;
  /** Stops the app's timers; the caller closes the database it passed in. */
  close(): void;
}

const STRICT_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * The task pane runs inside Excel's frame (desktop and web), so it may be framed by Office hosts.
 * It talks to its own server only, and to the origins configured in CORS_ORIGINS.
 */
function addinCsp(config: Config) {
  return {
    useDefaults: false,
    directives: {
      ...STRICT_CSP.directives,
      scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
      connectSrc: ["'self'", ...config.corsOrigins],
      frameAncestors: ["'self'", 'https://*.officeapps.live.com', 'https://*.office.com', 'https://*.office365.com', 'https://*.sharepoint.com', 'https://*.microsoft.com'],
    },
  };
}

function apiRouter(services: Services): Router {
  const http = new Http(services);
  const passport = createPassport(services);
  const authenticate = authenticateBearer(passport, http);
  const api = Router();
  api.use(express.json({ limit: services.config.bodyLimit }));
  api.get('/health', async (_req, res) => {
    await services.db.sequelize.query('SELECT 1');
    res.json({ status: 'ok', db: services.db.dialect, version, time: services.calendar.now().toISOString(), businessDate: services.calendar.today() });
  });
  api.use('/auth', authRoutes(services, http, passport, authenticate));
  api.use(authenticate);
  api.use('/users', userRoutes(http));
  api.use('/roles', roleRoutes(http));
  api.use('/permissions', permissionRoutes(http));
  api.use('/audit-log', auditRoutes(http));
  api.use('/warehouses', warehouseRoutes(http));
  api.use('/items', itemRoutes(http));
  // Before /suppliers: its /suppliers/performance is not a supplier id.
  api.use(suppliersAdminRoutes(http));
  api.use('/suppliers', supplierRoutes(http));
  // Fixed paths under /customers (abc, rfm, :id/credit …) and /shipments (uninvoiced) before the routers with `/:id`.
  api.use(customersAdminRoutes(http));
  api.use(salesOrdersRoutes(http));
  api.use(salesInvoicesRoutes(http));
  api.use(shipmentsRoutes(http));
  api.use(customerReceiptsRoutes(http));
  api.use('/customers', customerRoutes(http));
  api.use('/stock', stockRoutes(http));
  api.use('/stocktakes', stocktakeRoutes(http));
  api.use(accountsRoutes(http));
  api.use(cashRoutes(http));
  api.use(journalRoutes(http));
  api.use(periodsRoutes(http));
  // Before the orders' /purchase-orders/:id: these routers own fixed paths under /purchase-orders (uninvoiced, receipts).
  api.use(purchaseInvoicesRoutes(http));
  api.use(goodsReceiptsRoutes(http));
  api.use(purchaseOrdersRoutes(http));
  api.use(supplierPaymentsRoutes(http));
  api.use(reportsRoutes(http));
  return api;
}

function staticPages(app: Express, config: Config): void {
  const pub = path.join(projectRoot, 'dist', 'public');
  const noIndex = { index: false as const, fallthrough: true };
  app.use('/addin/office', express.static(path.join(projectRoot, 'node_modules', '@microsoft', 'office-js', 'dist'), noIndex));
  app.use('/addin', helmet.contentSecurityPolicy(addinCsp(config)), express.static(path.join(pub, 'addin')));
  app.use('/admin', helmet.contentSecurityPolicy(STRICT_CSP), express.static(path.join(pub, 'admin'), { index: 'index.html' }));
  app.get('/', (_req, res) => res.redirect('/admin/'));
}

/** The app's logger; no line it writes carries a password, token or authorization header. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: REDACTED_PATHS }, destination);
}

/** Builds the app on an open database: applies migrations and seeds before it answers anything. */
export async function createApp(config: Config, db: Database, log: Logger = createLogger(config.logLevel)): Promise<App> {
  // Another instance may be starting on the same database right now: one of them prepares it, then the other.
  const services = await whileStartingAlone(db, async () => {
    await migrate(db);
    const prepared = createServices(config, db, defineModels(db.sequelize), log, loadServerKeys(config, log));
    await prepared.audit.adoptKey(log);
    await ensureBaseCurrency(prepared);
    await bootstrap(prepared, (line, secret) => {
      // A generated password goes to the console once, never into the structured log.
      log.warn(secret ? 'First start: created user "admin" with a generated password, shown once on the console' : line);
      if (secret && log.level !== 'silent') process.stdout.write(`\n${line}\n\n`);
    });
    return prepared;
  });
  const housekeeping = new Housekeeping(services);
  await housekeeping.purge();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(helmet({ contentSecurityPolicy: false, frameguard: false }));
  app.use(pinoHttp({ logger: log, autoLogging: { ignore: (req) => req.url === '/api/v1/health' } }));
  app.use('/api', cors({ origin: config.corsOrigins.length ? config.corsOrigins : false, allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'], exposedHeaders: ['ETag'] }));
  app.use('/api/v1', apiRouter(services));
  staticPages(app, config);
  app.use(notFoundRoute);
  app.use(problemHandler(log));
  housekeeping.start();
  return { app, services, close: () => housekeeping.stop() };
}
