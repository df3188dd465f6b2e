/**
 * The admin API's CSRF guard, besides the SameSite=Strict cookie. A state-changing request must show
 * that it comes from the panel: a same-origin `Origin` or `Sec-Fetch-Site` (same-origin.ts), or an
 * `application/json` content type, which a page of another origin cannot send without a CORS
 * preflight we never grant. A foreign origin is refused whatever it sends, and bodies are JSON except
 * the contacts CSV import (text/csv or multipart) and image uploads (multipart), which the panel sends
 * with its Origin.
 */
import type { Request, RequestHandler } from 'express';
import { ForbiddenError } from '../../../core/errors.js';
import { requestOrigin } from './same-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isJson(req: Request): boolean {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function hasBody(req: Request): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

function isCsvImport(req: Request): boolean {
  return (
    req.path === '/contacts/import' && Boolean(req.is(['text/csv', 'application/csv', 'multipart/form-data']))
  );
}

/** Image uploads (issue 19): multipart, sent by the panel with its Origin. */
const UPLOAD_PATHS = new Set(['/web-chat/logo', '/attachments']);

function isImageUpload(req: Request): boolean {
  return UPLOAD_PATHS.has(req.path) && Boolean(req.is('multipart/form-data'));
}

export function csrfGuard(publicUrl: string): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = requestOrigin(req.headers, publicUrl);
    if (origin === 'foreign') throw new ForbiddenError('cross-site request refused');
    if (origin === 'unknown' && !isJson(req)) {
      throw new ForbiddenError(
        'send a same-origin Origin (or Sec-Fetch-Site) header, or the request as application/json',
      );
    }
    if (hasBody(req) && !isJson(req) && !isCsvImport(req) && !isImageUpload(req)) {
      throw new ForbiddenError('send the body as application/json');
    }
    next();
  };
}
