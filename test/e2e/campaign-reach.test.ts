/**
 * Issue 19, campaign composer: before launching, the coach learns how many recipients have no address
 * on the chosen channels (they would be skipped, silently before), and after sending, each campaign
 * message is marked as such in the inbox (`campaign: {id, name}` on the message).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let web: Awaited<ReturnType<typeof joinThroughLink>>[] = [];

const api = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body?: unknown) =>
  api(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  const link = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
  web = [await joinThroughLink(app.url, link, 'Web Un'), await joinThroughLink(app.url, link, 'Web Deux')];
  // Imported: a phone (WhatsApp/SMS addresses, channels not on here) and no web identity.
  const imported = await api('/api/admin/contacts/import', {
    method: 'POST',
    headers: { 'content-type': 'text/csv', origin: app.url },
    body: 'name,phone,tags\nSans Web,+41790001122,club\nAussi Sans,,club\n',
  });
  expect(imported.body.imported).toBe(2);
});

afterAll(async () => {
  for (const customer of web) customer.socket.close();
  await app?.stop();
});

describe('reach', () => {
  it('counts the recipients and those with no address on the chosen channels', async () => {
    const everyone = await post('/api/admin/campaigns/reach', {
      targets: [{ type: 'all' }],
      channels: ['web'],
    });
    expect(everyone.status).toBe(200);
    expect(everyone.body).toEqual({ recipients: 4, unreachable: 2, noIdentity: { web: 2 } });
    const club = await post('/api/admin/campaigns/reach', {
      targets: [
        { type: 'tag', id: 'club' },
        { type: 'contact', id: web[0]!.member.id },
      ],
      channels: ['web'],
    });
    expect(club.body).toEqual({ recipients: 3, unreachable: 2, noIdentity: { web: 2 } });
  });

  it('names the field of bad input', async () => {
    for (const [body, field] of [
      [{ targets: [], channels: ['web'] }, 'targets'],
      [{ targets: [{ type: 'all' }], channels: ['fax'] }, 'channels.0'],
      [{ targets: [{ type: 'all' }] }, 'channels'],
    ] as const) {
      const response = await post('/api/admin/campaigns/reach', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
  });
});

describe('campaign messages in the inbox', () => {
  it('carry the campaign they belong to', async () => {
    const said = await request(web[0]!.socket, 'send', {
      conversationId: web[0]!.conversationId,
      text: 'Bonjour',
      clientMessageId: 'before-campaign',
    });
    expect(said.ok).toBe(true);
    const created = await post('/api/admin/campaigns', {
      name: 'Rentrée',
      message: 'Bonjour {firstName}, les cours reprennent !',
      targets: [{ type: 'contact', id: web[0]!.member.id }],
      channels: ['web'],
    });
    expect(created.status).toBe(201);
    const arrived = nextMessage(web[0]!.socket, (message) => message.text.startsWith('Bonjour Web'));
    expect((await post(`/api/admin/campaigns/${created.body.id}/launch`)).status).toBe(200);
    await arrived;
    const page = await api(`/api/admin/conversations/${web[0]!.conversationId}/messages`);
    const sent = page.body.items.find((message: { text: string }) => message.text.startsWith('Bonjour Web'));
    expect(sent.campaign).toEqual({ id: created.body.id, name: 'Rentrée' });
    const others = page.body.items.filter(
      (message: { text: string }) => !message.text.startsWith('Bonjour Web'),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const message of others) expect(message.campaign).toBeUndefined();
  });
});
