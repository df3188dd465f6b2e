/** The channel port: one interface every adapter implements, and the registry the outbox sends through. */
import { NotFoundError } from './errors.js';
import type { ChannelName, Conversation, Message } from './types.js';

export interface OutboundMessage {
  message: Message;
  conversation: Conversation;
  /** The channel-side address (chat id, number); null when the channel addresses conversations itself. */
  recipient: string | null;
  /**
   * Stable per message (its id), the same on every retry. No provider of this version takes one
   * (Telegram, Twilio, Baileys): adapters use it only to join a send still in flight here, so a resend
   * after a crash is a second message. A provider that takes one (Resend, Stripe) is to be given it.
   */
  idempotencyKey: string;
  /**
   * A pre-approved template to send instead of free text, where the channel requires one: WhatsApp
   * refuses business-initiated free text outside the 24-hour window (Twilio error 63016), so campaigns
   * send a Content template (`contentSid` HX…, `variables` {"1": "Ada"}). Channels without templates
   * send `message.text` and ignore it.
   */
  template?: OutboundTemplate;
  /**
   * The channel-wide limit (its plug-in's `pacing.channel`) was applied before this send (campaign
   * dispatch): the adapter counts the send against that limit but does not wait for it again.
   * Per-chat limits still apply. Pacing happens once (docs/DECISIONS.md, "Channel plug-ins").
   */
  paced?: boolean;
}

export interface OutboundTemplate {
  contentSid: string;
  variables?: Record<string, string>;
}

export interface SendResult {
  /** The provider's id of the sent message, for status callbacks. */
  externalId?: string;
}

export interface ChannelCapabilities {
  typing: boolean;
  streaming: boolean;
  media: boolean;
  groups: boolean;
}

export type ChannelState = 'starting' | 'ready' | 'disconnected' | 'error';

export interface ChannelStatus {
  state: ChannelState;
  detail?: string;
  /** The channel's own account, when known: the Telegram bot's username, the WhatsApp number. */
  account?: string;
  /** How the channel receives messages ('polling', 'webhook', 'socket', ...). */
  mode?: string;
  /** The last error the provider returned (redacted: never a token), and when. */
  lastError?: { code?: string; message: string; at: string };
}

export interface ChannelAdapter {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Throws ChannelApiError (transient or not) when the provider refuses or fails. */
  send(outbound: OutboundMessage): Promise<SendResult>;
  status(): ChannelStatus;
}

export class ChannelRegistry {
  readonly #adapters = new Map<ChannelName, ChannelAdapter>();

  register(adapter: ChannelAdapter): void {
    this.#adapters.set(adapter.name, adapter);
  }

  get(name: ChannelName): ChannelAdapter {
    const adapter = this.#adapters.get(name);
    if (!adapter) throw new NotFoundError(`channel ${name} is not enabled`);
    return adapter;
  }

  has(name: ChannelName): boolean {
    return this.#adapters.has(name);
  }

  list(): ChannelAdapter[] {
    return [...this.#adapters.values()];
  }
}
