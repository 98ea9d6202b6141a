import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { UniqueConstraintError, ForeignKeyConstraintError } from 'sequelize';
import { PROBLEM_CONTENT_TYPE } from '../../contract/problem';
import { AppError } from './errors';

export function sendProblem(res: Response, error: AppError): void {
  res.status(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(error.toProblem()));
}

/** Turns whatever was thrown into an AppError; unknown errors become a 500 that reveals nothing. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  if (e?.type === 'entity.parse.failed') return new AppError(400, 'The body is not valid JSON.');
  if (e?.type === 'entity.too.large') return new AppError(413, 'The body is larger than the server accepts; split the sheet into smaller posts.');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new AppError(415, 'Send the body as UTF-8 JSON.');
  if (err instanceof UniqueConstraintError) return new AppError(409, 'A record with the same unique value already exists.');
  if (err instanceof ForeignKeyConstraintError) return new AppError(409, 'The record is referenced by other records.');
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError(status, e.message ?? 'Bad request');
  return new AppError(500, 'Something went wrong on the server. The request was not applied.');
}

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, `There is no ${req.method} ${req.path}.`));
};

export function problemHandler(log: { error(obj: unknown, msg: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toAppError(err);
    if (error.status >= 500) log.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    sendProblem(res, error);
  };
}

