/**
 * Twilio's WhatsApp has no groups (issue 18 item 5): the capability says so, the channel list says
 * why, and the admin API refuses to post into a WhatsApp group (the coach's message, a campaign) with
 * that reason, changing nothing. The group here is one a linked number synced before the switch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newConversation } from '../../core/conversations.js';
import type { FakeTwilio } from '../fakes/twilio-api.js';
import type { TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { startTwilioApp, type TwilioTestApp } from '../helpers/twilio-app.js';

let kit: TwilioTestApp;
let twilio: FakeTwilio;
let app: TestApp;
let cookie: string;
let groupId: string;

beforeAll(async () => {
  kit = await startTwilioApp({ TWILIO_WHATSAPP_FROM: 'whatsapp:+41791112233' });
  ({ twilio, app, cookie } = kit);
  const group = newConversation(
    {
      id: 'wa-group-1',
      kind: 'group',
      title: 'Yoga du jeudi',
      channel: 'whatsapp',
      externalChatId: '120363041234567890@g.us',
    },
    new Date().toISOString(),
  );
  await app.kora.store.conversations.create(group);
  groupId = group.id;
});

afterAll(async () => {
  await kit?.stop();
});

const api = (path: string, init?: RequestInit) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });

describe('WhatsApp groups through Twilio', () => {
  it('has no groups: the capability and the reason are in the channel list', async () => {
    const channels = await api('/api/admin/channels');
    const item = channels.body.items.find((c: { name: string }) => c.name === 'whatsapp');
    expect(item.capabilities.groups).toBe(false);
    expect(item.unsupported.groups).toMatch(/Twilio.*WHATSAPP_PROVIDER=baileys/);
    const known = channels.body.known.find((c: { name: string }) => c.name === 'whatsapp');
    expect(known.capabilities.groups).toBe(false);
  });

  it("refuses the coach's post into a WhatsApp group with the reason, storing and sending nothing", async () => {
    const refused = await post(`/api/admin/conversations/${groupId}/messages`, { text: 'Bonjour à tous' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'groups_unavailable', field: 'id' });
    expect(refused.body.error.message).toMatch(/Twilio has no groups/);
    expect(await app.kora.store.messages.list(groupId, { limit: 10 })).toEqual([]);
    expect(twilio.sent).toEqual([]);
  });

  it('refuses a campaign posting into a WhatsApp group, naming the target and the reason', async () => {
    const body = {
      name: 'Into the group',
      message: 'Stage d’été',
      targets: [{ type: 'conversation', id: groupId }],
      channels: ['whatsapp'],
      schedule: null,
    };
    const refused = await post('/api/admin/campaigns', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'groups_unavailable', field: 'targets.0.id' });
    expect(refused.body.error.message).toMatch(/Twilio has no groups/);
    expect((await api('/api/admin/campaigns')).body.total).toBe(0);
    // A draft cannot be changed into one either.
    const draft = await post('/api/admin/campaigns', { ...body, targets: [{ type: 'all' }] });
    expect(draft.status).toBe(201);
    const patched = await api(`/api/admin/campaigns/${draft.body.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ targets: [{ type: 'conversation', id: groupId }] }),
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.code).toBe('groups_unavailable');
  });
});
