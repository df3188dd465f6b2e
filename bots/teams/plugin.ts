/**
 * The Microsoft Teams channel's descriptor (core/channels/plugin.ts): on with MICROSOFT_APP_ID and
 * MICROSOFT_APP_PASSWORD; Bot Framework activities on POST /api/messages; a person is known by their
 * AAD object id; an entry link is a deep link opening a chat with the bot, its first message
 * prefilled with the link's code (as on WhatsApp). The SDK and the JWT libraries are loaded only
 * when Teams is on.
 */
import type { ChannelPlugin } from '../../core/channels/plugin.js';
import { TEAMS_CAPABILITIES, TeamsChannelAdapter } from './adapter.js';
import { loadTeams, TEAMS_VARIABLES, type TeamsSection } from './config.js';
import { type ActivityJson, normalizeActivity } from './normalize.js';
import { TEAMS_LIMITS, TeamsPacer } from './pacing.js';
import { TEAMS_BODY_LIMIT, TEAMS_PATH, teamsWebhook } from './webhook.js';

/** Opens a chat with the bot (`28:<app id>`) with the link's code as the prefilled first message. */
export function teamsDeepLink(appId: string, code: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(appId)}&message=${encodeURIComponent(code)}`;
}

export const teamsPlugin: ChannelPlugin<TeamsSection, ActivityJson> = {
  name: 'teams',
  label: 'Microsoft Teams',
  config: {
    enabledBy: 'MICROSOFT_APP_ID',
    hint: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (an Azure Bot with the Teams channel)',
    variables: TEAMS_VARIABLES,
    load: loadTeams,
  },
  identity: 'account',
  entryLink: {
    carrier: 'code',
    url: (link, where) => (where.account ? teamsDeepLink(where.account, link.code) : null),
  },
  pacing: {
    channel: { rate: TEAMS_LIMITS.app[0]!.count, perMs: TEAMS_LIMITS.app[0]!.perMs },
    perChat: { rate: TEAMS_LIMITS.conversation[0]!.count, perMs: TEAMS_LIMITS.conversation[0]!.perMs },
  },
  capabilities: TEAMS_CAPABILITIES,
  normalise: (activity) => {
    const normalized = normalizeActivity(activity);
    return normalized.kind === 'message' ? normalized.event : null;
  },
  async create(section, deps) {
    const [{ TeamsClient }, { BotTokenVerifier }] = await Promise.all([
      import('./client.js'),
      import('./jwt.js'),
    ]);
    const client = new TeamsClient(section);
    const adapter = new TeamsChannelAdapter({
      client,
      appId: section.appId,
      references: deps.store.channelState,
      now: () => deps.clock.now(),
      // Several processes: the app's and each conversation's limits hold for all of them together
      // (shared token rows).
      ...(deps.rateLimits ? { pacer: new TeamsPacer(TEAMS_LIMITS, Date.now, deps.rateLimits) } : {}),
    });
    const verifier = new BotTokenVerifier({
      appId: section.appId,
      openIdMetadataUrl: section.openIdMetadataUrl,
    });
    const webhook = teamsWebhook({ engine: deps.engine, logger: deps.logger, adapter, client, verifier });
    return {
      adapter,
      routes: (port) => port.post(TEAMS_PATH, webhook, { body: 'json', limitBytes: TEAMS_BODY_LIMIT }),
    };
  },
};
