/**
 * The one place that reads the environment. Every variable of CONTRACT.md this build uses is parsed
 * here with zod; a malformed value stops the start with one line naming the variable and the fix.
 * Defaults (CONTRACT.md): PORT 3000, HOST 0.0.0.0, PUBLIC_URL http://localhost:$PORT, DATA_DIR ./data,
 * TIMEZONE the system's, AI_PROVIDER first key found else offline, LOG_LEVEL info, TRUST_PROXY none.
 */
import path from 'node:path';
import { z } from 'zod';
import { httpUrl } from '../bots/config-schemas.js';
import type { AnyChannelPlugin, ChannelVariable } from '../core/channels/plugin.js';
import type { ChannelName } from '../core/types.js';
import { CHANNEL_PLUGINS } from './channels/index.js';
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
  ...STRIPE_VARIABLES,
  LOG_LEVEL: [
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'set LOG_LEVEL to one of fatal, error, warn, info, debug, trace, silent',
  ],
} as const;

/** Every variable the configuration reads: the server's own and those of the registered channels. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(VARIABLES),
  ...channelVariables(CHANNEL_PLUGINS).keys(),
];

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
  /**
   * Each configured channel's section, as its plug-in's `config.load` made it from the variables the
   * plug-in declares (bots/<channel>/config.ts); a channel that is off has none.
   */
  channels: Partial<Record<ChannelName, unknown>>;
  /** Set when STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are (server/config-stripe.ts). */
  stripe?: StripeConfig;
  logLevel: string;
}

/** Why the start stops: the variable, what is wrong, the value unless it is a secret, and the fix. */
function invalid(
  name: string,
  raw: string | undefined,
  reason: string,
  fix: string,
  secret: boolean,
): ConfigError {
  // Connection URLs carry passwords.
  const hidden = secret || /KEY|PASSWORD|TOKEN|SECRET|^DATABASE_URL$|^MONGODB_URI$/.test(name);
  const shown = hidden ? '' : ` (got "${raw}")`;
  return new ConfigError(`${name} ${reason.toLowerCase()}${shown}: ${fix}.`);
}

function parseVariables(env: Record<string, string | undefined>): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, [schema, fix]] of Object.entries(VARIABLES)) {
    const raw = optionalString.parse(env[name]);
    const result = (schema as z.ZodType).safeParse(raw);
    if (!result.success) {
      throw invalid(name, raw, result.error.issues[0]?.message ?? 'is invalid', fix, false);
    }
    out[name] = result.data;
  }
  return out as Parsed;
}

/**
 * The variables the plug-ins declare, each once: a variable two channels share (Twilio's account) is
 * the same object in both lists; two different declarations of one name are a programming error.
 */
export function channelVariables(plugins: readonly AnyChannelPlugin[]): Map<string, ChannelVariable> {
  const variables = new Map<string, ChannelVariable>();
  for (const plugin of plugins) {
    for (const variable of plugin.config.variables) {
      const known = variables.get(variable.name);
      if (known && known !== variable) {
        throw new Error(`${variable.name} is declared twice with different rules (${plugin.name})`);
      }
      if (variable.name in VARIABLES) throw new Error(`${variable.name} is not a channel's variable`);
      variables.set(variable.name, variable);
    }
  }
  return variables;
}

/** Each plug-in's section from its parsed variables (`config.load`); channels that are off have none. */
function channelSections(
  env: Record<string, string | undefined>,
  plugins: readonly AnyChannelPlugin[],
  publicUrl: string | undefined,
): Config['channels'] {
  const values: Record<string, unknown> = {};
  for (const variable of channelVariables(plugins).values()) {
    const raw = optionalString.parse(env[variable.name]);
    const result = variable.parse.safeParse(raw);
    if (!result.success) {
      const reason = result.error.issues[0]?.message ?? 'is invalid';
      throw invalid(variable.name, raw, reason, variable.fix, variable.secret === true);
    }
    values[variable.name] = result.data;
  }
  const context = {
    publicUrl,
    fail(message: string): never {
      throw new ConfigError(message);
    },
  };
  const sections: Config['channels'] = {};
  for (const plugin of plugins) {
    const section = plugin.config.load(values, context);
    if (section !== null) sections[plugin.name] = section;
  }
  return sections;
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

/** The configuration from `env`; `plugins` are the channels of this build (their own variables). */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
  plugins: readonly AnyChannelPlugin[] = CHANNEL_PLUGINS,
): Config {
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
    channels: channelSections(env, plugins, v.PUBLIC_URL),
    ...stripeConfig(v, (message) => new ConfigError(message)),
    logLevel: v.LOG_LEVEL,
  };
}
