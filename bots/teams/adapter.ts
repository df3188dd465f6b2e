/**
 * The Teams channel adapter. Every send is proactive: the conversation reference stored when the
 * conversation last wrote to us (channel state, namespace `teams-references`, keyed by the Teams
 * conversation id, which is also the conversation's external chat id) is continued through the SDK
 * (client.ts), paced under Teams' limits (pacing.ts). No reference means nobody in that conversation
 * ever wrote to the bot: the send fails for good, with that reason on the message.
 */
import type { PluginCapabilities } from '../../core/channels/plugin.js';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { ChannelStateRepository } from '../../core/repositories-channels.js';
import type { Media, MessageAction } from '../../core/types.js';
import type { TeamsReference } from './normalize.js';
import { TeamsPacer } from './pacing.js';

export const REFERENCES = 'teams-references';

/** Text, files and buttons (an Adaptive Card); group chats and channels, where the bot speaks when mentioned. */
export const TEAMS_CAPABILITIES: PluginCapabilities = {
  typing: true,
  streaming: false,
  media: true,
  groups: true,
  templates: false,
  readReceipts: false,
  buttons: true,
  edits: false,
};

/** What the adapter needs of the SDK client (client.ts), so tests of the adapter need no SDK. */
export interface TeamsSender {
  send(
    reference: TeamsReference,
    text: string,
    actions?: MessageAction[],
    media?: Media[],
  ): Promise<string | undefined>;
  typing(reference: TeamsReference): Promise<void>;
}

export interface TeamsAdapterOptions {
  client: TeamsSender;
  /** The bot's app id: its account, which entry links name. */
  appId: string;
  references: ChannelStateRepository;
  pacer?: TeamsPacer;
  now?: () => Date;
}

export class TeamsChannelAdapter implements ChannelAdapter {
  readonly name = 'teams' as const;
  readonly capabilities = TEAMS_CAPABILITIES;
  readonly #options: TeamsAdapterOptions;
  readonly #pacer: TeamsPacer;
  #state: ChannelStatus['state'] = 'starting';
  #lastError: ChannelStatus['lastError'];
  #typings = 0;

  constructor(options: TeamsAdapterOptions) {
    this.#options = options;
    this.#pacer = options.pacer ?? new TeamsPacer();
  }

  async start(): Promise<void> {
    this.#state = 'ready';
  }

  async stop(): Promise<void> {
    this.#state = 'disconnected';
  }

  status(): ChannelStatus {
    return {
      state: this.#state,
      mode: 'webhook',
      account: this.#options.appId,
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
    };
  }

  /** Keeps the reference a later send continues (each inbound message refreshes it: serviceUrl may move). */
  async remember(reference: TeamsReference): Promise<void> {
    const now = (this.#options.now?.() ?? new Date()).toISOString();
    await this.#options.references.set(
      REFERENCES,
      { [reference.conversation.id]: JSON.stringify(reference) },
      now,
    );
  }

  /**
   * Best effort "typing…" while the assistant works: paced with the conversation's sends (Teams counts
   * every activity), so it goes before the answer; a failure only shows in the status.
   */
  async typing(conversationId: string): Promise<void> {
    try {
      const reference = await this.#reference(conversationId);
      const key = `typing:${conversationId}:${++this.#typings}`;
      await this.#pacer.run(key, conversationId, () => this.#options.client.typing(reference), false);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#lastError = { code: 'typing_failed', message, at: new Date().toISOString() };
    }
  }

  async #reference(conversationId: string): Promise<TeamsReference> {
    const stored = (await this.#options.references.get(REFERENCES, [conversationId]))[conversationId];
    if (!stored) {
      throw new ChannelApiError('nobody in this Teams conversation has written to the bot yet', {
        providerCode: 'no_reference',
        transient: false,
      });
    }
    return JSON.parse(stored) as TeamsReference;
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    const conversationId = outbound.recipient;
    if (!conversationId) {
      throw new ChannelApiError('the conversation has no Teams conversation id', {
        providerCode: 'no_recipient',
        transient: false,
      });
    }
    const text = outbound.message.text.trim();
    if (!text)
      throw new ChannelApiError('the message is empty', { providerCode: 'empty_message', transient: false });
    const reference = await this.#reference(conversationId);
    try {
      const id = await this.#pacer.run(
        outbound.idempotencyKey,
        conversationId,
        () => {
          const { text, actions, media } = outbound.message;
          return this.#options.client.send(reference, text, actions, media);
        },
        outbound.paced === true,
      );
      this.#lastError = undefined;
      return id ? { externalId: id } : {};
    } catch (error) {
      if (error instanceof ChannelApiError && error.options.retryAfterMs !== undefined) {
        this.#pacer.pause(conversationId, error.options.retryAfterMs);
      }
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof ChannelApiError ? error.options.providerCode : undefined;
      this.#lastError = { ...(code ? { code } : {}), message, at: new Date().toISOString() };
      throw error;
    }
  }
}
