/**
 * The Teams plug-in (bots/teams/plugin.ts) hosted on today's server until the plug-in list exists:
 * its section of the config, its instance, and the one route it declares mounted on express through
 * a minimal RoutePort (JSON bodies only, which is all Teams posts).
 */
import express, { type RequestHandler, Router } from 'express';
import { teamsPlugin } from '../../bots/teams/plugin.js';
import type { ChannelAdapter } from '../../core/channels.js';
import type {
  ChannelPluginDeps,
  RoutePort,
  WebhookHandler,
  WebhookRouteOptions,
} from '../../core/channels/plugin.js';
import type { Config } from '../config.js';

function route(handler: WebhookHandler): RequestHandler {
  return async (req, res) => {
    const reply = await handler({
      method: req.method,
      originalUrl: req.originalUrl,
      headers: req.headers,
      query: req.query as Record<string, unknown>,
      body: req.body,
      rawBody: Buffer.alloc(0),
      ip: req.ip ?? '',
    });
    res.status(reply.status).set(reply.headers ?? {});
    if (reply.body === undefined) res.end();
    else if (typeof reply.body === 'string') res.type(reply.type ?? 'text/plain').send(reply.body);
    else res.type(reply.type ?? 'application/json').send(JSON.stringify(reply.body));
  };
}

function expressPort(router: Router): RoutePort {
  return {
    post(path: string, handler: WebhookHandler, options?: WebhookRouteOptions) {
      router.post(path, express.json({ limit: options?.limitBytes ?? 64 * 1024 }), route(handler));
    },
    get(path: string, handler: WebhookHandler) {
      router.get(path, route(handler));
    },
  };
}

export async function createTeamsChannel(
  config: Config,
  deps: Omit<ChannelPluginDeps, 'shared'>,
): Promise<{ adapter: ChannelAdapter; routes: Router } | null> {
  const section = teamsPlugin.config.section(config as unknown as Record<string, unknown>);
  if (!section) return null;
  const instance = await teamsPlugin.create(section, { ...deps, shared: (_key, make) => make() });
  const routes = Router();
  instance.routes?.(expressPort(routes));
  return { adapter: instance.adapter, routes };
}
