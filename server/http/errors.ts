/** The one error handler: typed errors → CONTRACT.md's JSON shape; anything else is a logged 500. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  ConflictError,
  ForbiddenError,
  isKoraError,
  type KoraError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

function statusOf(error: KoraError): number {
  if (error instanceof ValidationError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof RateLimitedError) return 429;
  return 500;
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

export function errorBody(code: string, message: string, field?: string) {
  return { error: field ? { code, message, field } : { code, message } };
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (isKoraError(error)) {
      if (error instanceof RateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(statusOf(error)).json(errorBody(error.code, error.message, error.field));
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.too.large') {
      res
        .status(413)
        .json(errorBody('payload_too_large', `the body is larger than ${parserError.limit} bytes`));
      return;
    }
    if (parserError.type === 'entity.parse.failed') {
      res.status(400).json(errorBody('invalid_json', 'the body is not valid JSON', 'body'));
      return;
    }
    if (parserError.status && parserError.status >= 400 && parserError.status < 500) {
      res.status(parserError.status).json(errorBody('bad_request', 'the request could not be read'));
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    res.status(500).json(errorBody('internal', 'internal error'));
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody('not_found', `no route ${req.method} ${req.path}`));
};
