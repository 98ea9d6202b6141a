import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createApp, createLogger } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/database';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = openDatabase(config.databaseUrl);
  const { app } = await createApp(config, db, log);
  const tls = config.tlsCertPath && config.tlsKeyPath;
  const server = tls
    ? https.createServer({ cert: fs.readFileSync(config.tlsCertPath!), key: fs.readFileSync(config.tlsKeyPath!) }, app)
    : http.createServer(app);
  server.listen(config.port, () => {
    const url = `${tls ? 'https' : 'http'}://localhost:${config.port}`;
    log.info({ url, db: db.dialect }, 'JXC is listening');
    process.stdout.write(`JXC ${db.dialect} — admin page ${url}/admin/ · add-in ${url}/addin/taskpane.html · API ${url}/api/v1\n`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'finishing in-flight requests, then closing the database');
    server.close(async () => {
      await db.close();
      log.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`JXC failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
