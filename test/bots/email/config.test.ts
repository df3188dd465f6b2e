import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const KEY = 're_test_1234567890abcdef';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('email configuration (RESEND_*, EMAIL_FROM)', () => {
  it('is off without RESEND_API_KEY and EMAIL_FROM', () => {
    expect(loadConfig({}).channels.email).toBeUndefined();
  });

  it('is on with both, keeps the display name and reads the bare address', () => {
    const config = loadConfig({
      RESEND_API_KEY: KEY,
      EMAIL_FROM: 'Coach Ada <Hello@Example.com>',
      RESEND_BASE_URL: 'http://127.0.0.1:9999/',
      RESEND_WEBHOOK_SECRET: SECRET,
    });
    expect(config.channels.email).toEqual({
      apiKey: KEY,
      from: 'Coach Ada <Hello@Example.com>',
      fromAddress: 'hello@example.com',
      baseUrl: 'http://127.0.0.1:9999',
      webhookSecret: SECRET,
    });
  });

  it.each([
    [{ RESEND_API_KEY: KEY }, /^EMAIL_FROM is required with RESEND_API_KEY/],
    [{ EMAIL_FROM: 'a@b.ch' }, /^RESEND_API_KEY is required with EMAIL_FROM/],
    [{ RESEND_API_KEY: 'sk_nope', EMAIL_FROM: 'a@b.ch' }, /^RESEND_API_KEY must look like re_/],
    [{ RESEND_API_KEY: KEY, EMAIL_FROM: 'not an address' }, /^EMAIL_FROM must be an address/],
    [{ RESEND_API_KEY: KEY, EMAIL_FROM: 'a@b.ch', RESEND_BASE_URL: 'ftp://x' }, /^RESEND_BASE_URL /],
    [
      { RESEND_API_KEY: KEY, EMAIL_FROM: 'a@b.ch', RESEND_WEBHOOK_SECRET: 'abc' },
      /^RESEND_WEBHOOK_SECRET must/,
    ],
    [{ RESEND_WEBHOOK_SECRET: SECRET }, /^RESEND_WEBHOOK_SECRET needs RESEND_API_KEY and EMAIL_FROM/],
  ])('stops the start with one line naming the variable: %j', (env, message) => {
    const error = (() => {
      try {
        loadConfig(env);
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(message);
    expect(error?.message.split('\n')).toHaveLength(1);
    // Secrets are never echoed.
    expect(error?.message).not.toContain('sk_nope');
    expect(error?.message).not.toContain(SECRET);
  });
});
