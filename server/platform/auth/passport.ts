import type { RequestHandler } from 'express';
import { Passport, PassportStatic } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as LocalStrategy } from 'passport-local';
import { Actor, loadActor } from '../actor';
import { AppError } from '../errors';
import { msg } from '../i18n/message';
import { normalizeUsername } from './login-limiter';
import { hashToken } from './tokens';
import type { Http } from '../http';
import type { Services } from '../services';

/** A passport instance per app: local strategy for sign-in, bearer tokens for everything else. */
export function createPassport(services: Services): PassportStatic {
  const { models, passwords, tokens, actors } = services;
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ session: false }, async (username, password, done) => {
      try {
        const user = await models.User.findOne({ where: { username: normalizeUsername(username) }, raw: true });
        // Compare even for unknown or inactive users so the answer and its timing are the same.
        const matches = await passwords.verify(password, user?.passwordHash ?? null);
        if (!user || !matches || !user.active) return done(null, false);
        return done(null, (await loadActor(models, user.id)) ?? false);
      } catch (err) {
        return done(err);
      }
    }),
  );
  passport.use(
    new BearerStrategy(async (token, done) => {
      try {
        const tokenHash = hashToken(token);
        const cached = actors.get(tokenHash);
        if (cached) return done(null, cached);
        const live = await tokens.find(tokenHash);
        const actor: Actor | null = live === null ? null : await loadActor(models, live.userId);
        if (actor && live) actors.set(tokenHash, actor, live.expiresAt);
        return done(null, actor ?? false);
      } catch (err) {
        return done(err as Error);
      }
    }),
  );
  return passport as unknown as PassportStatic;
}

/** Bearer authentication that answers problem+json and audits a presented but refused token. */
export function authenticateBearer(passport: PassportStatic, http: Http): RequestHandler {
  return (req, res, next) => {
    passport.authenticate('bearer', { session: false }, async (err: unknown, actor: Actor | false) => {
      if (err) return next(err);
      if (!actor) {
        const presented = /^Bearer\s+\S+/i.test(req.get('Authorization') ?? '');
        if (presented) {
          await http.auditFailure(req, { action: 'deny', entity: 'auth', detail: { reason: 'invalid, expired or revoked token', path: req.originalUrl } });
        }
        res.set('WWW-Authenticate', 'Bearer');
        return next(new AppError(401, msg(presented ? 'auth.session-ended' : 'auth.required:bearer')));
      }
      req.user = actor;
      next();
    })(req, res, next);
  };
}
