/**
 * The one place that reads the environment. Every variable of CONTRACT.md this build uses is parsed
 * here with zod; a malformed value stops the start with one line naming the variable and the fix.
 * Defaults (CONTRACT.md): PORT 3000, HOST 0.0.0.0, PUBLIC_URL http://localhost:$PORT, DATA_DIR ./data,
 * TIMEZONE the system's, AI_PROVIDER first key found else offline, LOG_LEVEL info, TRUST_PROXY none.
 */
import path from 'node:path';
import { z } from 'zod';
import { type EmailConfig, emailConfig, emailFromSchema } from './config-email.js';
import { STRIPE_VARIABLES, type StripeConfig, stripeConfig } from './config-stripe.js';
import { type TrustProxy, trustProxySchema } from './trust-proxy.js';

export class ConfigError extends Error {
  readonly code = 'config_invalid';
}

const optionalString = z
  .string()
  .transform((value) => value.trim())
  .optional()
  .transform((value) => (value ? value : undefined));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''));

/** postgres:// or postgresql://, with a host and a database name (the rest is pg's business). */
const postgresUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    ctx.addIssue({ code: 'custom', message: 'must start with postgres:// or postgresql://' });
  } else if (!url.hostname) {
    ctx.addIssue({ code: 'custom', message: 'has no host' });
  } else if (url.pathname.replace(/^\//, '') === '') {
    ctx.addIssue({ code: 'custom', message: 'has no database name (…/database at the end)' });
  }
});

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Variable name → [schema, how to fix]. */
const VARIABLES = {
  PORT: [z.coerce.number().int().min(1).max(65_535).default(3000), 'set PORT to a port number such as 3000'],
  HOST: [z.string().min(1).default('0.0.0.0'), 'set HOST to an address such as 0.0.0.0 or 127.0.0.1'],
  PUBLIC_URL: [httpUrl.optional(), 'set PUBLIC_URL to the external base URL, e.g. https://chat.example.com'],
  DATA_DIR: [z.string().min(1).default('./data'), 'set DATA_DIR to a writable folder'],
  DATABASE_URL: [
    postgresUrl.optional(),
    'set DATABASE_URL to postgres://user:password@host:5432/database, or unset it to use the embedded store',
  ],
  // MongoDB was the first scale-out choice and is not used: say what replaced it rather than ignore it.
  MONGODB_URI: [
    z.undefined({ error: 'is no longer supported' }).optional(),
    'set DATABASE_URL to a postgres:// URL instead (Kora scales out on PostgreSQL), or unset MONGODB_URI to use the embedded store',
  ],
  TRUST_PROXY: [
    trustProxySchema.optional(),
    'set TRUST_PROXY to the number of proxies in front of Kora (e.g. 1), or their IPs/CIDRs separated by commas (e.g. 10.0.0.0/8,::1), or unset it',
  ],
  SECRET_KEY: [
    z.string().min(32, 'must be at least 32 characters').optional(),
    'set SECRET_KEY to 32+ random characters (e.g. `openssl rand -base64 48`) or unset it to generate one',
  ],
  ADMIN_EMAIL: [z.string().email().optional(), 'set ADMIN_EMAIL to the owner’s email address'],
  ADMIN_PASSWORD: [
    z.string().min(12, 'must be at least 12 characters').max(200).optional(),
    'set ADMIN_PASSWORD to a password of 12 to 200 characters',
  ],
  TIMEZONE: [
    z.string().refine(isTimeZone, 'is not an IANA time zone').optional(),
    'set TIMEZONE to an IANA time zone such as Europe/Zurich',
  ],
  AI_PROVIDER: [
    z.enum(['openai', 'anthropic', 'offline']).optional(),
    'set AI_PROVIDER to openai, anthropic or offline',
  ],
  OPENAI_API_KEY: [z.string().optional(), 'set OPENAI_API_KEY to your OpenAI key'],
  OPENAI_BASE_URL: [httpUrl.optional(), 'set OPENAI_BASE_URL to an http(s) URL ending in /v1'],
  OPENAI_MODEL: [z.string().optional(), 'set OPENAI_MODEL to a model name'],
  ANTHROPIC_API_KEY: [z.string().optional(), 'set ANTHROPIC_API_KEY to your Anthropic key'],
  ANTHROPIC_BASE_URL: [httpUrl.optional(), 'set ANTHROPIC_BASE_URL to an http(s) URL'],
  ANTHROPIC_MODEL: [z.string().optional(), 'set ANTHROPIC_MODEL to a model name'],
  TWILIO_ACCOUNT_SID: [
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be "AC" followed by 32 hexadecimal characters')
      .optional(),
    'set TWILIO_ACCOUNT_SID to the Account SID shown in the Twilio console (AC…)',
  ],
  TWILIO_AUTH_TOKEN: [
    z.string().min(16, 'must be at least 16 characters').optional(),
    'set TWILIO_AUTH_TOKEN to the Auth Token shown in the Twilio console',
  ],
  TWILIO_WHATSAPP_FROM: [
    z
      .string()
      .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'must look like whatsapp:+41791234567')
      .optional(),
    'set TWILIO_WHATSAPP_FROM to your WhatsApp sender, e.g. whatsapp:+41791234567',
  ],
  TWILIO_SMS_FROM: [
    z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number such as +41791234567')
      .optional(),
    'set TWILIO_SMS_FROM to your Twilio number in E.164 (+41791234567) or a Messaging Service SID (MG…)',
  ],
  TWILIO_API_BASE_URL: [
    httpUrl.optional(),
    'set TWILIO_API_BASE_URL to an http(s) URL such as https://api.twilio.com',
  ],
  WHATSAPP_PROVIDER: [z.enum(['twilio', 'baileys']).optional(), 'set WHATSAPP_PROVIDER to twilio or baileys'],
  TELEGRAM_BOT_TOKEN: [
    z
      .string()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,}$/, 'must look like 123456789:AAH… (the token BotFather gave you)')
      .optional(),
    'set TELEGRAM_BOT_TOKEN to the token BotFather gave you, or unset it to turn Telegram off',
  ],
  TELEGRAM_API_ROOT: [
    httpUrl.optional(),
    'set TELEGRAM_API_ROOT to the Bot API base URL such as https://api.telegram.org',
  ],
  TELEGRAM_WEBHOOK_SECRET: [
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16 to 256 characters among A-Z, a-z, 0-9, _ and -')
      .optional(),
    'set TELEGRAM_WEBHOOK_SECRET to 16-256 random letters or digits (e.g. `openssl rand -hex 32`), or unset it for long polling',
  ],
  MICROSOFT_APP_ID: [
    z.string().regex(GUID, 'must be a GUID such as 00000000-0000-0000-0000-000000000000').optional(),
    'set MICROSOFT_APP_ID to the Azure Bot’s Microsoft App ID (a GUID), or unset it to turn Teams off',
  ],
  MICROSOFT_APP_PASSWORD: [
    z.string().min(8, 'must be at least 8 characters').optional(),
    'set MICROSOFT_APP_PASSWORD to a client secret of the bot’s app registration (Certificates & secrets)',
  ],
  MICROSOFT_APP_TENANT_ID: [
    z
      .string()
      .regex(/^([0-9a-fA-F-]{36}|[A-Za-z0-9.-]+\.[A-Za-z]{2,})$/, 'must be a tenant GUID or domain')
      .optional(),
    'set MICROSOFT_APP_TENANT_ID to the Directory (tenant) ID of a single-tenant bot, or unset it for a multi-tenant one',
  ],
  MICROSOFT_OPENID_METADATA_URL: [
    httpUrl.optional(),
    'set MICROSOFT_OPENID_METADATA_URL to an http(s) URL, or unset it for https://login.botframework.com/v1/.well-known/openidconfiguration',
  ],
  MICROSOFT_LOGIN_URL: [
    httpUrl.optional(),
    'set MICROSOFT_LOGIN_URL to an http(s) URL such as https://login.microsoftonline.com, or unset it',
  ],
  RESEND_API_KEY: [
    z
      .string()
      .regex(/^re_[A-Za-z0-9_]{8,}$/, 'must look like re_… (an API key from resend.com/api-keys)')
      .optional(),
    'set RESEND_API_KEY to an API key from resend.com/api-keys (re_…), or unset it to turn email off',
  ],
  EMAIL_FROM: [
    emailFromSchema.optional(),
    'set EMAIL_FROM to a sender on your verified domain, e.g. Coach Ada <hello@example.com>',
  ],
  RESEND_BASE_URL: [
    httpUrl.optional(),
    'set RESEND_BASE_URL to an http(s) URL such as https://api.resend.com',
  ],
  RESEND_WEBHOOK_SECRET: [
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must look like whsec_… (the webhook signing secret)')
      .optional(),
    'set RESEND_WEBHOOK_SECRET to the signing secret of your webhook in Resend (whsec_…)',
  ],
  ...STRIPE_VARIABLES,
  LOG_LEVEL: [
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent',
  ],
} as const;

/** Every variable the configuration reads (tests check the channel descriptors name only these). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(VARIABLES);

type Variables = typeof VARIABLES;
type Parsed = { [K in keyof Variables]: z.output<Variables[K][0]> };

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Set: PostgreSQL for storage, Agenda and socket.io (several processes); unset: embedded SQLite. */
  databaseUrl?: string;
  /** Whose `X-Forwarded-For` is believed; unset: nobody's (server/trust-proxy.ts). */
  trustProxy?: TrustProxy;
  /** Unset: generated once into DATA_DIR (server/secret-key.ts). */
  secretKey?: string;
  admin?: { email: string; password: string };
  timezone: string;
  ai: {
    /** The provider that answers. */
    provider: 'openai' | 'anthropic' | 'offline';
    openai?: { apiKey: string; baseURL?: string; model?: string };
    anthropic?: { apiKey: string; baseURL?: string; model?: string };
  };
  /** Set when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are. */
  twilio?: {
    accountSid: string;
    authToken: string;
    /** Unset: Twilio's own (https://api.twilio.com). */
    apiBaseUrl?: string;
    whatsappFrom?: string;
    smsFrom?: string;
  };
  /** The WhatsApp channel's provider; unset: WhatsApp is off. */
  whatsapp?: { provider: 'twilio' | 'baileys' };
  /** Set when TELEGRAM_BOT_TOKEN is: webhook mode with `webhook`, else long polling. */
  telegram?: {
    token: string;
    /** Unset: Telegram's own (https://api.telegram.org). */
    apiRoot?: string;
    webhook?: { url: string; secret: string };
  };
  /** Set when MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are (bots/teams/plugin.ts reads it). */
  teams?: {
    appId: string;
    appPassword: string;
    /** MICROSOFT_APP_TENANT_ID; unset: `botframework.com` (a multi-tenant bot). */
    tenantId: string;
    /** Unset: https://login.botframework.com/v1/.well-known/openidconfiguration. */
    openIdMetadataUrl: string;
    /** Unset: https://login.microsoftonline.com. */
    loginUrl: string;
  };
  /** Set when RESEND_API_KEY and EMAIL_FROM are (server/config-email.ts). */
  email?: EmailConfig;
  /** Set when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are (server/config-stripe.ts). */
  stripe?: StripeConfig;
  logLevel: string;
}

function parseVariables(env: Record<string, string | undefined>): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, [schema, fix]] of Object.entries(VARIABLES)) {
    const raw = optionalString.parse(env[name]);
    const result = (schema as z.ZodType).safeParse(raw);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'is invalid';
      // Connection URLs carry passwords.
      const secret = /KEY|PASSWORD|TOKEN|SECRET|^DATABASE_URL$|^MONGODB_URI$/.test(name);
      const shown = secret ? '' : ` (got "${raw}")`;
      throw new ConfigError(`${name} ${reason.toLowerCase()}${shown}: ${fix}.`);
    }
    out[name] = result.data;
  }
  return out as Parsed;
}

function twilioConfig(v: Parsed): Config['twilio'] {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken } = v;
  if (!accountSid !== !authToken) {
    const missing = accountSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID';
    throw new ConfigError(
      `${missing} is required with ${accountSid ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN'}: set both, or unset both to turn Twilio off.`,
    );
  }
  if (!accountSid || !authToken) {
    const orphan = (['TWILIO_WHATSAPP_FROM', 'TWILIO_SMS_FROM'] as const).find((name) => v[name]);
    if (orphan) {
      throw new ConfigError(
        `${orphan} needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: set them, or unset ${orphan}.`,
      );
    }
    return undefined;
  }
  return {
    accountSid,
    authToken,
    apiBaseUrl: v.TWILIO_API_BASE_URL,
    whatsappFrom: v.TWILIO_WHATSAPP_FROM,
    smsFrom: v.TWILIO_SMS_FROM,
  };
}

/** WHATSAPP_PROVIDER, else twilio when its WhatsApp sender is configured, else off. */
function whatsappConfig(v: Parsed, twilio: Config['twilio']): Config['whatsapp'] {
  const provider = v.WHATSAPP_PROVIDER ?? (twilio?.whatsappFrom ? 'twilio' : undefined);
  if (provider === 'twilio' && !twilio?.whatsappFrom) {
    throw new ConfigError(
      'TWILIO_WHATSAPP_FROM (with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN) is required when WHATSAPP_PROVIDER=twilio: set them, or choose baileys.',
    );
  }
  return provider ? { provider } : undefined;
}

function pickProvider(v: Parsed): Config['ai']['provider'] {
  if (v.AI_PROVIDER) return v.AI_PROVIDER;
  if (v.OPENAI_API_KEY) return 'openai';
  if (v.ANTHROPIC_API_KEY) return 'anthropic';
  return 'offline';
}

function aiConfig(v: Parsed): Config['ai'] {
  const provider = pickProvider(v);
  if (provider === 'openai' && !v.OPENAI_API_KEY) {
    throw new ConfigError(
      'OPENAI_API_KEY is required when AI_PROVIDER=openai: set it, or choose another provider.',
    );
  }
  if (provider === 'anthropic' && !v.ANTHROPIC_API_KEY) {
    throw new ConfigError(
      'ANTHROPIC_API_KEY is required when AI_PROVIDER=anthropic: set it, or choose another provider.',
    );
  }
  const ai: Config['ai'] = { provider };
  if (v.OPENAI_API_KEY)
    ai.openai = { apiKey: v.OPENAI_API_KEY, baseURL: v.OPENAI_BASE_URL, model: v.OPENAI_MODEL };
  if (v.ANTHROPIC_API_KEY) {
    ai.anthropic = { apiKey: v.ANTHROPIC_API_KEY, baseURL: v.ANTHROPIC_BASE_URL, model: v.ANTHROPIC_MODEL };
  }
  return ai;
}

function channelConfig(v: Parsed): Pick<Config, 'twilio' | 'whatsapp'> {
  const twilio = twilioConfig(v);
  const whatsapp = whatsappConfig(v, twilio);
  return { ...(twilio ? { twilio } : {}), ...(whatsapp ? { whatsapp } : {}) };
}

/**
 * Telegram: on with TELEGRAM_BOT_TOKEN. A webhook secret means webhook mode, which needs PUBLIC_URL
 * set explicitly (Telegram posts to PUBLIC_URL/webhooks/telegram; its servers only post to https,
 * plain http serves a local Bot API server); no secret means long polling.
 */
function telegramConfig(v: Parsed): Pick<Config, 'telegram'> {
  const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_API_ROOT: apiRoot } = v;
  if (!token) {
    const orphan = (['TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_API_ROOT'] as const).find((name) => v[name]);
    if (orphan) {
      throw new ConfigError(`${orphan} needs TELEGRAM_BOT_TOKEN: set it, or unset ${orphan}.`);
    }
    return {};
  }
  if (secret && !v.PUBLIC_URL) {
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_SECRET needs PUBLIC_URL (the https address Telegram posts updates to): set PUBLIC_URL, or unset TELEGRAM_WEBHOOK_SECRET for long polling.',
    );
  }
  return {
    telegram: {
      token,
      ...(apiRoot ? { apiRoot } : {}),
      ...(secret && v.PUBLIC_URL ? { webhook: { url: `${v.PUBLIC_URL}/webhooks/telegram`, secret } } : {}),
    },
  };
}

/** Teams: on with MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, both or neither. */
function teamsConfig(v: Parsed): Pick<Config, 'teams'> {
  const { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword } = v;
  if (!appId !== !appPassword) {
    const missing = appId ? 'MICROSOFT_APP_PASSWORD' : 'MICROSOFT_APP_ID';
    const given = appId ? 'MICROSOFT_APP_ID' : 'MICROSOFT_APP_PASSWORD';
    throw new ConfigError(`${missing} is required with ${given}: set both, or unset both to turn Teams off.`);
  }
  if (!appId || !appPassword) {
    const names = [
      'MICROSOFT_APP_TENANT_ID',
      'MICROSOFT_OPENID_METADATA_URL',
      'MICROSOFT_LOGIN_URL',
    ] as const;
    const orphan = names.find((name) => v[name]);
    if (orphan)
      throw new ConfigError(
        `${orphan} needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD: set them, or unset ${orphan}.`,
      );
    return {};
  }
  return {
    teams: {
      appId,
      appPassword,
      tenantId: v.MICROSOFT_APP_TENANT_ID ?? 'botframework.com',
      openIdMetadataUrl:
        v.MICROSOFT_OPENID_METADATA_URL ??
        'https://login.botframework.com/v1/.well-known/openidconfiguration',
      loginUrl: v.MICROSOFT_LOGIN_URL ?? 'https://login.microsoftonline.com',
    },
  };
}

export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const v = parseVariables(env);
  if (v.ADMIN_EMAIL && !v.ADMIN_PASSWORD) {
    throw new ConfigError('ADMIN_PASSWORD is required with ADMIN_EMAIL: set both, or unset ADMIN_EMAIL.');
  }
  if (v.ADMIN_PASSWORD && !v.ADMIN_EMAIL) {
    throw new ConfigError('ADMIN_EMAIL is required with ADMIN_PASSWORD: set both, or unset ADMIN_PASSWORD.');
  }
  if (v.DATABASE_URL && !v.SECRET_KEY) {
    // A key generated into each process's DATA_DIR would differ: member tokens, sealed secrets break.
    throw new ConfigError(
      'SECRET_KEY is required with DATABASE_URL (every process must use the same key): set SECRET_KEY to the same 32+ random characters on every process.',
    );
  }
  return {
    port: v.PORT,
    host: v.HOST,
    publicUrl: v.PUBLIC_URL ?? `http://localhost:${v.PORT}`,
    dataDir: path.resolve(cwd, v.DATA_DIR),
    databaseUrl: v.DATABASE_URL,
    trustProxy: v.TRUST_PROXY,
    secretKey: v.SECRET_KEY,
    admin:
      v.ADMIN_EMAIL && v.ADMIN_PASSWORD ? { email: v.ADMIN_EMAIL, password: v.ADMIN_PASSWORD } : undefined,
    timezone: v.TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    ai: aiConfig(v),
    ...channelConfig(v),
    ...telegramConfig(v),
    ...teamsConfig(v),
    ...emailConfig(v, (message) => new ConfigError(message)),
    ...stripeConfig(v, (message) => new ConfigError(message)),
    logLevel: v.LOG_LEVEL,
  };
}
