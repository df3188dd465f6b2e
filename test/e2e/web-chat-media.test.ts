/**
 * Issue 19, the web chat's HTTP side: branding (set by the owner, public to the page) and images
 * (checked by their bytes, 5 MB at most, rate-limited per member, served only to the conversation's
 * members and to the coach).
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../helpers/chat-client.js';

type Shown = {
  id: string;
  text: string;
  sender: { type: string };
  media?: { url: string; contentType: string }[];
};
// biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes, checked by the assertions.
type Json = any;

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let app: TestApp;
let cookie: string;
let linkToken: string;

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
  const link = await adminFetch(app.url, cookie, '/api/admin/links', {
    method: 'POST',
    body: JSON.stringify({ name: 'Site', mode: 'standard' }),
  });
  linkToken = link.body.token;
});

afterAll(async () => {
  await app?.stop();
});

function form(fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file) body.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return body;
}

async function upload(
  path: string,
  body: FormData,
  headers: Record<string, string>,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.url}${path}`, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const png = { bytes: PNG, name: 'photo.png', type: 'image/png' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const putBranding = (body: unknown) =>
  adminFetch(app.url, cookie, '/api/admin/web-chat', { method: 'PUT', body: JSON.stringify(body) });

describe('branding', () => {
  it('refuses a bad accent colour naming the field, and changes nothing', async () => {
    expect((await putBranding({ name: 'Studio Lina', accentColor: '#0a7d5c' })).status).toBe(200);
    for (const accentColor of ['red', '#12345', '#12345g', '0a7d5c', '#0a7d5c; background:url(x)']) {
      const refused = await putBranding({ name: 'Changed', accentColor });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'accentColor' });
    }
    const refusedLogo = await putBranding({ logoUrl: 'javascript:alert(1)' });
    expect(refusedLogo.body.error.field).toBe('logoUrl');
    const refusedReply = await putBranding({ replyTime: 'soon' });
    expect(refusedReply.body.error.field).toBe('replyTime');
    const shown = await (await fetch(`${app.url}/chat/branding`)).json();
    expect(shown).toMatchObject({ name: 'Studio Lina', accentColor: '#0a7d5c' });
  });

  it('shows the page the saved branding without any session', async () => {
    const saved = await putBranding({
      welcomeMessage: 'Bonjour ! Posez votre question.',
      replyTime: 'minutes',
      logoUrl: 'https://example.com/logo.png',
    });
    expect(saved.status).toBe(200);
    const response = await fetch(`${app.url}/chat/branding`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      name: 'Studio Lina',
      logoUrl: 'https://example.com/logo.png',
      accentColor: '#0a7d5c',
      welcomeMessage: 'Bonjour ! Posez votre question.',
      replyTime: 'minutes',
    });
  });

  it('stores an uploaded logo and serves it publicly; refuses a file that is not an image', async () => {
    const script = { bytes: Buffer.from('<script>alert(1)</script>'), name: 'logo.png', type: 'image/png' };
    const refused = await upload('/api/admin/web-chat/logo', form({}, script), { cookie, origin: app.url });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('file');
    const uploaded = await upload('/api/admin/web-chat/logo', form({}, png), { cookie, origin: app.url });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.logoUrl).toMatch(/^\/chat\/logo\/[0-9A-Z]+$/);
    expect((await putBranding({ logoUrl: uploaded.body.logoUrl })).status).toBe(200);
    const logo = await fetch(`${app.url}${uploaded.body.logoUrl}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    const unknown = await putBranding({ logoUrl: '/chat/logo/01JXXXXXXXXXXXXXXXXXXXXXXX' });
    expect(unknown.body.error.field).toBe('logoUrl');
  });
});

describe('images in a conversation', () => {
  let ana: { socket: Socket; conversationId: string; member: { token: string } };
  let ben: { socket: Socket; conversationId: string; member: { token: string } };

  beforeAll(async () => {
    ana = await joinThroughLink(app.url, linkToken, 'Ana');
    ben = await joinThroughLink(app.url, linkToken, 'Ben');
  });
  afterAll(() => {
    ana?.socket.close();
    ben?.socket.close();
  });

  const send = (who: typeof ana, fields: Record<string, string>, file = png) =>
    upload(
      '/chat/attachments',
      form({ conversationId: who.conversationId, ...fields }, file),
      bearer(who.member.token),
    );

  it('refuses a visitor with no member token, a non-member, a file that is not an image, and one over 5 MB', async () => {
    const anonymous = await upload(
      '/chat/attachments',
      form({ conversationId: ana.conversationId, clientMessageId: 'x0' }, png),
      {},
    );
    expect(anonymous.status).toBe(401);
    const stranger = await upload(
      '/chat/attachments',
      form({ conversationId: ana.conversationId, clientMessageId: 'x1' }, png),
      bearer(ben.member.token),
    );
    expect(stranger.status).toBe(404);
    const html = { bytes: Buffer.from('<html><body>hi</body></html>'), name: 'a.gif', type: 'image/gif' };
    const notImage = await send(ana, { clientMessageId: 'x2' }, html);
    expect(notImage.status).toBe(400);
    expect(notImage.body.error).toMatchObject({ code: 'validation_failed', field: 'file' });
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await send(ana, { clientMessageId: 'x3' }, { ...png, bytes: big });
    expect(tooBig.status).toBe(413);
    const history = await request<{ messages: Shown[] }>(ana.socket, 'history', {
      conversationId: ana.conversationId,
    });
    expect(history.ok && history.messages.filter((m) => m.media)).toEqual([]);
  });

  it('stores the image as a message with media, served to the member and the coach only', async () => {
    const sent = await send(ana, { clientMessageId: 'img-1', text: 'Mon tapis' });
    expect(sent.status).toBe(201);
    const { message } = sent.body;
    expect(message).toMatchObject({ text: 'Mon tapis', sender: { type: 'contact' } });
    expect(message.media).toEqual([
      { url: expect.stringMatching(/^\/chat\/attachments\//), contentType: 'image/png' },
    ]);
    const again = await send(ana, { clientMessageId: 'img-1', text: 'Mon tapis' });
    expect(again.body.message.id).toBe(message.id);
    const url = `${app.url}${message.media[0].url}`;
    const own = await fetch(url, { headers: bearer(ana.member.token) });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await own.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(url, { headers: bearer(ben.member.token) })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
    const id = message.media[0].url.split('/').at(-1);
    const coach = await fetch(`${app.url}/api/admin/attachments/${id}`, { headers: { cookie } });
    expect(coach.status).toBe(200);
    expect((await fetch(`${app.url}/api/admin/attachments/${id}`)).status).toBe(401);
    const thread = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${ana.conversationId}/messages`,
    );
    expect((thread.body.items as Shown[]).filter((m) => m.media).map((m) => m.id)).toEqual([message.id]);
  });

  it('sends the coach image live to the customer', async () => {
    const live = nextMessage(ana.socket, (m) => m.sender.type === 'coach');
    const posted = await upload(
      '/api/admin/attachments',
      form({ conversationId: ana.conversationId, text: 'Le plan' }, png),
      { cookie, origin: app.url },
    );
    expect(posted.status).toBe(201);
    const shown = (await live) as Shown;
    expect(shown.text).toBe('Le plan');
    expect(shown.media![0]!.url).toBe(posted.body.media[0].url);
    const fetched = await fetch(`${app.url}${shown.media![0]!.url}`, { headers: bearer(ana.member.token) });
    expect(fetched.status).toBe(200);
  });

  it('lets a member send 6 images a minute, whatever arrives at once', async () => {
    const cleo = await joinThroughLink(app.url, linkToken, 'Cléo');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(cleo, { clientMessageId: `burst-${i}` })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(4);
    cleo.socket.close();
  });
});
