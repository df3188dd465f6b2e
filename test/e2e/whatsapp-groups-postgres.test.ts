/**
 * WhatsApp groups on PostgreSQL, where transactions run side by side (issue 18 item 5): the messages
 * of a group Kora has not seen yet and the group's listing arrive at once; the group is opened once,
 * with every message and member. One process holds the Baileys link, and it applies group work one
 * step at a time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KoraApp } from '../../server/app.js';
import { type FakeBaileysSocket, fakeSocketFactory } from '../bots/whatsapp/fake-baileys-socket.js';
import { startTestApp } from '../helpers/app.js';
import { withPostgresDatabase } from '../helpers/postgres.js';
import { waitFor } from '../helpers/wait.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-of-at-least-32-characters!!';

describe.skipIf(!database)('WhatsApp groups on PostgreSQL', () => {
  let kora: KoraApp;
  let socket: FakeBaileysSocket;

  beforeAll(async () => {
    const sockets = fakeSocketFactory();
    kora = (
      await startTestApp({
        env: { DATABASE_URL: database!.url, SECRET_KEY, WHATSAPP_PROVIDER: 'baileys' },
        start: { whatsappBaileys: { socketFactory: sockets.factory, backoff: { baseMs: 20, maxMs: 100 } } },
      })
    ).kora;
    socket = await sockets.nth(1);
    socket.open('41791112233:9@s.whatsapp.net');
    await waitFor(() => socket.fetches === 1);
  }, 60_000);

  afterAll(async () => {
    await kora?.close();
  });

  it('opens a new group once when its messages and its listing arrive at once', async () => {
    for (let round = 0; round < 5; round++) {
      const jid = `12036304123456789${round}@g.us`;
      const writers = ['41790000040', '41790000041', '41790000042'];
      socket.groups.set(jid, {
        id: jid,
        subject: `Pilates ${round}`,
        participants: ['41791112233', ...writers].map((n) => ({ id: `${n}@s.whatsapp.net` })),
      });
      const messages = Array.from({ length: 20 }, (_, i) => ({
        key: {
          remoteJid: jid,
          fromMe: false,
          id: `3AP${round}-${i}`,
          participant: `${writers[i % 3]}@s.whatsapp.net`,
        },
        pushName: `Member ${i % 3}`,
        message: { conversation: `message ${i}` },
      }));
      // Each message on its own upsert, as they come off the wire, with the listing among them.
      for (const message of messages.slice(0, 10)) socket.receive(message);
      socket.joinGroup(structuredClone(socket.groups.get(jid)!));
      for (const message of messages.slice(10)) socket.receive(message);
      const group = await waitFor(() =>
        kora.store.conversations.findByExternalChat('whatsapp', jid, 'group'),
      );
      await waitFor(async () => (await kora.store.messages.list(group.id, { limit: 50 })).length === 20);
      await kora.engine.idle();
      const all = await kora.store.conversations.list({
        kind: 'group',
        query: `Pilates ${round}`,
        limit: 10,
      });
      expect(all.total).toBe(1);
      expect(await kora.store.conversations.listMembers(group.id)).toHaveLength(3);
    }
  }, 60_000);
});
