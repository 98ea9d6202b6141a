import type { Request, RequestHandler, Response } from 'express';
import { Transaction } from 'sequelize';
import { z, ZodType } from 'zod';
import { batchOf, BatchResult } from '../../contract/stock';
import { toValidationKey } from '../../contract/validation-issues';
import type { Actor } from './actor';
import type { AuditEntry } from './audit/audit-log';
import { AppError, fieldError, fromZod, invalid } from './errors';
import { Language, msg } from './i18n/message';
import { requestLanguage } from './i18n/request-language';
import type { StoredResponse } from './idempotency';
import { toAppError } from './problem-handler';
import type { Permission } from './permissions/catalogue';
import type { Services } from './services';
import { versionTag } from './versions';

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
  /** The request's language (Accept-Language), for answers that carry labels. */
  language: Language;
}

/** A read with a body (POST /reports/run …), answered in the request's language. */
export interface QueryContext<B, Q> extends ReadContext<Q, Record<string, string>> {
  body: B;
}

export interface WriteContext<B, P> extends ReadContext<Record<string, unknown>, P> {
  body: B;
  tx: Transaction;
  /** The If-Match header: the version a change to a versioned record is based on (server/platform/versions.ts). */
  ifMatch?: string;
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
  // Issues the schema words no message for are given a catalogue key, so they too are answered in the caller's language.
  const parsed = schema.safeParse(value, { error: toValidationKey });
  if (!parsed.success) throw fromZod(parsed.error, root);
  return parsed.data;
}

function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

function actorOf(req: Request): Actor {
  if (!req.user) throw new AppError(401, msg('auth.required:short'));
  return req.user;
}

/** A versioned record is answered with its version as the ETag. */
function sendJson(res: Response, status: number, body: unknown): void {
  const tag = versionTag(body);
  if (tag) res.set('ETag', tag);
  res.status(status).json(body);
}

function send(res: Response, response: StoredResponse): void {
  if (response.status === 204) res.status(204).end();
  else sendJson(res, response.status, response.body);
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

  /** Input that fails validation is refused with 422 and, like any refused mutation, audited. */
  private async parseAudited<T>(req: Request, audit: { action: string; entity: string; entityId?: string | null; ref?: string }, schema: ZodType<T> | undefined, value: unknown): Promise<T> {
    try {
      return parseInput(schema, value);
    } catch (err) {
      const { ref, ...entry } = audit;
      await this.auditFailure(req, { ...entry, detail: { status: 422, reason: (err as AppError).detail, ...(ref && { ref }) } });
      throw err;
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
      next(new AppError(403, msg('permission.denied', { permission })));
    };
    Object.defineProperty(guard, 'permission', { value: permission });
    return guard;
  }

  read<Q = Record<string, unknown>, P = Record<string, string>>(
    /** `entity` names what a denial's audit record is about (default: the last segment of the mount path). */
    spec: { query?: ZodType<Q>; params?: ZodType<P>; entity?: string },
    run: (ctx: ReadContext<Q, P>) => Promise<unknown>,
  ): RequestHandler {
    return async (req, res) => {
      const actor = actorOf(req);
      try {
        const query = parseInput(spec.query, req.query);
        const params = parseInput(spec.params, req.params);
        sendJson(res, 200, await run({ actor, query, params, services: this.services, language: requestLanguage(req) }));
      } catch (err) {
        if (err instanceof AppError && err.status === 403) {
          await this.auditFailure(req, {
            action: 'deny',
            entity: spec.entity ?? req.baseUrl.split('/').pop() ?? 'api',
            entityId: (req.params as Record<string, string>).id ?? null,
            detail: { method: req.method, path: req.originalUrl, reason: err.detail },
          });
        }
        throw err;
      }
    };
  }

  /**
   * A read whose question comes as a body (a report, an export): validated
   * like a write's, but neither audited nor idempotent, since it changes
   * nothing. `respond` may stream the answer itself (an export) instead of
   * returning it.
   */
  query<B, Q = Record<string, unknown>>(
    spec: { body: ZodType<B>; query?: ZodType<Q>; entity: string },
    run: (ctx: QueryContext<B, Q>, res: Response) => Promise<unknown>,
  ): RequestHandler {
    return async (req, res) => {
      const actor = actorOf(req);
      try {
        const query = parseInput(spec.query, req.query);
        const body = parseInput(spec.body, req.body ?? {});
        const answer = await run({ actor, query, params: req.params as Record<string, string>, body, language: requestLanguage(req), services: this.services }, res);
        if (!res.headersSent) sendJson(res, 200, answer);
      } catch (err) {
        if (err instanceof AppError && err.status === 403) {
          await this.auditFailure(req, { action: 'deny', entity: spec.entity, entityId: null, detail: { method: req.method, path: req.originalUrl, reason: err.detail } });
        }
        throw err;
      }
    };
  }

  /**
   * One mutating use case in one transaction: honour the Idempotency-Key,
   * run, audit and record the response. A failure writes nothing but its own
   * audit record, and is rethrown.
   */
  async command(req: Request, spec: CommandSpec, run: (tx: Transaction) => Promise<WriteResult>): Promise<StoredResponse> {
    const { db, audit, idempotency } = this.services;
    const actor = actorOf(req);
    const { key, fingerprint } = spec;
    let entityId: string | number | null = null;
    try {
      const prior = key ? await idempotency.find(actor.id, key, fingerprint) : null;
      if (prior) return prior;
      const response = await db.transaction(async (tx) => {
        const replay = key ? await idempotency.find(actor.id, key, fingerprint, tx) : null;
        if (replay) return replay;
        const result = await run(tx);
        entityId = result.entityId ?? null;
        const status = result.status ?? spec.status ?? 200;
        if (key) await idempotency.record(actor.id, key, fingerprint, { status, body: result.body }, tx);
        // The audit head is the hottest row of all: every mutation locks it, so it comes last (PostgreSQL holds it until COMMIT).
        await audit.append(
          { userId: actor.id, username: actor.username, action: spec.action, entity: spec.entity, entityId, ok: true, detail: result.detail, ip: clientIp(req) },
          tx,
        );
        return { status, body: result.body };
      });
      // Who may do what may have changed: signed-in actors are reloaded from the database.
      if (ACTOR_ENTITIES.has(spec.entity)) this.services.actors.clear();
      return response;
    } catch (err) {
      // A concurrent twin with the same key may have committed first; this one then failed on the
      // key's primary key, or on a conflict with what the twin created (a duplicate code seen after
      // the twin's commit on PostgreSQL). Either way the answer is the twin's.
      const twin = key ? await idempotency.find(actor.id, key, fingerprint).catch(() => null) : null;
      if (twin) return twin;
      const error = toAppError(err);
      await this.auditFailure(req, {
        action: error.status === 403 ? 'deny' : spec.action,
        entity: spec.entity,
        entityId: entityId ?? spec.entityId ?? null,
        detail: { status: error.status, reason: error.detail, ...(spec.ref && { ref: spec.ref }) },
      });
      throw err;
    }
  }

  /** A route running one mutating use case; see `command`. */
  write<B = undefined, P = Record<string, string>>(spec: WriteSpec<B, P>, run: (ctx: WriteContext<B, P>) => Promise<WriteResult>): RequestHandler {
    return async (req, res) => {
      const actor = actorOf(req);
      const key = idempotencyKeyOf(req);
      const fingerprint = key ? this.services.idempotency.fingerprint(actor.id, key, req.method, req.originalUrl, req.body) : '';
      const paramsId = (req.params as Record<string, string>).id ?? null;
      const audit = { action: spec.action, entity: spec.entity, entityId: paramsId };
      const body = await this.parseAudited(req, audit, spec.body, req.body ?? {});
      const params = await this.parseAudited(req, audit, spec.params, req.params);
      const response = await this.command(req, { ...spec, key, fingerprint, entityId: paramsId }, (tx) =>
        run({ actor, body, params, query: req.query as Record<string, unknown>, services: this.services, tx, ifMatch: req.get('If-Match'), language: requestLanguage(req) }),
      );
      send(res, response);
    };
  }
  /**
   * Many documents in one request, each run exactly as a single POST to
   * `singlePath` with `Idempotency-Key: <ref>`: its own validation, transaction,
   * audit record and replay. One document's failure does not stop the others.
   */
  batch<B>(spec: WriteSpec<B, Record<string, string>> & { singlePath: string }, run: (ctx: WriteContext<B, Record<string, string>>) => Promise<WriteResult>): RequestHandler {
    const envelope = batchOf(spec.body ?? z.unknown());
    return async (req, res) => {
      const actor = actorOf(req);
      const { documents } = parseInput(envelope, req.body ?? {});
      const results: BatchResult[] = [];
      for (const { ref, document } of documents) {
        try {
          const body = await this.parseAudited(req, { action: spec.action, entity: spec.entity, ref }, spec.body, document);
          const fingerprint = this.services.idempotency.fingerprint(actor.id, ref, 'POST', spec.singlePath, document);
          const response = await this.command(req, { ...spec, key: ref, fingerprint, ref }, (tx) =>
            run({ actor, body, params: {}, query: {}, services: this.services, tx, language: requestLanguage(req) }),
          );
          results.push({ ref, status: response.status, document: response.body as BatchResult['document'] });
        } catch (err) {
          const error = toAppError(err);
          if (error.status >= 500) this.services.log.error({ err, ref }, 'batch document failed');
          results.push({ ref, status: error.status, problem: error.toProblem(requestLanguage(req)) });
        }
      }
      res.json({ results });
    };
  }
}

const ACTOR_ENTITIES = new Set(['user', 'role']);

export interface CommandSpec {
  action: string;
  entity: string;
  status?: number;
  key?: string;
  fingerprint: string;
  entityId?: string | number | null;
  /** The client's reference of a document posted within a batch. */
  ref?: string;
}

function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw invalid(msg('idempotency.key-invalid'), [fieldError(['Idempotency-Key'], msg('idempotency.key-invalid:field'))]);
  }
  return key;
}
