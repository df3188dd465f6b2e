/** The lines `npm start` prints once Kora is up: where it is, how to sign in, which channels are on. */
import type { OwnerState } from './admin/auth/bootstrap.js';
import type { Config } from './config.js';

/** What the banner says, as plain values (main.ts takes them from the started app). */
export interface BannerInput {
  publicUrl: string;
  /** The address the HTTP server listens on. */
  listening: string;
  storeKind: string;
  dataDir: string;
  owner: OwnerState;
  defaultChatUrl: string | null;
  /** Names of the channels registered (on). */
  channels: string[];
  ai: Config['ai'];
}

/** The channels this version can turn on (the web chat always is), and how. */
const CHANNEL_HINTS: Record<string, string> = {
  telegram: 'set TELEGRAM_BOT_TOKEN',
  whatsapp: 'set TWILIO_WHATSAPP_FROM with the Twilio account, or WHATSAPP_PROVIDER=baileys',
  sms: 'set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_SMS_FROM',
  teams: 'set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD',
  email: 'set RESEND_API_KEY and EMAIL_FROM',
};

function adminLine(owner: OwnerState, adminUrl: string): string {
  if (owner.kind === 'setup') {
    return `  Admin: create the owner account (one-time link, 24 h): ${adminUrl}/setup?token=${owner.token}`;
  }
  if (owner.kind === 'configured')
    return `  Admin: ${adminUrl} (sign in as ${owner.email} with ADMIN_PASSWORD)`;
  return `  Admin: ${adminUrl}`;
}

function channelsLine(on: string[]): string {
  const off = Object.entries(CHANNEL_HINTS)
    .filter(([name]) => !on.includes(name))
    .map(([name, hint]) => `${name} (${hint})`);
  const line = `  Channels on: ${on.join(', ')}`;
  return off.length > 0 ? `${line}; off: ${off.join(', ')}` : line;
}

function assistantLine(ai: Config['ai']): string {
  const model =
    ai.provider === 'openai'
      ? ai.openai?.model
      : ai.provider === 'anthropic'
        ? ai.anthropic?.model
        : undefined;
  return ai.provider === 'offline'
    ? '  Assistant: offline (answers from the catalog; set OPENAI_API_KEY or ANTHROPIC_API_KEY for a model)'
    : `  Assistant: ${ai.provider}${model ? ` (${model})` : ''}`;
}

export function startBanner(input: BannerInput): string {
  const lines = [
    `Kora is running at ${input.publicUrl} (listening on ${input.listening}, ${input.storeKind} store in ${input.dataDir})`,
    adminLine(input.owner, `${input.publicUrl}/admin`),
  ];
  if (input.defaultChatUrl) lines.push(`  Web chat: ${input.defaultChatUrl}`);
  lines.push(channelsLine(input.channels), assistantLine(input.ai));
  return lines.join('\n');
}
