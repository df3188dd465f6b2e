import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

const KEY = 'sk_test_51AbCdEfGh1234567890';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function failure(env: Record<string, string>): Error | null {
  try {
    loadConfig(env);
  } catch (caught) {
    return caught as Error;
  }
  return null;
}

describe('Stripe configuration (STRIPE_*)', () => {
  it('is off without STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET', () => {
    expect(loadConfig({}).stripe).toBeUndefined();
  });

  it('is on with both, on Stripe’s own API when no base URL is given', () => {
    expect(loadConfig({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: SECRET }).stripe).toEqual({
      secretKey: KEY,
      webhookSecret: SECRET,
    });
  });

  it.each([
    ['http://127.0.0.1:12111', { host: '127.0.0.1', port: 12111, protocol: 'http' }],
    ['http://127.0.0.1:12111/', { host: '127.0.0.1', port: 12111, protocol: 'http' }],
    ['https://stripe.internal', { host: 'stripe.internal', port: 443, protocol: 'https' }],
    ['http://localhost', { host: 'localhost', port: 80, protocol: 'http' }],
  ])('splits STRIPE_API_BASE_URL %s into the SDK’s host, port and protocol', (base, api) => {
    const config = loadConfig({
      STRIPE_SECRET_KEY: KEY,
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_API_BASE_URL: base,
    });
    expect(config.stripe?.api).toEqual(api);
  });

  it.each([
    [{ STRIPE_SECRET_KEY: KEY }, /^STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY/],
    [{ STRIPE_WEBHOOK_SECRET: SECRET }, /^STRIPE_SECRET_KEY is required with STRIPE_WEBHOOK_SECRET/],
    [
      { STRIPE_SECRET_KEY: 'pk_test_abcdefghij', STRIPE_WEBHOOK_SECRET: SECRET },
      /^STRIPE_SECRET_KEY must look like sk_/,
    ],
    [
      { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: 'secret' },
      /^STRIPE_WEBHOOK_SECRET must look like whsec_/,
    ],
    [
      {
        STRIPE_SECRET_KEY: KEY,
        STRIPE_WEBHOOK_SECRET: SECRET,
        STRIPE_API_BASE_URL: 'http://127.0.0.1:12111/v1',
      },
      /^STRIPE_API_BASE_URL must be an origin without a path \(no \/v1\) \(got "http:\/\/127\.0\.0\.1:12111\/v1"\)/,
    ],
    [
      { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE_URL: 'ftp://x' },
      /^STRIPE_API_BASE_URL must start with http/,
    ],
    [
      { STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: SECRET, STRIPE_API_BASE_URL: 'not a url' },
      /^STRIPE_API_BASE_URL is not a url/,
    ],
    [{ STRIPE_API_BASE_URL: 'http://127.0.0.1:12111' }, /^STRIPE_API_BASE_URL needs STRIPE_SECRET_KEY/],
  ])('stops the start with one line naming the variable: %j', (env, message) => {
    const error = failure(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toMatch(message);
    expect(error?.message.split('\n')).toHaveLength(1);
    // Secrets are never echoed.
    expect(error?.message).not.toContain('pk_test_abcdefghij');
    expect(error?.message).not.toContain(SECRET);
    expect(error?.message).not.toContain(KEY);
  });
});
