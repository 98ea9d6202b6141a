import { createLogger } from './app';
import { loadConfig } from './config';
import { serve } from './serve';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await serve(config, log);
  process.stdout.write(`JXC — admin page ${running.url}/admin/ · add-in ${running.url}/addin/taskpane.html · API ${running.url}/api/v1\n`);
  const shutdown = (signal: string) => {
    log.info({ signal }, 'finishing in-flight requests, then closing the database');
    setTimeout(() => process.exit(1), 30_000).unref();
    running.stop().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`JXC failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
