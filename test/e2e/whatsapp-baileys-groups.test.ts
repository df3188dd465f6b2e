/**
 * WhatsApp groups through the linked number (issue 18 item 5), end to end on the fake Baileys socket:
 * the number's groups appear as group conversations with their members, follow WhatsApp's group
 * events, bring their messages in live with the sender's name, take the coach's posts and campaigns
 * (one group post every 5 s), and hear the assistant only when the linked number is mentioned or
 * replied to.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KoraApp } from '../../server/app.js';
import type { BaileysGroupMetadata } from '../../bots/whatsapp/baileys/socket.js';
import { type FakeBaileysSocket, fakeSocketFactory } from '../bots/whatsapp/fake-baileys-socket.js';
import { startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

const OWN_JID = '41791112233:9@s.whatsapp.net';
const OWN_LID = '118000000000042:9@lid';
const YOGA = '120363041234567890@g.us';
const RUN = '120363041234567891@g.us';
const yoga: BaileysGroupMetadata = {
  id: YOGA,
  subject: 'Yoga du jeudi',
  addressingMode: 'pn',
  participants: [
    { id: '41791112233@s.whatsapp.net', admin: 'superadmin' },
    { id: '41790000031@s.whatsapp.net' },
    { id: '41790000032@s.whatsapp.net' },
  ],
};
// A LID-addressed group: members by LID, their number beside it when WhatsApp gives it.
const run: BaileysGroupMetadata = {
  id: RUN,
  subject: 'Course à pied',
  addressingMode: 'lid',
  participants: [
    { id: '118000000000042@lid', phoneNumber: '41791112233@s.whatsapp.net', admin: 'admin' },
    { id: '207311445522871@lid', phoneNumber: '33612345678@s.whatsapp.net' },
    { id: '207311445522999@lid' },
  ],
};

let kora: KoraApp;
let socket: FakeBaileysSocket;
let cookie: string;

beforeAll(async () => {
  const sockets = fakeSocketFactory();
  const app = await startTestApp({
    env: { WHATSAPP_PROVIDER: 'baileys' },
    start: { whatsappBaileys: { socketFactory: sockets.factory, backoff: { baseMs: 20, maxMs: 100 } } },
  });
  kora = app.kora;
  socket = await sockets.nth(1);
  socket.groups.set(YOGA, structuredClone(yoga));
  socket.groups.set(RUN, structuredClone(run));
  cookie = await app.login();
});

afterAll(async () => {
  await kora?.close();
});

const api = (path: string, init?: RequestInit) => adminFetch(kora.url, cookie, path, init);
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });

async function groupOf(jid: string) {
  return waitFor(() => kora.store.conversations.findByExternalChat('whatsapp', jid, 'group'));
}

async function membersOf(id: string): Promise<{ id: string; name: string }[]> {
  return (await api(`/api/admin/groups/${id}/members`)).body.items;
}

function adminSocket(): Promise<Socket> {
  const panel = io(`${kora.url}/admin`, {
    extraHeaders: { cookie },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    panel.once('connect', () => resolve(panel));
    panel.once('connect_error', reject);
  });
}

function groupMessage(
  jid: string,
  id: string,
  participant: string,
  pushName: string,
  message: Record<string, unknown>,
) {
  socket.receive({ key: { remoteJid: jid, fromMe: false, id, participant }, pushName, message });
}

const sentTo = (jid: string) => socket.sent.filter((m) => m.jid === jid);

describe('WhatsApp groups of the linked number', () => {
  it('has groups through a linked number (the capability says so)', async () => {
    const channels = await api('/api/admin/channels');
    const item = channels.body.items.find((c: { name: string }) => c.name === 'whatsapp');
    expect(item.capabilities.groups).toBe(true);
    const known = channels.body.known.find((c: { name: string }) => c.name === 'whatsapp');
    expect(known.capabilities.groups).toBe(true);
  });

  it('lists the groups the number is in, with their members, once linked', async () => {
    socket.open(OWN_JID, OWN_LID);
    const list = await waitFor(async () => {
      const page = await api('/api/admin/groups');
      return page.body.total === 2 ? page.body : null;
    });
    expect(list.items.map((g: { name: string; channel: string }) => [g.name, g.channel]).sort()).toEqual([
      ['Course à pied', 'whatsapp'],
      ['Yoga du jeudi', 'whatsapp'],
    ]);
    // The linked number is the business, not a member.
    expect(list.items.map((g: { memberCount: number }) => g.memberCount)).toEqual([2, 2]);
    const conversations = await api('/api/admin/conversations?kind=group');
    expect(conversations.body.items).toHaveLength(2);
    expect(conversations.body.items[0]).toMatchObject({ kind: 'group', channel: 'whatsapp' });
    // Fetched once; the fetch's own `groups.update` echo changed nothing.
    expect(socket.fetches).toBe(1);
    const member = await kora.store.contacts.findByIdentity('whatsapp', '+33612345678');
    expect(member).toMatchObject({ phone: '+33612345678', phoneVerified: true });
    const lidOnly = await kora.store.contacts.findByIdentity('whatsapp', '207311445522999@lid');
    expect(lidOnly).toMatchObject({ phone: null });
  });

  it('follows new groups, renames and members joining or leaving', async () => {
    socket.joinGroup({
      id: '120363041234567892@g.us',
      subject: 'Méditation',
      participants: [{ id: '41791112233@s.whatsapp.net' }, { id: '41790000033@s.whatsapp.net' }],
    });
    const meditation = await groupOf('120363041234567892@g.us');
    expect(meditation.title).toBe('Méditation');
    socket.renameGroup(YOGA, 'Yoga du vendredi', '41790000031@s.whatsapp.net');
    const yogaGroup = await groupOf(YOGA);
    await waitFor(
      async () => (await kora.store.conversations.get(yogaGroup.id))?.title === 'Yoga du vendredi',
    );
    socket.changeMembers(YOGA, 'add', [{ id: '41790000034@s.whatsapp.net' }], '41791112233@s.whatsapp.net');
    await waitFor(async () => (await membersOf(yogaGroup.id)).length === 3);
    socket.changeMembers(
      YOGA,
      'remove',
      [{ id: '41790000032@s.whatsapp.net' }],
      '41790000032@s.whatsapp.net',
    );
    await waitFor(async () => (await membersOf(yogaGroup.id)).length === 2);
    const left = await kora.store.contacts.findByIdentity('whatsapp', '+41790000032');
    expect((await membersOf(yogaGroup.id)).map((m) => m.id)).not.toContain(left?.id);
  });

  it('stores group messages once, with the sender name, live to the panel; no answer unless addressed', async () => {
    const panel = await adminSocket();
    try {
      const yogaGroup = await groupOf(YOGA);
      const live = new Promise<{ conversationId: string; message: { text: string; sender: object } }>(
        (resolve) =>
          panel.on('message', (event) => event.message.text === 'Qui vient jeudi ?' && resolve(event)),
      );
      const sentBefore = socket.sent.length;
      const chat = { conversation: 'Qui vient jeudi ?' };
      groupMessage(YOGA, '3AG0001', '41790000031@s.whatsapp.net', 'Aïcha', chat);
      groupMessage(YOGA, '3AG0001', '41790000031@s.whatsapp.net', 'Aïcha', chat);
      const event = await live;
      expect(event.conversationId).toBe(yogaGroup.id);
      expect(event.message.sender).toMatchObject({ type: 'contact', name: 'Aïcha' });
      await kora.engine.idle();
      const messages = await api(`/api/admin/conversations/${yogaGroup.id}/messages`);
      expect(
        messages.body.items.filter((m: { text: string }) => m.text === 'Qui vient jeudi ?'),
      ).toHaveLength(1);
      // Member to member: stored for the coach, never answered.
      expect(socket.sent.length).toBe(sentBefore);
    } finally {
      panel.close();
    }
  });

  it('opens a new group once when its messages and its listing arrive at once', async () => {
    const jid = '120363041234567899@g.us';
    socket.groups.set(jid, {
      id: jid,
      subject: 'Pilates',
      participants: ['41791112233', '41790000040', '41790000041', '41790000042'].map((n) => ({
        id: `${n}@s.whatsapp.net`,
      })),
    });
    const messages = Array.from({ length: 20 }, (_, i) => ({
      key: { remoteJid: jid, fromMe: false, id: `3AP${i}`, participant: `4179000004${i % 3}@s.whatsapp.net` },
      pushName: `Member ${i % 3}`,
      message: { conversation: `message ${i}` },
    }));
    socket.receive(...messages);
    socket.joinGroup(structuredClone(socket.groups.get(jid)!));
    socket.receive(...messages.slice(0, 5));
    const pilates = await groupOf(jid);
    await waitFor(async () => (await kora.store.messages.list(pilates.id, { limit: 50 })).length === 20);
    await waitFor(async () => (await membersOf(pilates.id)).length === 3);
    await kora.engine.idle();
    const groups = await api('/api/admin/groups?query=Pilates');
    expect(groups.body.total).toBe(1);
    expect(await kora.store.messages.list(pilates.id, { limit: 50 })).toHaveLength(20);
    expect((await membersOf(pilates.id)).length).toBe(3);
    expect((await kora.store.conversations.get(pilates.id))?.title).toBe('Pilates');
  });

  it('answers in the group when the linked number is mentioned or replied to', async () => {
    groupMessage(RUN, '3AG0002', '207311445522871@lid', 'Mathilde', {
      extendedTextMessage: {
        text: '@118000000000042 bonjour, combien coûte le cours ?',
        contextInfo: { mentionedJid: ['118000000000042@lid'] },
      },
    });
    const answer = await waitFor(() => sentTo(RUN)[0]);
    expect('text' in answer.content && answer.content.text.length).toBeGreaterThan(0);
    groupMessage(RUN, '3AG0003', '207311445522871@lid', 'Mathilde', {
      extendedTextMessage: {
        text: 'et le samedi ?',
        contextInfo: { stanzaId: answer.messageId, participant: '41791112233@s.whatsapp.net' },
      },
    });
    await waitFor(() => sentTo(RUN).length === 2);
  });

  it('posts what the coach writes in the panel into the group', async () => {
    const yogaGroup = await groupOf(YOGA);
    const posted = await post(`/api/admin/conversations/${yogaGroup.id}/messages`, {
      text: 'Cours annulé demain',
    });
    expect(posted.status).toBe(201);
    const sent = await waitFor(() =>
      sentTo(YOGA).find((m) => 'text' in m.content && m.content.text === 'Cours annulé demain'),
    );
    const message = await waitFor(async () => {
      const stored = await kora.store.messages.get(posted.body.id);
      return stored?.status === 'sent' ? stored : null;
    });
    expect(message.externalId).toBe(sent.messageId);
  });

  it('posts a campaign into groups, one group post every 5 s', { timeout: 40_000 }, async () => {
    const [yogaGroup, runGroup] = [await groupOf(YOGA), await groupOf(RUN)];
    const before = socket.sent.length;
    const created = await post('/api/admin/campaigns', {
      name: 'Groups',
      message: 'Stage d’été ouvert {firstName}',
      targets: [
        { type: 'conversation', id: yogaGroup.id },
        { type: 'conversation', id: runGroup.id },
      ],
      channels: ['whatsapp'],
      schedule: null,
    });
    expect(created.status).toBe(201);
    expect((await post(`/api/admin/campaigns/${created.body.id}/launch`, {})).status).toBeLessThan(300);
    const posts = await waitFor(() => {
      const now = socket.sent.slice(before).filter((m) => m.jid.endsWith('@g.us'));
      return now.length === 2 ? now : null;
    }, 30_000);
    expect(posts.map((m) => m.jid).sort()).toEqual([YOGA, RUN].sort());
    expect(posts.every((m) => 'text' in m.content && m.content.text === 'Stage d’été ouvert')).toBe(true);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(4_900);
  });
});
