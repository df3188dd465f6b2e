/**
 * PostgreSQL prepares a named statement per query object and connection, and keeps it for the
 * connection's life. A query object made anew per unit or per call (a copy with another flag, a bulk
 * description built in a method) would prepare a new statement every time: work repeated at the
 * same sizes must give out no new statement name.
 */
import { describe, expect, it } from 'vitest';
import { newAssistantConversation } from '../../core/conversations.js';
import { createUlidGenerator } from '../../core/ids.js';
import { statementNamesGiven } from '../../storage/postgres/executor.js';
import type { Store } from '../../storage/types.js';
import { postgresReachable, usePostgresStores } from '../helpers/postgres-stores.js';
import { makeContact, makeMessage, makeOutboxEntry } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const ids = createUlidGenerator();

/** What an inbound message, an answer and a campaign group write, in units. */
async function someWork(store: Store): Promise<void> {
  const now = new Date().toISOString();
  for (let round = 0; round < 3; round++) {
    const contacts = await Promise.all([0, 1, 2].map(() => store.contacts.create(makeContact())));
    const opened = contacts.map((contact) =>
      newAssistantConversation(ids, now, { contact, channel: 'web', link: null }),
    );
    await store.transaction(
      async (tx) => {
        await tx.conversations.create(opened[0]!.conversation);
        await tx.conversations.createMany(
          opened.slice(1).map((o) => o.conversation),
          opened.map((o) => o.member),
        );
        await tx.conversations.lock(opened[0]!.conversation.id);
        await tx.conversations.lockLatestByExternalChat('telegram', `chat-${round}`);
        await tx.conversations.lockChats(
          'web',
          contacts.map((contact) => contact.id),
        );
        const messages = opened.map((o) => makeMessage(o.conversation.id, { status: 'queued' }));
        await tx.messages.insertMany(
          messages.slice(1).map((message) => ({ message, activity: { lastMessageAt: now } })),
        );
        await tx.messages.insert(messages[0]!, `web:${ids.next()}`, { lastMessageAt: now });
        await tx.outbox.enqueueMany(messages.map((message) => makeOutboxEntry(message)));
      },
      { locking: true },
    );
  }
}

describe.runIf(reachable)('postgres: statement names', () => {
  it('gives out no new statement name when the same work is done again', async () => {
    const { store } = await freshStore();
    await someWork(store);
    const given = statementNamesGiven();
    await someWork(store);
    expect(statementNamesGiven()).toBe(given);
  });
});
