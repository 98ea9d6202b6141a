import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { dialectOf } from '../db/database';

/** Secrets of this installation; every server process on one database must hold the same ones. */
export interface ServerKeys {
  /** Keys the audit chain's HMAC: AUDIT_KEY as given, or the content of the generated key file. */
  audit: Buffer;
  /** Keys the fingerprints of Idempotency-Key records. */
  idempotency: Buffer;
  /** Keys the login limiter's counters, so they store no usernames or addresses. */
  loginLimit: Buffer;
}

const MIN_KEY_LENGTH = 32;
export const KEY_FILE_NAME = 'audit.key';

/** Where a generated key lives: next to the SQLite file, or in ./data for PostgreSQL. */
export function auditKeyFile(databaseUrl: string, cwd = process.cwd()): string {
  if (dialectOf(databaseUrl) === 'sqlite') {
    const storage = databaseUrl.slice('sqlite:'.length);
    if (storage && storage !== ':memory:') return path.join(path.dirname(path.resolve(cwd, storage)), KEY_FILE_NAME);
  }
  return path.join(cwd, 'data', KEY_FILE_NAME);
}

/**
 * Reads the key file, creating it first if there is none. The file is written
 * under a temporary name and linked into place, so two processes starting at
 * once end up with the same key and neither ever reads a half-written file.
 */
function readOrCreateKeyFile(file: string, log: Logger): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(temporary, file);
      log.warn({ file }, 'AUDIT_KEY is not set: generated an audit key into this file; keep a copy of it with your backups');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.unlinkSync(temporary);
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

function derive(master: Buffer, purpose: string): Buffer {
  return createHmac('sha256', master).update(`jxc/${purpose}`).digest();
}

export function serverKeysFrom(auditKey: string): ServerKeys {
  if (auditKey.length < MIN_KEY_LENGTH) throw new Error(`AUDIT_KEY must be at least ${MIN_KEY_LENGTH} characters (e.g. openssl rand -hex 32)`);
  const audit = Buffer.from(auditKey, 'utf8');
  return { audit, idempotency: derive(audit, 'idempotency'), loginLimit: derive(audit, 'login-limit') };
}

/** AUDIT_KEY when set; otherwise the key generated into the data folder on first start. */
export function loadServerKeys(config: Config, log: Logger, cwd = process.cwd()): ServerKeys {
  return serverKeysFrom(config.auditKey ?? readOrCreateKeyFile(auditKeyFile(config.databaseUrl, cwd), log));
}

/** A keyed digest as hex: what is stored wherever a plain hash could be brute-forced back to its input. */
export function keyedDigest(key: Buffer, ...parts: string[]): string {
  const mac = createHmac('sha256', key);
  // Lengths first, so no two different part lists run together into the same input.
  for (const part of parts) mac.update(`${Buffer.byteLength(part)}:`).update(part);
  return mac.digest('hex');
}
