/**
 * Only configured channels are offered (issue 18 item 1): the campaigns API refuses a channel that is
 * not configured with a 400 naming the variable that turns it on, and changes nothing; the channels
 * endpoint lists every channel of the build with that variable, so the composer can show it disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_PLUGINS } from '../../server/channels/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
const api = (path: string, init?: RequestInit) => adminFetch(app.url, cookie, path, init);
const campaign = (channels: string[]) => ({
  name: 'Rentrée',
  message: 'Bonjour',
  targets: [{ type: 'all' }],
  channels,
});

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('campaigns on a channel that is not configured', () => {
  it('refuses one with a 400 naming the variable that turns it on, and creates nothing', async () => {
    const before = (await api('/api/admin/campaigns')).body.total;
    const refused = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify(campaign(['web', 'telegram'])),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('channels');
    expect(refused.body.error.code).toBe('channel_not_configured');
    expect(refused.body.error.message).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect((await api('/api/admin/campaigns')).body.total).toBe(before);
  });

  it('refuses many at once, each naming its variable (SMS, WhatsApp), and creates none', async () => {
    const before = (await api('/api/admin/campaigns')).body.total;
    const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 ? ['sms'] : ['whatsapp', 'web']));
    const answers = await Promise.all(
      attempts.map((channels) =>
        api('/api/admin/campaigns', { method: 'POST', body: JSON.stringify(campaign(channels)) }),
      ),
    );
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toMatch(i % 2 ? /TWILIO_SMS_FROM/ : /TWILIO_WHATSAPP_FROM/);
    });
    expect((await api('/api/admin/campaigns')).body.total).toBe(before);
  });

  it('refuses a change to such a channel and leaves the campaign as it was', async () => {
    const created = await api('/api/admin/campaigns', {
      method: 'POST',
      body: JSON.stringify(campaign(['web'])),
    });
    expect(created.status).toBe(201);
    const patched = await api(`/api/admin/campaigns/${created.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ channels: ['web', 'sms'] }),
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toMatch(/TWILIO_SMS_FROM/);
    expect((await api(`/api/admin/campaigns/${created.body.id}`)).body.channels).toEqual(['web']);
  });

  it('refuses a channel no plug-in of this build provides', async () => {
    const known = new Set(CHANNEL_PLUGINS.map((plugin) => plugin.name));
    const missing = ['teams', 'email'].filter((name) => !known.has(name as never));
    for (const name of missing) {
      const refused = await api('/api/admin/campaigns', {
        method: 'POST',
        body: JSON.stringify(campaign([name])),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(name);
    }
  });
});

describe('GET /api/admin/channels', () => {
  it('lists every channel of the build, the unconfigured ones with the variable that turns them on', async () => {
    const { status, body } = await api('/api/admin/channels');
    expect(status).toBe(200);
    const byName = new Map<string, { configured: boolean; enabledBy: string | null }>(
      body.known.map((channel: { name: string }) => [channel.name, channel]),
    );
    expect(byName.get('web')).toMatchObject({ configured: true, enabledBy: null });
    expect(byName.get('telegram')).toMatchObject({ configured: false, enabledBy: 'TELEGRAM_BOT_TOKEN' });
    expect(byName.get('sms')).toMatchObject({ configured: false, enabledBy: 'TWILIO_SMS_FROM' });
    expect(byName.get('whatsapp')).toMatchObject({ configured: false, enabledBy: 'TWILIO_WHATSAPP_FROM' });
    // The enabled ones, with their status, as before.
    expect(body.items.map((item: { name: string }) => item.name)).toEqual(['web']);
  });
});
