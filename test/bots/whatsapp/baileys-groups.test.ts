/**
 * The Baileys provider's groups against the fake socket (issue 18 item 5): a message from a group
 * not listed yet is handed over first and the group read after it; posts into groups take the
 * group pace besides the channel's (a campaign's, paced already, do not wait again); a roster that
 * cannot be applied is logged without the digits of the group's JID.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DbAuthStore } from '../../../bots/whatsapp/baileys/auth-state.js';
import { baileysAuthSdk } from '../../../bots/whatsapp/baileys/client.js';
import { BaileysProvider } from '../../../bots/whatsapp/baileys/provider.js';
import type { WhatsAppSend } from '../../../bots/whatsapp/provider.js';
import type { InboundEvent } from '../../../core/inbound.js';
import type { Logger } from '../../../core/logger.js';
import type { Store } from '../../../core/repositories.js';
import { createSealedBox } from '../../../core/sealed-box.js';
import type { Conversation, Message } from '../../../core/types.js';
import { createMemoryStore } from '../../fakes/memory-store.js';
import { type FakeBaileysSocket, type FakeSocketFactory, fakeSocketFactory } from './fake-baileys-socket.js';

const OLD_STYLE_GROUP = '41790000077-1600000000@g.us';
const GROUP = '120363041234567890@g.us';

let store: Store;
let sockets: FakeSocketFactory;
let events: InboundEvent[];
let lines: string[];
let failRosters: boolean;
let whatsapp: BaileysProvider;

// As pino writes them: errors with their message.
const line = (obj: object, msg?: string) =>
  lines.push(JSON.stringify([obj, msg], (_key, value) => (value instanceof Error ? value.message : value)));
const logger: Logger = { debug: line, info: line, warn: line, error: line };

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function outbound(to: string, paced = false): WhatsAppSend {
  const key = `k-${Math.random()}`;
  const message = { id: key, conversationId: 'c', text: 'Bonjour', channel: 'whatsapp' } as Message;
  return { message, conversation: {} as Conversation, recipient: to, idempotencyKey: key, to, paced };
}

async function linked(): Promise<FakeBaileysSocket> {
  await whatsapp.start();
  const socket = await sockets.nth(1);
  socket.open('41791112233:7@s.whatsapp.net');
  await until(() => whatsapp.status().state === 'ready');
  return socket;
}

beforeEach(() => {
  store = createMemoryStore();
  sockets = fakeSocketFactory();
  events = [];
  lines = [];
  failRosters = false;
  whatsapp = new BaileysProvider({
    socketFactory: sockets.factory,
    auth: new DbAuthStore({
      repository: store.channelState,
      namespace: 'whatsapp:baileys',
      box: createSealedBox('a-secret-key-of-at-least-32-characters!!', 'whatsapp-auth'),
      sdk: baileysAuthSdk,
      now: () => new Date(),
    }),
    leases: store.leases,
    holder: 'p1',
    logger,
    onEvent: async (event) => {
      if (event.type === 'roster' && failRosters) throw new Error('database is locked');
      events.push(event);
    },
    onCoachReply: async () => {},
    rate: { rate: 1000, perMs: 1000 },
    groupRate: { rate: 1, perMs: 400, burst: 2 },
  });
});

afterEach(async () => {
  await whatsapp.stop();
});

describe('Baileys groups', () => {
  it('hands over a message of a group not listed yet first, then reads the group', async () => {
    const socket = await linked();
    await until(() => socket.fetches === 1);
    socket.groups.set(GROUP, {
      id: GROUP,
      subject: 'Yoga',
      participants: [{ id: '41791112233@s.whatsapp.net' }, { id: '41790000031@s.whatsapp.net' }],
    });
    socket.receive({
      key: { remoteJid: GROUP, fromMe: false, id: 'G1', participant: '41790000031@s.whatsapp.net' },
      pushName: 'Aïcha',
      message: { conversation: 'Salut' },
    });
    await until(() => events.length === 2);
    expect(events[0]).toMatchObject({ type: 'text', chatId: GROUP, chatType: 'group' });
    expect(events[1]).toMatchObject({
      type: 'roster',
      chatId: GROUP,
      chatTitle: 'Yoga',
      change: 'replace',
      members: [{ externalId: '+41790000031' }],
    });
  });

  it('stores an older group message synced in (append) without addressing the assistant', async () => {
    const socket = await linked();
    const mention = (id: string) => ({
      key: { remoteJid: GROUP, fromMe: false, id, participant: '41790000031@s.whatsapp.net' },
      pushName: 'Aïcha',
      message: {
        extendedTextMessage: {
          text: '@41791112233 combien ?',
          contextInfo: { mentionedJid: ['41791112233@s.whatsapp.net'] },
        },
      },
    });
    socket.emit('messages.upsert', { messages: [mention('OLD1')], type: 'append' });
    socket.receive(mention('NEW1'));
    await until(() => events.filter((e) => e.type === 'text').length === 2);
    const texts = events.filter((e) => e.type === 'text');
    expect(texts.map((e) => [e.externalMessageId, e.addressedToAssistant])).toEqual([
      ['OLD1', false],
      ['NEW1', true],
    ]);
  });

  it('paces posts into groups (a burst, then the group pace); one-to-one sends and paced posts do not wait for it', async () => {
    const socket = await linked();
    const started = Date.now();
    await Promise.all([whatsapp.send(outbound(GROUP)), whatsapp.send(outbound(GROUP))]);
    expect(Date.now() - started).toBeLessThan(300);
    const third = whatsapp.send(outbound(GROUP));
    await whatsapp.send(outbound('+41790000031'));
    expect(Date.now() - started).toBeLessThan(300);
    await third;
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    // A campaign's post waited for the group pace in the campaign pacer already.
    const pacedStart = Date.now();
    await whatsapp.send(outbound(GROUP, true));
    expect(Date.now() - pacedStart).toBeLessThan(300);
    expect(socket.sent.map((m) => m.jid)).toEqual([GROUP, GROUP, '41790000031@s.whatsapp.net', GROUP, GROUP]);
  });

  it('logs a roster it could not apply without the digits of the group JID', async () => {
    failRosters = true;
    const socket = await linked();
    socket.joinGroup({ id: OLD_STYLE_GROUP, subject: 'Ancien groupe', participants: [] });
    await until(() => lines.some((line) => line.includes('roster not applied')));
    expect(lines.join('\n')).toContain('database is locked');
    expect(lines.join('\n')).not.toContain('41790000077');
    expect(lines.join('\n')).not.toContain('1600000000');
  });
});
