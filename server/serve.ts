import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import { openDatabase } from './db/database';
import type { Services } from './platform/services';

export interface RunningServer {
  url: string;
  services: Services;
  /** Stops taking connections, lets in-flight requests finish, then closes the database. */
  stop(): Promise<void>;
}

export async function serve(config: Config, log: Logger): Promise<RunningServer> {
  const db = openDatabase(config.databaseUrl);
  const { app, services, close } = await createApp(config, db, log);
  const tls = Boolean(config.tlsCertPath && config.tlsKeyPath);
  const server = tls
    ? https.createServer({ cert: fs.readFileSync(config.tlsCertPath!), key: fs.readFileSync(config.tlsKeyPath!) }, app)
    : http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const url = `${tls ? 'https' : 'http'}://localhost:${(server.address() as AddressInfo).port}`;
  log.info({ url, db: db.dialect }, 'JXC is listening');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= new Promise<void>((resolve, reject) => {
      server.close(async (err) => {
        try {
          close();
          await db.close();
          log.info('stopped');
          if (err) reject(err);
          else resolve();
        } catch (e) {
          reject(e);
        }
      });
      // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
      server.closeIdleConnections();
    });
    return stopping;
  };
  return { url, services, stop };
}
