/**
 * The only module that imports the Agents SDK (@microsoft/agents-hosting). Inbound activities go
 * through `CloudAdapter.process` with the claims our own JWT check produced (bots/teams/jwt.ts) as
 * `req.user`; outbound messages go through `continueConversation` on a stored reference, so replies,
 * the coach's messages and campaigns all take the same proactive path. MSAL refuses a non-https
 * authority (STACK.md), so the adapter's connection manager hands out a plain client-credentials
 * token provider instead; the SDK does not retry a 429: its failures become `ChannelApiError` here and
 * the outbox retries them.
 */
import { Activity } from '@microsoft/agents-activity';
import {
  type AuthConfiguration,
  type AuthProvider,
  CloudAdapter,
  type Connections,
  HttpError,
  type TurnContext,
  type WebResponse,
} from '@microsoft/agents-hosting';
import type { WebhookReply } from '../../core/channels/plugin.js';
import { ChannelApiError } from '../../core/errors.js';
import type { Media, MessageAction } from '../../core/types.js';
import { mediaAttachments } from './attachments.js';
import { actionCard } from './cards.js';
import type { BotClaims } from './jwt.js';
import type { ActivityJson, TeamsReference } from './normalize.js';

export interface TeamsClientOptions {
  appId: string;
  appPassword: string;
  /** The bot's tenant (single-tenant bots); `botframework.com` for multi-tenant ones. */
  tenantId: string;
  /** Authority host: tokens come from `{loginUrl}/{tenantId}/oauth2/v2.0/token`. */
  loginUrl: string;
}

const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
/** A token is renewed this long before it expires. */
const RENEW_MARGIN_MS = 5 * 60_000;

const unsupported = (what: string) => () => Promise.reject(new Error(`${what} is not supported by Kora`));

/** Client credentials over plain HTTP(S), one cached token (the only scope a bot needs). */
class ClientCredentialsProvider implements AuthProvider {
  readonly #options: TeamsClientOptions;
  #cached: { token: string; until: number } | null = null;
  #pending: Promise<string> | null = null;
  readonly getAgenticApplicationToken = unsupported('agentic tokens');
  readonly getAgenticInstanceToken = unsupported('agentic tokens');
  readonly getAgenticUserToken = unsupported('agentic tokens');
  readonly acquireTokenOnBehalfOf = unsupported('on-behalf-of tokens');

  constructor(options: TeamsClientOptions) {
    this.#options = options;
  }

  getAccessToken(_configOrScope: AuthConfiguration | string, _scope?: string): Promise<string> {
    if (this.#cached && this.#cached.until > Date.now()) return Promise.resolve(this.#cached.token);
    this.#pending ??= this.#fetchToken().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #fetchToken(): Promise<string> {
    const { loginUrl, tenantId, appId, appPassword } = this.#options;
    const response = await fetch(`${loginUrl.replace(/\/+$/, '')}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: appId,
        client_secret: appPassword,
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      signal: AbortSignal.timeout(15_000),
    }).catch((error: unknown) => {
      throw new ChannelApiError(`the token endpoint cannot be reached: ${String(error)}`, {
        providerCode: 'token_unreachable',
        transient: true,
      });
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!response.ok || !body.access_token) {
      throw new ChannelApiError(`the token endpoint answered ${response.status}`, {
        providerCode: `token_${response.status}`,
        transient: response.status === 429 || response.status >= 500,
      });
    }
    const lifetimeMs = (body.expires_in ?? 3600) * 1000;
    this.#cached = { token: body.access_token, until: Date.now() + lifetimeMs - RENEW_MARGIN_MS };
    return body.access_token;
  }
}

function connectionsOf(provider: AuthProvider, config: AuthConfiguration): Connections {
  return {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => config,
  };
}

/** Seconds or an HTTP date, as Retry-After says; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The connector's failures: 429 and 5xx (and network trouble) are worth another attempt. */
function channelError(error: unknown): ChannelApiError {
  if (error instanceof ChannelApiError) return error;
  if (error instanceof HttpError) {
    const status = error.status;
    const wait = retryAfterMs(error.response.headers?.get?.('retry-after'));
    return new ChannelApiError(`the Bot Connector answered ${status}`, {
      providerCode: String(status),
      transient: status === 429 || status >= 500,
      ...(status === 429 ? { retryAfterMs: wait ?? 1_000 } : {}),
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  // fetch's network failures and timeouts may clear; anything else is the SDK refusing the send.
  const network = error instanceof TypeError || (error instanceof Error && /Abort|Timeout/.test(error.name));
  return network
    ? new ChannelApiError(`the Bot Connector cannot be reached: ${message}`, {
        providerCode: 'unreachable',
        transient: true,
      })
    : new ChannelApiError(`the Agents SDK refused the send: ${message}`, {
        providerCode: 'sdk_error',
        transient: false,
      });
}

/** The SDK writes its answer to a WebResponse; the route port wants a WebhookReply. */
class CapturedResponse implements WebResponse {
  headersSent = false;
  writableEnded = false;
  #status = 200;
  #body: unknown;
  readonly #headers: Record<string, string> = {};

  status(code: number): this {
    this.#status = code;
    return this;
  }

  setHeader(name: string, value: string): this {
    this.#headers[name.toLowerCase()] = value;
    return this;
  }

  send(body?: unknown): this {
    this.#body = body;
    return this;
  }

  end(): this {
    this.writableEnded = true;
    return this;
  }

  reply(): WebhookReply {
    const body = this.#body;
    const reply: WebhookReply = { status: this.#status, headers: this.#headers };
    if (typeof body === 'string') reply.body = body;
    else if (body && typeof body === 'object') reply.body = body as Record<string, unknown>;
    return reply;
  }
}

export type ActivityHandler = (activity: ActivityJson) => Promise<void>;

export class TeamsClient {
  readonly #adapter: CloudAdapter;
  readonly #appId: string;

  constructor(options: TeamsClientOptions) {
    const config: AuthConfiguration = {
      clientId: options.appId,
      clientSecret: options.appPassword,
      tenantId: options.tenantId,
    };
    this.#appId = options.appId;
    this.#adapter = new CloudAdapter(config);
    this.#adapter.connectionManager = connectionsOf(new ClientCredentialsProvider(options), config);
    // The SDK's default tells the user "The agent encountered an error": ours answers 500 instead,
    // so that the Bot Connector delivers the activity again.
    this.#adapter.onTurnError = async (_context, error) => {
      throw error;
    };
  }

  /**
   * Runs one verified inbound activity through the SDK; `handle` stores it, and the reply (200, or
   * the SDK's 400 for an activity without a type or conversation) waits for it.
   */
  async process(
    body: Record<string, unknown>,
    headers: Readonly<Record<string, string | string[] | undefined>>,
    claims: BotClaims,
    handle: ActivityHandler,
  ): Promise<WebhookReply> {
    const response = new CapturedResponse();
    await this.#adapter.process(
      { body, headers, method: 'POST', user: claims },
      response,
      (context: TurnContext) => handle(context.activity as ActivityJson),
    );
    return response.reply();
  }

  /** Shows "typing…" in a conversation (a typing activity: Teams shows it until a message or ~3 s). */
  async typing(reference: TeamsReference): Promise<void> {
    try {
      await this.#adapter.continueConversation(this.#appId, reference, async (context) => {
        const activity = Activity.fromObject({
          type: 'typing',
          channelId: reference.channelId,
          serviceUrl: reference.serviceUrl,
          conversation: reference.conversation,
          from: reference.agent,
          recipient: reference.user,
        });
        await context.adapter.sendActivities(context, [activity]);
      });
    } catch (error) {
      throw channelError(error);
    }
  }

  /** Posts a text into a conversation; the id the connector gave the new activity. */
  async send(
    reference: TeamsReference,
    text: string,
    actions?: MessageAction[],
    media?: Media[],
  ): Promise<string | undefined> {
    const attachments = [...mediaAttachments(media), ...(actions?.length ? [actionCard(text, actions)] : [])];
    let id: string | undefined;
    try {
      await this.#adapter.continueConversation(this.#appId, reference, async (context) => {
        // Not context.sendActivity: it would reply to the continuation event's made-up id. A new
        // activity without replyToId is posted to the conversation itself.
        const activity = Activity.fromObject({
          type: 'message',
          text,
          ...(attachments.length ? { attachments } : {}),
          channelId: reference.channelId,
          serviceUrl: reference.serviceUrl,
          conversation: reference.conversation,
          from: reference.agent,
          recipient: reference.user,
        });
        const [response] = await context.adapter.sendActivities(context, [activity]);
        id = response?.id || undefined;
      });
    } catch (error) {
      throw channelError(error);
    }
    return id;
  }
}
