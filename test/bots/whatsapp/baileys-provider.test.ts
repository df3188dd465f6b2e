/**
 * The Baileys provider against a fake socket (no network) on the real embedded store: QR codes,
 * linking, messages in and out, the coach on the phone, reconnects, logout, the lease between two
 * processes, and the auth state sealed in the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DbAuthStore } from '../../../bots/whatsapp/baileys/auth-state.js';
import { baileysAuthSdk } from '../../../bots/whatsapp/baileys/client.js';
import { BaileysProvider } from '../../../bots/whatsapp/baileys/provider.js';
import { createSealedBox } from '../../../core/sealed-box.js';
import type { WhatsAppSend } from '../../../bots/whatsapp/provider.js';
import { ChannelApiError } from '../../../core/errors.js';
import type { InboundEvent } from '../../../core/inbound.js';
import { silentLogger } from '../../../core/logger.js';
import type { Store } from '../../../core/repositories.js';
import type { Conversation, Message } from '../../../core/types.js';
import { createEmbeddedStore } from '../../../storage/index.js';
import { type FakeSocketFactory, fakeSocketFactory } from './fake-baileys-socket.js';

const SECRET = 'a-secret-key-of-at-least-32-characters!!';
const BUSINESS_JID = '41791112233:7@s.whatsapp.net';

let dataDir: string;
let store: Store;
let sockets: FakeSocketFactory;
let events: InboundEvent[];
let coachReplies: string[];
const providers: BaileysProvider[] = [];

function authStore(secret = SECRET) {
  return new DbAuthStore({
    repository: store.channelState,
    namespace: 'whatsapp:baileys',
    box: createSealedBox(secret, 'whatsapp-auth'),
    sdk: baileysAuthSdk,
    now: () => new Date(),
  });
}

function provider(holder = 'p1', factory = sockets, backoff = { baseMs: 20, maxMs: 80 }) {
  const made = new BaileysProvider({
    socketFactory: factory.factory,
    auth: authStore(),
    leases: store.leases,
    holder,
    logger: silentLogger,
    onEvent: async (event) => {
      events.push(event);
    },
    onCoachReply: async (chatId) => {
      coachReplies.push(chatId);
    },
    leaseMs: 300,
    backoff,
    rate: { rate: 1000, perMs: 1000 },
  });
  providers.push(made);
  return made;
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function untilAsync(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function outbound(to: string, text: string, key = `k-${Math.random()}`): WhatsAppSend {
  const message = { id: key, conversationId: 'c', text, channel: 'whatsapp' } as Message;
  return { message, conversation: {} as Conversation, recipient: to, idempotencyKey: key, to };
}

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-baileys-'));
  store = await createEmbeddedStore({ dataDir });
  sockets = fakeSocketFactory();
  events = [];
  coachReplies = [];
});

afterEach(async () => {
  for (const made of providers.splice(0)) await made.stop();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('Baileys provider', () => {
  it('shows the QR code Baileys gives, and the next one when it rotates', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    expect(whatsapp.qr()).toBeNull();
    socket.showQr('2@first-qr,abc');
    expect(whatsapp.qr()?.value).toBe('2@first-qr,abc');
    expect(whatsapp.status()).toMatchObject({ state: 'starting', mode: 'socket' });
    socket.showQr('2@second-qr,def');
    expect(whatsapp.qr()?.value).toBe('2@second-qr,def');
  });

  it('is ready with the linked number once the phone scanned the code, and the QR code is gone', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    socket.showQr('2@qr');
    socket.open(BUSINESS_JID);
    expect(whatsapp.status()).toMatchObject({ state: 'ready', account: '+41791112233' });
    expect(whatsapp.number()).toBe('+41791112233');
    expect(whatsapp.qr()).toBeNull();
  });

  it("hands customers' messages and receipts to the engine", async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    socket.open(BUSINESS_JID);
    socket.receive({
      key: { remoteJid: '41790000001@s.whatsapp.net', fromMe: false, id: 'IN1' },
      pushName: 'Ada',
      message: { conversation: 'Bonjour' },
    });
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({
      type: 'text',
      channel: 'whatsapp',
      chatId: '+41790000001',
      from: { name: 'Ada' },
      text: 'Bonjour',
    });
    socket.emit('messages.update', [
      { key: { remoteJid: '41790000001@s.whatsapp.net', fromMe: true, id: 'OUT1' }, update: { status: 3 } },
    ]);
    await until(() => events.length === 2);
    expect(events[1]).toEqual({
      type: 'status',
      channel: 'whatsapp',
      externalMessageId: 'OUT1',
      status: 'delivered',
    });
  });

  it('sends text to the JID of the number, with its own message id, and does not mistake the echo for the coach', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    socket.open(BUSINESS_JID);
    const result = await whatsapp.send(outbound('+41790000001', 'Bonjour Ada'));
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]).toMatchObject({
      jid: '41790000001@s.whatsapp.net',
      content: { text: 'Bonjour Ada' },
    });
    expect(result.externalId).toBe(socket.sent[0]?.messageId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(coachReplies).toEqual([]);
  });

  it('reads a message written on the linked phone as the coach taking over', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    socket.open(BUSINESS_JID);
    socket.receive({
      key: { remoteJid: '41790000001@s.whatsapp.net', fromMe: true, id: '3EB0PHONE' },
      message: { conversation: 'Je prends le relais' },
    });
    await until(() => coachReplies.length === 1);
    expect(coachReplies).toEqual(['+41790000001']);
    expect(events).toEqual([]);
  });

  it('refuses to send while not connected, as a transient failure (the outbox retries)', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    await sockets.nth(1);
    const error = await whatsapp.send(outbound('+41790000001', 'x')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChannelApiError);
    expect((error as ChannelApiError).options).toMatchObject({
      providerCode: 'whatsapp_not_connected',
      transient: true,
    });
  });

  it('reconnects with growing delays after the connection drops, and resets them once open', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const first = await sockets.nth(1);
    first.open(BUSINESS_JID);
    first.close(428);
    expect(whatsapp.status()).toMatchObject({ state: 'disconnected' });
    const second = await sockets.nth(2);
    second.close(408);
    const third = await sockets.nth(3);
    third.open(BUSINESS_JID);
    expect(whatsapp.status().state).toBe('ready');
    expect(sockets.sockets).toHaveLength(3);
  });

  it('reconnects at once when Baileys asks for a restart after the scan', async () => {
    // With a 60 s backoff, only an immediate reconnect makes the second socket within the test.
    const whatsapp = provider('p1', sockets, { baseMs: 60_000, maxMs: 60_000 });
    await whatsapp.start();
    const first = await sockets.nth(1);
    first.showQr('2@qr');
    first.close(515);
    const second = await sockets.nth(2);
    second.open(BUSINESS_JID);
    expect(whatsapp.status().state).toBe('ready');
  });

  it('reports a logout from the phone, forgets the credentials and offers a new QR code', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const first = await sockets.nth(1);
    first.open(BUSINESS_JID);
    await untilAsync(async () => (await authStore().linkedJid()) === BUSINESS_JID);
    first.close(401);
    expect(whatsapp.status()).toMatchObject({
      state: 'disconnected',
      detail: expect.stringMatching(/logged out/),
    });
    expect(whatsapp.number()).toBeNull();
    const second = await sockets.nth(2);
    expect(second.auth.creds.me).toBeUndefined();
    expect(await authStore().linkedJid()).toBeNull();
    second.showQr('2@new-qr');
    expect(whatsapp.qr()?.value).toBe('2@new-qr');
  });

  it('lets exactly one of two processes hold the link, and the other take over when it stops', async () => {
    const otherSockets = fakeSocketFactory();
    const one = provider('process-1');
    const two = provider('process-2', otherSockets);
    await one.start();
    await two.start();
    await sockets.nth(1);
    expect(otherSockets.sockets).toHaveLength(0);
    expect(two.status()).toMatchObject({ state: 'disconnected', detail: expect.stringMatching(/standby/) });
    await one.stop();
    const taken = await otherSockets.nth(1, 2_000);
    taken.open(BUSINESS_JID);
    expect(two.status().state).toBe('ready');
    expect(sockets.sockets).toHaveLength(1);
  });

  it('keeps the auth state sealed in the database and links again after a restart without a QR code', async () => {
    const whatsapp = provider();
    await whatsapp.start();
    const socket = await sockets.nth(1);
    socket.open(BUSINESS_JID);
    await socket.auth.keys.set({ session: { '41790000001.0': Buffer.from('signal-session-bytes') } });
    await whatsapp.stop();

    // Nothing readable in the file: no number, no key material, no key names.
    const raw = new Database(path.join(dataDir, 'kora.db'), { readonly: true });
    const rows = raw.prepare('SELECT key, value FROM channel_state').all() as {
      key: string;
      value: string;
    }[];
    raw.close();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('41791112233');
    expect(dump).not.toContain('41790000001');
    expect(dump).not.toContain(Buffer.from('signal-session-bytes').toString('base64'));
    expect(dump).not.toContain('noiseKey');

    // A restart reads it back: the same creds (no QR), the same key bytes.
    const again = provider('p1-restarted');
    await again.start();
    expect(again.number()).toBe('+41791112233');
    const next = await sockets.nth(2);
    expect(next.auth.creds.me?.id).toBe(BUSINESS_JID);
    const keys = await next.auth.keys.get('session', ['41790000001.0', 'missing']);
    expect(Buffer.from(keys['41790000001.0'] as Uint8Array).toString()).toBe('signal-session-bytes');
    expect(keys).not.toHaveProperty('missing');

    // Another SECRET_KEY finds nothing it can open (the number must be linked again)...
    expect(await authStore('another-secret-key-of-32-characters-or-more').linkedJid()).toBeNull();
    // ...and a sealed value opens only under its own name with its own key, untampered.
    const box = createSealedBox(SECRET, 'whatsapp-auth');
    const sealed = box.seal('creds', '{"a":1}');
    expect(box.open('creds', sealed)).toBe('{"a":1}');
    expect(() => box.open('session-1', sealed)).toThrow();
    const otherBox = createSealedBox('another-secret-key-of-32-characters-or-more', 'whatsapp-auth');
    expect(() => otherBox.open('creds', sealed)).toThrow();
    const [version, iv, tag, body] = sealed.split('.');
    const flipped = `${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => box.open('creds', [version, iv, tag, flipped].join('.'))).toThrow();
  });
});
