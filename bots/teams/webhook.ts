/**
 * `POST /api/messages`: the Bot Framework posts Teams activities here. The bearer token is checked
 * first (jwt.ts: 401 for a missing, forged, expired or wrong-audience token, 403 when the activity's
 * serviceUrl is not the token's): a refused request stores nothing and sends nothing. A verified
 * message activity has its conversation reference kept (replies are sent proactively from it) and is
 * ingested; the answer to the connector waits until it is stored, so a 2xx means stored and an error
 * (500) makes the connector deliver it again. A redelivered activity id is stored and answered once
 * (the engine de-duplicates by channel and external message id).
 */
import type { WebhookHandler } from '../../core/channels/plugin.js';
import type { Engine } from '../../core/engine.js';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { TeamsChannelAdapter } from './adapter.js';
import type { ActivityHandler, TeamsClient } from './client.js';
import type { BotTokenVerifier } from './jwt.js';
import { normalizeActivity } from './normalize.js';

export interface TeamsWebhookDeps {
  engine: Engine;
  logger: Logger;
  adapter: Pick<TeamsChannelAdapter, 'remember' | 'typing'>;
  client: Pick<TeamsClient, 'process'>;
  verifier: Pick<BotTokenVerifier, 'verify'>;
}

export const TEAMS_PATH = '/api/messages';
/** Activities are a few KB; a message with cards stays well under this. */
export const TEAMS_BODY_LIMIT = 256 * 1024;

function handler(deps: TeamsWebhookDeps): ActivityHandler {
  return async (activity) => {
    const normalized = normalizeActivity(activity);
    if (normalized.kind === 'ignored') return;
    await deps.adapter.remember(normalized.reference);
    const result = await deps.engine.ingest(normalized.event);
    if (result.type !== 'message') return;
    if (result.duplicate) {
      deps.logger.info({ activityId: normalized.event.externalMessageId }, 'teams redelivery ignored');
      return;
    }
    const { conversation } = result;
    const event = normalized.event;
    const answered =
      conversation.kind === 'group' ? event.addressedToAssistant === true : conversation.kind === 'assistant';
    // Not awaited: the connector's 200 means stored, and the answer is on its way.
    if (answered && !conversation.handoff) void deps.adapter.typing(event.chatId!);
  };
}

export function teamsWebhook(deps: TeamsWebhookDeps): WebhookHandler {
  const handle = handler(deps);
  return async (request) => {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new ValidationError('the body must be a Bot Framework activity (a JSON object)', 'body');
    }
    const activity = body as Record<string, unknown>;
    const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : undefined;
    const authorization = request.headers.authorization;
    const header = Array.isArray(authorization) ? undefined : authorization;
    const claims = await deps.verifier.verify(header, serviceUrl).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.warn({ ip: request.ip, reason }, 'teams activity refused');
      throw error;
    });
    return deps.client.process(activity, request.headers, claims, handle);
  };
}
