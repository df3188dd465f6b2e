/**
 * The email channel (bots/email/plugin.ts) until the plug-in registration list exists: its instance,
 * and its routes mounted on express through a minimal RoutePort (raw bodies only, which is all email
 * asks for). The merge with the plug-in list replaces this file with one line there.
 */
import express, { type Request, type Response, Router } from 'express';
import type { EmailChannelAdapter } from '../../bots/email/adapter.js';
import { emailPlugin } from '../../bots/email/plugin.js';
import type {
  ChannelPluginDeps,
  RoutePort,
  WebhookHandler,
  WebhookRouteOptions,
} from '../../core/channels/plugin.js';
import type { Config } from '../config.js';

export interface EmailChannel {
  adapter: EmailChannelAdapter;
  routes: Router;
  /** The address customers write to (entry links' `mailto:`). */
  address: string;
}

function reply(handler: WebhookHandler) {
  return async (req: Request, res: Response) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const answer = await handler({
      method: req.method,
      originalUrl: req.originalUrl,
      headers: req.headers,
      query: req.query as Record<string, unknown>,
      body: undefined,
      rawBody,
      ip: req.ip ?? '',
    });
    if (answer.headers) res.set(answer.headers);
    if (answer.type) res.type(answer.type);
    res.status(answer.status);
    if (answer.body === undefined) res.end();
    else res.send(answer.body);
  };
}

function expressPort(router: Router): RoutePort {
  return {
    post(path: string, handler: WebhookHandler, options: WebhookRouteOptions = {}) {
      router.post(
        path,
        express.raw({ type: () => true, limit: options.limitBytes ?? 64 * 1_024 }),
        reply(handler),
      );
    },
    get(path: string, handler: WebhookHandler) {
      router.get(path, reply(handler));
    },
  };
}

/** ChannelPluginDeps.shared: one instance per key, made by the first call. */
export function sharedOnce(instances: Map<string, unknown>): ChannelPluginDeps['shared'] {
  return <T>(key: string, make: () => T): T => {
    if (!instances.has(key)) instances.set(key, make());
    return instances.get(key) as T;
  };
}

export async function createEmailChannel(
  config: Config,
  deps: ChannelPluginDeps,
): Promise<EmailChannel | null> {
  const section = emailPlugin.config.section(config as unknown as Record<string, unknown>);
  if (!section) return null;
  const instance = await emailPlugin.create(section, deps);
  const routes = Router();
  instance.routes?.(expressPort(routes));
  return { adapter: instance.adapter as EmailChannelAdapter, routes, address: section.fromAddress };
}
