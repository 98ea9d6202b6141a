import type { Request, RequestHandler, Response } from 'express';
import { Transaction, UniqueConstraintError } from 'sequelize';
import type { ZodType } from 'zod';
import type { Actor } from './actor';
import type { AuditEntry } from './audit/audit-log';
import { AppError, fromZod, invalid } from './errors';
import { requestFingerprint, StoredResponse } from './idempotency';
import { toAppError } from './problem-handler';
import type { Permission } from './permissions/catalogue';
import type { Services } from './services';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport puts the signed-in actor on req.user
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Actor {}
  }
}

export interface ReadContext<Q, P> {
  actor: Actor;
  query: Q;
  params: P;
  services: Services;
}

export interface WriteContext<B, P> extends ReadContext<Record<string, unknown>, P> {
  body: B;
  tx: Transaction;
}

export interface WriteResult {
  body: unknown;
  status?: number;
  entityId?: string | number | null;
  /** A short before/after for the audit record. */
  detail?: unknown;
}

export interface WriteSpec<B, P> {
  /** Audit action and entity, e.g. `create` / `warehouse`. */
  action: string;
  entity: string;
  body?: ZodType<B>;
  params?: ZodType<P>;
  status?: number;
}

export function parseInput<T>(schema: ZodType<T> | undefined, value: unknown, root?: string): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error, root);
  return parsed.data;
}

function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

function actorOf(req: Request): Actor {
  if (!req.user) throw new AppError(401, 'Sign in first.');
  return req.user;
}

function send(res: Response, response: StoredResponse): void {
  if (response.status === 204) res.status(204).end();
  else res.status(response.status).json(response.body);
}

/** Route building blocks bound to one app's services. */
export class Http {
  constructor(private readonly services: Services) {}

  /** Records a refused or failed request in its own transaction; the refused work wrote nothing. */
  async auditFailure(req: Request, entry: Omit<AuditEntry, 'ok' | 'userId' | 'username' | 'ip'>): Promise<void> {
    const { db, audit, log } = this.services;
    try {
      await db.transaction((tx) =>
        audit.append({ ...entry, ok: false, userId: req.user?.id ?? null, username: req.user?.username ?? null, ip: clientIp(req) }, tx),
      );
    } catch (err) {
      log.error({ err }, 'could not write the audit record of a refused request');
    }
  }

  /** Every route but login and health declares the permission it needs. */
  requirePermission(permission: Permission): RequestHandler {
    const guard: RequestHandler = async (req, _res, next) => {
      const actor = actorOf(req);
      if (actor.permissions.has(permission)) return next();
      await this.auditFailure(req, {
        action: 'deny',
        entity: permission.split(':')[0]!,
        detail: { permission, method: req.method, path: req.originalUrl },
      });
      next(new AppError(403, `You need the permission "${permission}" for this.`));
    };
    Object.defineProperty(guard, 'permission', { value: permission });
    return guard;
  }

  read<Q = Record<string, unknown>, P = Record<string, string>>(
    spec: { query?: ZodType<Q>; params?: ZodType<P> },
    run: (ctx: ReadContext<Q, P>) => Promise<unknown>,
  ): RequestHandler {
    return async (req, res) => {
      const actor = actorOf(req);
      try {
        const query = parseInput(spec.query, req.query);
        const params = parseInput(spec.params, req.params);
        res.json(await run({ actor, query, params, services: this.services }));
      } catch (err) {
        if (err instanceof AppError && err.status === 403) {
          await this.auditFailure(req, { action: 'deny', entity: req.baseUrl.split('/').pop() ?? 'api', detail: { method: req.method, path: req.originalUrl, reason: err.detail } });
        }
        throw err;
      }
    };
  }

  /**
   * One mutating use case: validate, then in one transaction honour the
   * Idempotency-Key, run, audit and record the response. A failure writes
   * nothing but its own audit record.
   */
  write<B = undefined, P = Record<string, string>>(spec: WriteSpec<B, P>, run: (ctx: WriteContext<B, P>) => Promise<WriteResult>): RequestHandler {
    const { db, audit, idempotency } = this.services;
    return async (req, res) => {
      const actor = actorOf(req);
      const key = req.get('Idempotency-Key');
      if (key !== undefined && (key.length === 0 || key.length > 200)) {
        throw invalid('Idempotency-Key must be 1 to 200 characters.', [{ path: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
      }
      const fingerprint = key ? requestFingerprint(req.method, req.originalUrl, req.body) : '';
      let entityId: string | number | null = null;
      try {
        const prior = key ? await idempotency.find(actor.id, key, fingerprint) : null;
        if (prior) return send(res, prior);
        const body = parseInput(spec.body, req.body ?? {});
        const params = parseInput(spec.params, req.params);
        const response = await db.transaction(async (tx) => {
          const replay = key ? await idempotency.find(actor.id, key, fingerprint, tx) : null;
          if (replay) return replay;
          const result = await run({ actor, body, params, query: req.query as Record<string, unknown>, services: this.services, tx });
          entityId = result.entityId ?? null;
          const status = result.status ?? spec.status ?? 200;
          await audit.append(
            { userId: actor.id, username: actor.username, action: spec.action, entity: spec.entity, entityId, ok: true, detail: result.detail, ip: clientIp(req) },
            tx,
          );
          if (key) await idempotency.record(actor.id, key, fingerprint, { status, body: result.body }, tx);
          return { status, body: result.body };
        });
        send(res, response);
      } catch (err) {
        if (key && err instanceof UniqueConstraintError) {
          // A concurrent twin with the same key committed first: answer as it did.
          const twin = await idempotency.find(actor.id, key, fingerprint);
          if (twin) return send(res, twin);
        }
        const error = toAppError(err);
        const paramsId = (req.params as Record<string, string>).id ?? null;
        await this.auditFailure(req, {
          action: error.status === 403 ? 'deny' : spec.action,
          entity: spec.entity,
          entityId: entityId ?? paramsId,
          detail: { status: error.status, reason: error.detail },
        });
        throw err;
      }
    };
  }
}
