import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KoraApp } from '../../server/app.js';
import {
  type FakeBaileysSocket,
  type FakeSocketFactory,
  fakeSocketFactory,
} from '../bots/whatsapp/fake-baileys-socket.js';
import { startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let kora: KoraApp;
let sockets: FakeSocketFactory;
let socket: FakeBaileysSocket;
let cookie: string;

beforeAll(async () => {
  sockets = fakeSocketFactory();
  const app = await startTestApp({
    env: { WHATSAPP_PROVIDER: 'baileys' },
    start: { whatsappBaileys: { socketFactory: sockets.factory, backoff: { baseMs: 20, maxMs: 100 } } },
  });
  kora = app.kora;
  socket = await sockets.nth(1);
  cookie = await app.login();
});

afterAll(async () => {
  await kora?.close();
});

const qr = () => adminFetch(kora.url, cookie, '/api/admin/channels/whatsapp/qr');

describe('WhatsApp linked by QR code (Baileys)', () => {
  it('needs a session for the QR code', async () => {
    const response = await fetch(`${kora.url}/api/admin/channels/whatsapp/qr`);
    expect(response.status).toBe(401);
  });

  it('shows the QR code as a PNG, and the new one when Baileys rotates it', async () => {
    const before = await qr();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ provider: 'baileys', state: 'starting', number: null, qr: null });

    socket.showQr('2@R4nd0mQrPayload,Zm9vYmFy,YmF6cXV4,ZGF0YQ==');
    const shown = await qr();
    expect(shown.body.qr.value).toBe('2@R4nd0mQrPayload,Zm9vYmFy,YmF6cXV4,ZGF0YQ==');
    expect(shown.body.qr.dataUrl).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(shown.body.qr.dataUrl.split(',')[1], 'base64');
    expect(png.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(shown.headers.get('cache-control')).toBe('no-store');

    const image = await fetch(`${kora.url}/api/admin/channels/whatsapp/qr?format=png`, {
      headers: { cookie },
    });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png);

    socket.showQr('2@SecondCode,cXV4,Zm9v,YmFy');
    const rotated = await qr();
    expect(rotated.body.qr.value).toBe('2@SecondCode,cXV4,Zm9v,YmFy');
    expect(rotated.body.qr.dataUrl).not.toBe(shown.body.qr.dataUrl);
  });

  it('tells the panel live over /admin when a new QR code is issued, without the code itself', async () => {
    const panel = io(`${kora.url}/admin`, {
      extraHeaders: { cookie },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        panel.once('connect', () => resolve());
        panel.once('connect_error', reject);
      });
      const event = new Promise<Record<string, unknown>>((resolve) => panel.once('channel', resolve));
      socket.showQr('2@ThirdCode,Zm9v,YmFy,cXV4');
      const change = await event;
      expect(change).toMatchObject({ channel: 'whatsapp', qrIssuedAt: expect.any(String) });
      expect(JSON.stringify(change)).not.toContain('ThirdCode');
    } finally {
      panel.close();
    }
  });

  it('is ready once linked: no QR code, the number in the channel list and in wa.me entry links', async () => {
    socket.open('41791112233:9@s.whatsapp.net');
    const linked = await qr();
    expect(linked.body).toMatchObject({ state: 'ready', number: '+41791112233', qr: null });
    const png = await fetch(`${kora.url}/api/admin/channels/whatsapp/qr?format=png`, { headers: { cookie } });
    expect(png.status).toBe(404);

    const channels = await adminFetch(kora.url, cookie, '/api/admin/channels');
    expect(channels.body.items).toContainEqual(
      expect.objectContaining({ name: 'whatsapp', state: 'ready', account: '+41791112233', mode: 'socket' }),
    );
    const links = await adminFetch(kora.url, cookie, '/api/admin/links');
    const [link] = links.body.items;
    expect(link.urls.whatsapp).toBe(`https://wa.me/41791112233?text=${link.code}`);
  });

  it("answers a customer's message through the linked number", async () => {
    socket.receive({
      key: { remoteJid: '41790000021@s.whatsapp.net', fromMe: false, id: '3A0001' },
      pushName: 'Grace',
      message: { conversation: 'Bonjour !' },
    });
    const reply = await waitFor(async () => socket.sent.find((m) => m.jid === '41790000021@s.whatsapp.net'));
    expect('text' in reply.content && reply.content.text).toMatch(/bonjour/i);
    const conversation = await kora.store.conversations.findLatestByExternalChat('whatsapp', '+41790000021');
    const contact = await kora.store.contacts.get(conversation?.contactId ?? '');
    expect(contact).toMatchObject({ name: 'Grace', phone: '+41790000021' });
    const answer = await waitFor(async () => {
      const messages = await kora.store.messages.list(conversation!.id, { limit: 10 });
      return messages.find((m) => m.sender.type === 'assistant' && m.status === 'sent');
    });
    expect(answer.externalId).toBe(reply.messageId);
    // The echo of our own message is not the coach writing from the phone.
    expect((await kora.store.conversations.get(conversation!.id))?.handoff).toBe(false);
  });

  it('hands the conversation to the coach when they answer from the linked phone', async () => {
    socket.receive({
      key: { remoteJid: '41790000021@s.whatsapp.net', fromMe: true, id: '3EB0FROMPHONE' },
      message: { conversation: 'Je vous réponds moi-même' },
    });
    const conversation = await waitFor(async () => {
      const found = await kora.store.conversations.findLatestByExternalChat('whatsapp', '+41790000021');
      return found?.handoff ? found : null;
    });
    expect(conversation.handoff).toBe(true);
    const sentBefore = socket.sent.length;
    socket.receive({
      key: { remoteJid: '41790000021@s.whatsapp.net', fromMe: false, id: '3A0002' },
      pushName: 'Grace',
      message: { conversation: 'Merci !' },
    });
    await waitFor(async () => {
      const messages = await kora.store.messages.list(conversation.id, { limit: 20 });
      return messages.some((m) => m.text === 'Merci !');
    });
    await kora.engine.idle();
    // Handed off: stored for the coach, no answer from the assistant.
    const messages = await kora.store.messages.list(conversation.id, { limit: 20 });
    expect(messages.at(-1)).toMatchObject({ text: 'Merci !', sender: { type: 'contact' } });
    expect(socket.sent.length).toBe(sentBefore);
  });
});
