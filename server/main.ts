/** `npm start`: read the environment once, start Kora, say where it is, stop cleanly on SIGTERM/SIGINT. */
import type { KoraApp } from './app.js';
import { startKora } from './app.js';
import { startBanner } from './banner.js';
import { ConfigError, loadConfig } from './config.js';
import { StartError } from './start-error.js';

function banner(app: KoraApp): string {
  return startBanner({
    publicUrl: app.config.publicUrl,
    listening: app.url,
    storeKind: app.storeKind,
    dataDir: app.storeLocation,
    owner: app.owner,
    defaultChatUrl: app.defaultChatUrl,
    channels: app.registry.list().map((adapter) => adapter.name),
    ai: app.config.ai,
  });
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
  } else if (error instanceof StartError) {
    console.error(`Kora could not start: ${error.message}`);
  } else {
    console.error('Kora could not start:', error);
  }
  process.exit(1);
});
