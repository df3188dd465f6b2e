/** The channel port: one interface every adapter implements, and the registry the outbox sends through. */
import { ChannelDirectory } from './channels/directory.js';
import { NotFoundError } from './errors.js';
import type { RateSpec } from './rate-limiter.js';
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
  /**
   * Why a capability is off on this instance, in a sentence for the coach (WhatsApp through Twilio:
   * no groups); the panel shows it and the admin API's refusals name it.
   */
  readonly unsupported?: Partial<Record<keyof ChannelCapabilities, string>>;
}

export class ChannelRegistry {
  readonly #adapters = new Map<ChannelName, ChannelAdapter>();

  /**
   * The descriptors of every channel of this build, configured or not (core/channels/directory.ts);
   * the adapters registered are those configured.
   */
  constructor(readonly directory: ChannelDirectory = new ChannelDirectory()) {}

  readonly #pacing = new Map<ChannelName, RateSpec | null>();
  readonly #groupPacing = new Map<ChannelName, RateSpec | null>();

  /**
   * `pacing`: the instance's channel-wide limit when it differs from its descriptor's; `groupPacing`
   * likewise for posts into group chats.
   */
  register(adapter: ChannelAdapter, pacing?: RateSpec | null, groupPacing?: RateSpec | null): void {
    this.#adapters.set(adapter.name, adapter);
    if (pacing !== undefined) this.#pacing.set(adapter.name, pacing);
    if (groupPacing !== undefined) this.#groupPacing.set(adapter.name, groupPacing);
  }

  /** The limit on posts into group chats of `name` (across its groups): the instance's, else the descriptor's. */
  groupRateOf(name: ChannelName): RateSpec | null {
    if (this.#groupPacing.has(name)) return this.#groupPacing.get(name) ?? null;
    return this.directory.get(name)?.pacing.group ?? null;
  }

  /**
   * Whether `name` has the capability here: the running instance's own capabilities (WhatsApp has
   * groups through a linked number, not through Twilio), else the descriptor's.
   */
  can(name: ChannelName, capability: keyof ChannelCapabilities): boolean {
    const adapter = this.#adapters.get(name);
    return adapter ? adapter.capabilities[capability] : this.directory.can(name, capability);
  }

  /** The channel-wide limit campaigns pace `name` by: the running instance's, else its descriptor's. */
  rateOf(name: ChannelName): RateSpec | null {
    return this.#pacing.has(name) ? (this.#pacing.get(name) ?? null) : this.directory.rateOf(name);
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
