/** `npm start`: read the environment once, start Kora, say where it is, stop cleanly on SIGTERM/SIGINT. */
import type { KoraApp } from './app.js';
import { startKora } from './app.js';
import { ConfigError, loadConfig } from './config.js';

const CHANNEL_HINTS: Record<string, string> = {
  telegram: 'set TELEGRAM_BOT_TOKEN',
  whatsapp: 'set TWILIO_* or WHATSAPP_PROVIDER=baileys',
  sms: 'set TWILIO_SMS_FROM',
  teams: 'set MICROSOFT_APP_ID',
  email: 'set RESEND_API_KEY',
};

function banner(app: KoraApp): string {
  const { config, owner } = app;
  const adminUrl = `${config.publicUrl}/admin`;
  const lines = [
    `Kora is running at ${config.publicUrl} (listening on ${app.url}, ${app.store.kind} store in ${config.dataDir})`,
  ];
  if (owner.kind === 'setup') {
    lines.push(
      `  Admin: create the owner account (one-time link, 24 h): ${adminUrl}/setup?token=${owner.token}`,
    );
  } else if (owner.kind === 'configured') {
    lines.push(`  Admin: ${adminUrl} (sign in as ${owner.email} with ADMIN_PASSWORD)`);
  } else {
    lines.push(`  Admin: ${adminUrl}`);
  }
  if (app.defaultChatUrl) lines.push(`  Web chat: ${app.defaultChatUrl}`);
  const on = app.registry.list().map((adapter) => adapter.name);
  const off = Object.entries(CHANNEL_HINTS).map(([name, hint]) => `${name} (${hint})`);
  lines.push(`  Channels on: ${on.join(', ')}; off: ${off.join(', ')}`);
  const { ai } = config;
  const model =
    ai.provider === 'openai'
      ? ai.openai?.model
      : ai.provider === 'anthropic'
        ? ai.anthropic?.model
        : undefined;
  lines.push(
    ai.provider === 'offline'
      ? '  Assistant: offline (answers from the catalog; set OPENAI_API_KEY or ANTHROPIC_API_KEY for a model)'
      : `  Assistant: ${ai.provider}${model ? ` (${model})` : ''}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await startKora(config);
  console.log(banner(app));
  const stop = async (signal: string) => {
    console.log(`${signal}: stopping (finishing work in flight)…`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('Kora could not start:', error);
  }
  process.exit(1);
});
