import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const SID = `AC${'a1'.repeat(16)}`;
const TOKEN = 'f'.repeat(32);

function load(env: Record<string, string>) {
  return loadConfig({ DATA_DIR: '/tmp/kora-config-test', ...env });
}

describe('Twilio and WhatsApp configuration', () => {
  it('leaves Twilio and WhatsApp off without their variables', () => {
    const config = load({});
    expect(config.channels.whatsapp).toBeUndefined();
    expect(config.channels.sms).toBeUndefined();
  });

  it('turns WhatsApp on with the Twilio provider when its sender is set', () => {
    const config = load({
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_WHATSAPP_FROM: 'whatsapp:+41791234567',
      TWILIO_SMS_FROM: '+41791234568',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9999/',
    });
    const twilio = {
      accountSid: SID,
      authToken: TOKEN,
      apiBaseUrl: 'http://127.0.0.1:9999',
      whatsappFrom: 'whatsapp:+41791234567',
      smsFrom: '+41791234568',
    };
    expect(config.channels.whatsapp).toEqual({ provider: 'twilio', twilio });
    expect(config.channels.sms).toEqual(twilio);
  });

  it('chooses Baileys without any Twilio variable', () => {
    expect(load({ WHATSAPP_PROVIDER: 'baileys' }).channels.whatsapp).toEqual({ provider: 'baileys' });
  });

  it.each([
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, /^TWILIO_ACCOUNT_SID must be "ac" .*\(got "AC123"\): set/],
    [{ TWILIO_ACCOUNT_SID: SID }, /^TWILIO_AUTH_TOKEN is required with TWILIO_ACCOUNT_SID/],
    [{ TWILIO_AUTH_TOKEN: TOKEN }, /^TWILIO_ACCOUNT_SID is required with TWILIO_AUTH_TOKEN/],
    [
      { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_WHATSAPP_FROM: '+41791234567' },
      /^TWILIO_WHATSAPP_FROM must look like whatsapp:\+41791234567/,
    ],
    [{ TWILIO_SMS_FROM: '+41791234567' }, /^TWILIO_SMS_FROM needs TWILIO_ACCOUNT_SID/],
    [{ TWILIO_SMS_FROM: '079 123' }, /^TWILIO_SMS_FROM must be an e\.164 number/],
    [{ WHATSAPP_PROVIDER: 'meta' }, /^WHATSAPP_PROVIDER .*: set WHATSAPP_PROVIDER to twilio or baileys/],
    [{ WHATSAPP_PROVIDER: 'twilio' }, /^TWILIO_WHATSAPP_FROM .* is required when WHATSAPP_PROVIDER=twilio/],
    [{ TWILIO_API_BASE_URL: 'ftp://x' }, /^TWILIO_API_BASE_URL /],
  ])('refuses %o with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      load(env as Record<string, string>);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never echoes the auth token in the error', () => {
    expect(() => load({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'short-secret' })).toThrow(
      /^TWILIO_AUTH_TOKEN must be at least 16 characters: set/,
    );
    try {
      load({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'short-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret');
    }
  });
});
