/**
 * The plug-ins' RoutePort (core/channels/plugin.ts) over express: each route gets its body parser
 * (form, JSON or raw, with the raw bytes kept for signatures), the optional check before the body is
 * read, and the handler's reply written out. Errors go to the app's error handler as usual.
 */
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import type {
  RoutePort,
  WebhookHandler,
  WebhookReply,
  WebhookRequest,
  WebhookRouteOptions,
} from '../../core/channels/plugin.js';

const DEFAULT_LIMIT = 64 * 1024;

type WithRaw = Request & { rawBody?: Buffer };

const keepRaw = (req: unknown, _res: unknown, buffer: Buffer) => {
  (req as WithRaw).rawBody = buffer;
};

function parser(options: WebhookRouteOptions): RequestHandler {
  const limit = options.limitBytes ?? DEFAULT_LIMIT;
  switch (options.body ?? 'json') {
    case 'form':
      return express.urlencoded({ extended: false, limit, parameterLimit: 200, verify: keepRaw });
    case 'raw':
      return express.raw({ type: () => true, limit, verify: keepRaw });
    default:
      return express.json({ limit, verify: keepRaw });
  }
}

function toRequest(req: WithRaw, raw: boolean): WebhookRequest {
  return {
    method: req.method,
    originalUrl: req.originalUrl,
    headers: req.headers,
    query: req.query as Record<string, unknown>,
    body: raw ? undefined : (req.body ?? {}),
    rawBody: req.rawBody ?? Buffer.alloc(0),
    ip: req.ip ?? '',
  };
}

function send(res: Response, reply: WebhookReply): void {
  res.status(reply.status);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  if (typeof reply.body === 'string') res.type(reply.type ?? 'text/plain').send(reply.body);
  else res.type(reply.type ?? 'application/json').send(JSON.stringify(reply.body));
}

function route(handler: WebhookHandler, raw: boolean): RequestHandler {
  return async (req, res) => send(res, await handler(toRequest(req as WithRaw, raw)));
}

/** A RoutePort registering on `router`. */
export function expressRoutePort(router: Router): RoutePort {
  return {
    post(path, handler, options = {}) {
      const authorize: RequestHandler = (req, _res, next) => {
        options.authorize?.({
          method: req.method,
          originalUrl: req.originalUrl,
          headers: req.headers,
          ip: req.ip ?? '',
        });
        next();
      };
      router.post(path, authorize, parser(options), route(handler, options.body === 'raw'));
    },
    get(path, handler) {
      router.get(path, route(handler, false));
    },
  };
}

/** A router holding the routes `register` puts on a port (tests mount one channel's webhooks alone). */
export function routerOf(register: (port: RoutePort) => void): Router {
  const router = Router();
  register(expressRoutePort(router));
  return router;
}
