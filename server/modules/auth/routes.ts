import { Router } from 'express';
import type { PassportStatic } from 'passport';
import type { RequestHandler } from 'express';
import { loginRequest } from '../../../contract/platform';
import type { Actor } from '../../platform/actor';
import { hashToken } from '../../platform/auth/tokens';
import { AppError } from '../../platform/errors';
import { Http, parseInput } from '../../platform/http';
import { msg } from '../../platform/i18n/message';
import type { Services } from '../../platform/services';

export function authRoutes(services: Services, http: Http, passport: PassportStatic, authenticate: RequestHandler): Router {
  const { tokens, audit, db, loginLimiter: limiter } = services;
  const router = Router();

  router.post('/login', async (req, res, next) => {
    const { username } = parseInput(loginRequest, req.body);
    const ip = req.ip ?? 'unknown';
    try {
      // Counted before the password is checked, so parallel guesses cannot get past the limit.
      await limiter.consume(ip, username);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 429) throw err;
      await http.auditFailure(req, { action: 'login', entity: 'auth', detail: { username, reason: 'rate limited' } });
      const wait = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
      if (wait) res.set('Retry-After', String(wait));
      throw err;
    }
    passport.authenticate('local', { session: false }, async (err: unknown, actor: Actor | false) => {
      try {
        if (err) throw err;
        if (!actor) {
          await http.auditFailure(req, { action: 'login', entity: 'auth', detail: { username, reason: 'bad credentials' } });
          throw new AppError(401, msg('auth.bad-credentials'));
        }
        const issued = await db.transaction(async (tx) => {
          await limiter.forgive(ip, username, tx);
          const token = await tokens.issue(actor.id, tx);
          await audit.append({ userId: actor.id, username: actor.username, action: 'login', entity: 'auth', entityId: actor.id, ok: true, ip: req.ip }, tx);
          return token;
        });
        res.json({ token: issued.token, expiresAt: issued.expiresAt.toISOString(), user: actor.view });
      } catch (e) {
        next(e);
      }
    })(req, res, next);
  });

  router.post('/logout', authenticate, async (req, res) => {
    const token = (req.get('Authorization') ?? '').replace(/^Bearer\s+/i, '');
    await db.transaction(async (tx) => {
      await tokens.revoke(token, tx);
      await audit.append({ userId: req.user!.id, username: req.user!.username, action: 'logout', entity: 'auth', entityId: req.user!.id, ok: true, ip: req.ip }, tx);
    });
    services.actors.forget(hashToken(token));
    res.status(204).end();
  });

  router.get('/me', authenticate, (req, res) => {
    res.json({ user: req.user!.view });
  });

  return router;
}
