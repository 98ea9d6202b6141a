import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';
import { PROBLEM_CONTENT_TYPE } from '../../contract/problem';
import { AppError } from './errors';
import { msg } from './i18n/message';
import { requestLanguage } from './i18n/request-language';

/** The problem in the language the request asked for. */
export function sendProblem(req: Request, res: Response, error: AppError): void {
  const language = requestLanguage(req);
  res
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .vary('Accept-Language')
    .set('Content-Language', language)
    .send(JSON.stringify(error.toProblem(language)));
}

/** Turns whatever was thrown into an AppError; unknown errors become a 500 that reveals nothing. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new AppError(400, msg('request.malformed'));
  if (e?.type === 'entity.too.large') return new AppError(413, msg('request.too-large'));
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError(415, msg('request.unsupported-encoding'));
  if (err instanceof UniqueConstraintError) return new AppError(409, msg('record.duplicate'));
  if (err instanceof ForeignKeyConstraintError) return new AppError(409, msg('record.referenced'));
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError(status, msg('request.unreadable', { reason: e.message ?? String(status) }));
  return new AppError(500, msg('server.error'));
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, msg('route.not-found', { method: req.method, path: req.path })));
};

export function problemHandler(log: { error(obj: unknown, msg: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toAppError(err);
    if (error.status >= 500) log.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    sendProblem(req, res, error);
  };
}
