/**
 * Issue 19, channels page: GET /api/admin/channels says, for every channel of this build, whether it
 * is on and which variables turn it on (from each plug-in's descriptor), and the public URL its
 * webhooks answer on, so the panel can show the steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/config.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;

beforeAll(async () => {
  app = await startTestApp({ env: { PUBLIC_URL: 'https://coach.example.ch' } });
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('channel setup', () => {
  it('lists every channel with the variables that turn it on, and the public URL', async () => {
    const { body } = await adminFetch(app.url, cookie, '/api/admin/channels');
    expect(body.publicUrl).toBe('https://coach.example.ch');
    const byName = new Map(body.known.map((channel: { name: string }) => [channel.name, channel]));
    expect([...byName.keys()].sort()).toEqual(['email', 'sms', 'teams', 'telegram', 'web', 'whatsapp']);
    expect(byName.get('web')).toMatchObject({ configured: true, variables: [] });
    expect(byName.get('telegram')).toMatchObject({
      configured: false,
      enabledBy: 'TELEGRAM_BOT_TOKEN',
      variables: [
        { name: 'TELEGRAM_BOT_TOKEN', required: true, secret: true },
        { name: 'TELEGRAM_WEBHOOK_SECRET', required: false, secret: true },
        { name: 'TELEGRAM_API_ROOT', required: false },
      ],
    });
    const whatsapp = byName.get('whatsapp') as { variables: { name: string; required: boolean }[] };
    expect(whatsapp.variables.filter((v) => v.required).map((v) => v.name)).toEqual([
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_WHATSAPP_FROM',
    ]);
    expect(whatsapp.variables.map((v) => v.name)).toContain('WHATSAPP_PROVIDER');
    // Every variable a descriptor names is one the configuration knows (CONTRACT.md's table).
    // The panel gets each variable's name and flags, never the rules that check it.
    for (const channel of body.known as { variables: { name: string }[] }[]) {
      for (const variable of channel.variables) {
        expect(CONFIG_VARIABLES).toContain(variable.name);
        expect(Object.keys(variable).every((key) => ['name', 'required', 'secret'].includes(key))).toBe(true);
      }
    }
  });
});
