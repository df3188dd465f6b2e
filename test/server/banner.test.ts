/** The start banner: which channels are on, which are off and how to turn them on. */
import { describe, expect, it } from 'vitest';
import { type BannerInput, startBanner } from '../../server/banner.js';

const base: BannerInput = {
  publicUrl: 'https://coach.example.com',
  listening: 'http://0.0.0.0:3000',
  storeKind: 'embedded',
  dataDir: '/srv/kora/data',
  owner: { kind: 'exists' },
  defaultChatUrl: 'https://coach.example.com/c/abc',
  channels: ['web'],
  ai: { provider: 'offline' },
};

/** The "Channels" line split into the names on and the names off. */
function channels(banner: string): { on: string[]; off: string[]; line: string } {
  const line = banner.split('\n').find((l) => l.trimStart().startsWith('Channels'));
  if (!line) throw new Error(`no Channels line in:\n${banner}`);
  const on = /on: ([^;]*)/.exec(line)?.[1] ?? '';
  const off = /off: (.*)$/.exec(line)?.[1] ?? '';
  const names = (list: string) =>
    list
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
  return { on: names(on), off: names(off), line };
}

describe('startBanner', () => {
  it('lists the channels that are on as on, and only the others as off, each with how to turn it on', () => {
    const { on, off, line } = channels(startBanner({ ...base, channels: ['web', 'telegram', 'sms'] }));
    expect(on).toEqual(['web', 'telegram', 'sms']);
    expect(off).toEqual(['whatsapp', 'teams', 'email']);
    expect(line).toContain('whatsapp (set TWILIO_WHATSAPP_FROM');
    expect(line).toContain('WHATSAPP_PROVIDER=baileys');
  });

  it('says nothing is off when every channel is on', () => {
    const { on, off, line } = channels(
      startBanner({ ...base, channels: ['web', 'telegram', 'whatsapp', 'sms', 'teams', 'email'] }),
    );
    expect(on).toEqual(['web', 'telegram', 'whatsapp', 'sms', 'teams', 'email']);
    expect(off).toEqual([]);
    expect(line).not.toContain('off');
  });

  it('names the variables that turn each channel on, and no channel this version does not have', () => {
    const { off, line } = channels(startBanner(base));
    expect(off).toEqual(['telegram', 'whatsapp', 'sms', 'teams', 'email']);
    expect(line).toContain('teams (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD)');
    expect(line).toContain('telegram (set TELEGRAM_BOT_TOKEN)');
    expect(line).toContain('email (set RESEND_API_KEY and EMAIL_FROM)');
    expect(line).toContain('sms (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_SMS_FROM)');
  });

  it('keeps the other lines: address, admin sign-in, web chat, assistant', () => {
    const banner = startBanner({
      ...base,
      owner: { kind: 'configured', email: 'coach@example.com' },
      ai: { provider: 'openai', openai: { apiKey: 'sk-secret-never-printed', model: 'gpt-test' } },
    });
    expect(banner.split('\n')[0]).toBe(
      'Kora is running at https://coach.example.com (listening on http://0.0.0.0:3000, embedded store in /srv/kora/data)',
    );
    expect(banner).toContain(
      '  Admin: https://coach.example.com/admin (sign in as coach@example.com with ADMIN_PASSWORD)',
    );
    expect(banner).toContain('  Web chat: https://coach.example.com/c/abc');
    expect(banner).toContain('  Assistant: openai (gpt-test)');
    expect(banner).not.toContain('sk-secret');
  });
});
