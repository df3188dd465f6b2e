import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const TOKEN = '7012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/kora');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('Telegram configuration', () => {
  it('is off without a token, long polling with one, webhook mode with a secret and PUBLIC_URL', () => {
    expect(loadConfig({}, '/srv/kora').channels.telegram).toBeUndefined();
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN }, '/srv/kora').channels.telegram).toEqual({
      token: TOKEN,
    });
    const hook = loadConfig(
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
        TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32),
        PUBLIC_URL: 'https://chat.example.com/',
      },
      '/srv/kora',
    ).channels.telegram;
    expect(hook).toEqual({
      token: TOKEN,
      apiRoot: 'http://127.0.0.1:8081',
      webhook: { url: 'https://chat.example.com/webhooks/telegram', secret: 'a'.repeat(32) },
    });
  });

  it('names the variable and the fix, and never echoes the token or the secret', () => {
    const badToken = configError({ TELEGRAM_BOT_TOKEN: 'not-a-token-but-secret-looking' });
    expect(badToken).toMatch(/^TELEGRAM_BOT_TOKEN .*BotFather/);
    expect(badToken).not.toContain('secret-looking');
    const badSecret = configError({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'short!secret' });
    expect(badSecret).toMatch(/^TELEGRAM_WEBHOOK_SECRET /);
    expect(badSecret).not.toContain('short!secret');
    expect(configError({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: 'ftp://x' })).toMatch(
      /^TELEGRAM_API_ROOT /,
    );
  });

  it('refuses webhook mode without PUBLIC_URL, and Telegram settings without a token', () => {
    expect(configError({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) })).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET needs PUBLIC_URL/,
    );
    expect(configError({ TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32) })).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET needs TELEGRAM_BOT_TOKEN/,
    );
  });
});
