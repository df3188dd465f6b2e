/**
 * The channel plug-in contract (issue 18 item 1). One descriptor per channel, in `bots/<channel>/plugin.ts`,
 * and one line per channel in the registration list (server/channels/index.ts). Core decides by the
 * descriptor's data (capabilities, identity kind, entry link, pacing), never by a channel's name.
 *
 * Types only: core stays free of express, SDKs and the environment. The server reads the environment
 * (server/config.ts) with each plug-in's declared variables, hands each plug-in its section, wires
 * `routes` onto express through the small RoutePort below, and registers the adapter each configured
 * plug-in creates.
 */
import type { RateLimits } from '../rate-limits.js';
import type { ChannelAdapter, ChannelCapabilities } from '../channels.js';
import type { Engine } from '../engine.js';
import type { EventBus } from '../events.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { InboundEvent } from '../inbound.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox.js';
import type { RateSpec } from '../rate-limiter.js';
import type { Store } from '../repositories.js';
import type { ChannelName } from '../types.js';

/**
 * What a channel's external id proves about a contact:
 * - 'phone': an E.164 number the provider verified (WhatsApp, SMS): a contact's phone number becomes
 *   their address on every 'phone' channel (core/contacts.ts), and campaigns can reach imported numbers.
 * - 'email': an address the provider verified (email): the same, for email addresses.
 * - 'account': an account on that platform only (Telegram user id, Teams AAD object id).
 * - 'member': a web member, whose id is the contact id (no outside identity).
 */
export type IdentityKind = 'phone' | 'email' | 'account' | 'member';

/** Everything core may ask about a channel. ChannelCapabilities (typing, streaming, media, groups) plus: */
export interface PluginCapabilities extends ChannelCapabilities {
  /** Business-initiated sends need a pre-approved template (WhatsApp outside the 24-hour window). */
  templates: boolean;
  /** The provider reports 'read' for sent messages. */
  readReceipts: boolean;
  /** A message can carry buttons (web chat buttons, Telegram inline keyboard); else choices are numbered. */
  buttons: boolean;
  /** A sent message can be edited in place. */
  edits: boolean;
}

/** The capability names, for checks such as `can(channel, 'groups')`. */
export type CapabilityName = keyof PluginCapabilities;

/**
 * How an entry link opens on the channel.
 * - 'page': the URL is our own page (web: PUBLIC_URL/c/<token>).
 * - 'token': the URL hands the link's token back to us (Telegram: t.me/<bot>?start=<token>).
 * - 'code': the customer writes first; the prefilled first message carries the link's short code
 *   (wa.me/<number>?text=<code>, SMS, email subject): core/link-code.ts reads it from that message.
 */
export type EntryLinkCarrier = 'page' | 'token' | 'code';

export interface EntryLinkRef {
  token: string;
  code: string;
}

export interface EntryLinkWhere {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** The channel's own account as its adapter reports it (`status().account`): bot username, number. */
  account: string | null;
}

export interface EntryLinkSpec {
  carrier: EntryLinkCarrier;
  /** The URL that opens `link` on this channel, or null when it cannot be built yet (account unknown). */
  url(link: EntryLinkRef, where: EntryLinkWhere): string | null;
}

/**
 * The provider's published limits. `channel` paces every send on the channel (campaigns share it);
 * `perChat` each conversation (Telegram: 1/s per chat). Pacing happens once: see docs/DECISIONS.md,
 * "Channel plug-ins".
 */
export interface ChannelPacing {
  channel: RateSpec | null;
  perChat?: RateSpec | null;
  /**
   * Posts into group chats, across all groups (WhatsApp through a linked number); campaigns posting
   * into groups take a token of it besides the channel's.
   */
  group?: RateSpec | null;
}

/**
 * Parses one variable's raw value (undefined when unset). zod schemas fit; core only needs this much.
 */
export interface VariableParser {
  safeParse(
    input: unknown,
  ): { success: true; data: unknown } | { success: false; error: { issues: readonly { message: string }[] } };
}

/** A configuration variable a channel reads (the panel's channels page lists them; values never leave the server). */
export interface ChannelVariable {
  name: string;
  /** Needed for the channel to be on (false: optional, e.g. a webhook secret or a base URL). */
  required: boolean;
  /** A token, password or key: the panel says to keep it out of chats and screenshots; never echoed in errors. */
  secret?: boolean;
  /** Checks and converts the value; a failure stops the start naming the variable. */
  parse: VariableParser;
  /** How to fix a bad value, ending the start error: "set X to …". */
  fix: string;
}

/** What `load` gets besides the channel's own parsed variables. */
export interface ChannelConfigContext {
  /** PUBLIC_URL as set (undefined when it is only the default): webhooks need the real one. */
  publicUrl?: string;
  /** Stops the start with this message (a ConfigError); for variables that only make sense together. */
  fail(message: string): never;
}

/**
 * What the configuration says about the channel. The plug-in owns its variables: server/config.ts
 * parses every registered plug-in's `variables` with the rest of the environment (one clear error
 * naming the variable) and calls `load` with the parsed values; adding a channel never touches it.
 */
export interface ChannelConfigSpec<TSection> {
  /**
   * The environment variable that turns the channel on, named in the campaigns API's 400 and in the
   * composer's hint ("set TELEGRAM_BOT_TOKEN"). null: always on (web).
   */
  enabledBy: string | null;
  /** One sentence saying what to set, shown where the channel is offered but off. */
  hint: string;
  /**
   * Every variable the channel reads, the required ones first. A variable two channels share
   * (Twilio's account) is the same object in both lists.
   */
  variables: readonly ChannelVariable[];
  /**
   * This channel's section from its parsed variables (by name), or null when it is off; `context.fail`
   * on a combination that cannot work (a password without its app id).
   */
  load(values: Readonly<Record<string, unknown>>, context: ChannelConfigContext): TSection | null;
}

/** An inbound webhook request, as the server parsed it (no express types in core or bots). */
export interface WebhookRequest {
  method: string;
  /** The path as requested, with its query string (signatures cover PUBLIC_URL + this). */
  originalUrl: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  query: Readonly<Record<string, unknown>>;
  /** Parsed as the route's `body` option asks: form fields, JSON, or nothing ('raw'). */
  body: unknown;
  /** The unparsed body, for signatures over raw bytes. */
  rawBody: Buffer;
  /** The client's address as TRUST_PROXY says. */
  ip: string;
}

export interface WebhookReply {
  status: number;
  /** Content-Type; default text/plain when body is a string, application/json otherwise. */
  type?: string;
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Answers a webhook. A thrown KoraError (ForbiddenError, ValidationError...) becomes the usual error
 * response; anything else a 500 (the provider retries).
 */
export type WebhookHandler = (request: WebhookRequest) => Promise<WebhookReply>;

export interface WebhookRouteOptions {
  /** How the body is parsed: 'form' (urlencoded), 'json', or 'raw' (only rawBody). Default 'json'. */
  body?: 'form' | 'json' | 'raw';
  /** The largest body accepted, in bytes. Default 64 KiB. */
  limitBytes?: number;
  /**
   * Runs before the body is read (a shared-secret header: Telegram); throws a KoraError
   * (UnauthorizedError, ForbiddenError) to refuse. Signatures over the body go in the handler.
   */
  authorize?: (request: Pick<WebhookRequest, 'method' | 'originalUrl' | 'headers' | 'ip'>) => void;
}

/** The route-registration port the server implements over express (server/channels/route-port.ts). */
export interface RoutePort {
  post(path: string, handler: WebhookHandler, options?: WebhookRouteOptions): void;
  get(path: string, handler: WebhookHandler): void;
}

/** What a plug-in's factory receives: core's services, nothing else. */
export interface ChannelPluginDeps {
  engine: Engine;
  store: Store;
  outbox: Outbox;
  events: EventBus;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  /** SECRET_KEY, for sealing channel state (Baileys auth) with createSealedBox. */
  secretKey: string;
  /**
   * One instance per app and key, for what several plug-ins share (the Twilio client and webhooks
   * of WhatsApp and SMS): the first call makes it, later calls get the same.
   */
  shared<T>(key: string, make: () => T): T;
  /** Per-channel start options from tests and benchmarks (fake sockets, short timers), or undefined. */
  options?: unknown;
  /**
   * Rate limits shared by every process (set with PostgreSQL): senders take their tokens there so a
   * provider's limits hold in aggregate. Unset: each sender keeps its own buckets (one process).
   */
  rateLimits?: RateLimits;
}

/** What a configured plug-in makes. */
export interface ChannelInstance {
  adapter: ChannelAdapter;
  /**
   * The limits of this instance when they differ from the descriptor's (WhatsApp through Baileys is
   * paced slower than through Twilio); campaigns pace by it.
   */
  pacing?: ChannelPacing;
  /** Mounts the channel's webhooks (POST /webhooks/<channel>...); absent when it has none. */
  routes?(port: RoutePort): void;
}

/** A normaliser: a provider payload in, core's inbound events out (pure, tested on recorded payloads). */
export type ChannelNormaliser<TPayload> = (payload: TPayload) => InboundEvent | InboundEvent[] | null;

/** The descriptor of one channel. */
export interface ChannelPlugin<TSection = unknown, TPayload = never> {
  name: ChannelName;
  /** Shown in the panel ("WhatsApp"). */
  label: string;
  config: ChannelConfigSpec<TSection>;
  identity: IdentityKind;
  entryLink: EntryLinkSpec;
  pacing: ChannelPacing;
  capabilities: PluginCapabilities;
  /** The pure function turning the provider's payloads into inbound events (its routes call it). */
  normalise?(payload: TPayload): ReturnType<ChannelNormaliser<TPayload>>;
  /** Called only when `config.load` returned a section. SDKs are imported lazily inside. */
  create(section: TSection, deps: ChannelPluginDeps): Promise<ChannelInstance>;
}

/** Any descriptor, as the registration list holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the list mixes plug-ins of different section types.
export type AnyChannelPlugin = ChannelPlugin<any, any>;
