/**
 * `messages.insertOutbound` and `insertInbound` on PostgreSQL: one statement, no unit, and still never an answer over a
 * handoff. The handoff unit holds the conversation's row on one connection; the answer's statement on
 * another waits for it and, the handoff committed, checks its WHERE again on the committed row.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../core/channels.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { sendIfAssistantActive } from '../../core/outbound.js';
import { createOutbox } from '../../core/outbox.js';
import { RecordingChannel } from '../fakes/recording-channel.js';
import { latch } from '../helpers/latch.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';
import { at, makeConversation, makeMessage, makeOutboxEntry } from './contract/fixtures.js';
import type { Conversation } from '../../core/types.js';
import type { Store } from '../../storage/types.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A coach's handoff of `conversationId` on `store`, its unit holding the row until `commit()`. */
async function heldHandoff(store: Store, conversationId: string) {
  const holding = latch();
  const commit = latch();
  const unit = store.transaction(
    async (tx) => {
      await tx.conversations.lock(conversationId);
      await tx.conversations.update(conversationId, { handoff: true, handoffAt: at(5) });
      holding.open();
      await commit.opened;
    },
    { locking: true },
  );
  await holding.opened;
  return {
    async commit() {
      commit.open();
      await unit;
    },
  };
}

/** Whether `write` is still waiting after 150 ms. */
async function stillWaiting(write: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void write.finally(() => {
    settled = true;
  });
  await pause(150);
  return !settled;
}

function answer(conversation: Conversation) {
  const message = makeMessage(conversation.id, {
    sender: { type: 'assistant', name: 'Assistant' },
    status: 'queued',
  });
  return {
    message,
    entry: makeOutboxEntry(message),
    activity: { lastMessageAt: at(10), updatedAt: at(10) },
    expected: { handoff: false },
  };
}

describe.runIf(reachable)('postgres: outbound compare-and-set', () => {
  it('waits for a handoff holding the row, then writes nothing', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const conversation = await a.conversations.create(makeConversation({ kind: 'assistant' }));
    const handoff = await heldHandoff(a, conversation.id);
    const write = answer(conversation);
    const written = b.messages.insertOutbound(write);
    // Still waiting on the row: it read no stale "not handed off".
    expect(await stillWaiting(written)).toBe(true);
    await handoff.commit();
    expect(await written).toBeNull();
    expect(await a.messages.get(write.message.id)).toBeNull();
    expect(await a.outbox.get(write.entry.id)).toBeNull();
    await cleanup();
  });

  it('writes every answer of racing writers on two connections, each exactly once', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const conversation = await a.conversations.create(makeConversation({ kind: 'assistant' }));
    const writes = Array.from({ length: 40 }, () => answer(conversation));
    const results = await Promise.all(
      writes.map((write, i) => (i % 2 ? a : b).messages.insertOutbound(write)),
    );
    expect(results.every((result) => result?.id === conversation.id)).toBe(true);
    const stored = await a.messages.list(conversation.id, { limit: 100 });
    expect(stored.map((message) => message.id).sort()).toEqual(writes.map((w) => w.message.id).sort());
    const summaries = await a.inbox.summaries('agent', [conversation.id]);
    // The preview is the newest answer, whatever order the statements ran in.
    expect(summaries[conversation.id]?.lastMessage?.id).toBe(
      writes
        .map((w) => w.message.id)
        .sort()
        .at(-1),
    );
    await cleanup();
  });
});

describe.runIf(reachable)('postgres: an assistant answer in one statement', () => {
  /** Statements sent on any pg client while `work` runs. */
  async function counted<T>(work: () => Promise<T>): Promise<{ value: T; statements: number }> {
    const query = pg.Client.prototype.query;
    let statements = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      return { value: await work(), statements };
    } finally {
      pg.Client.prototype.query = query;
    }
  }

  async function setup() {
    const { store } = await freshStore();
    const registry = new ChannelRegistry();
    registry.register(new RecordingChannel('web'));
    const events = new EventBus();
    const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
    const deps = { store, ids: createUlidGenerator(), clock: systemClock, events, outbox };
    const conversation = await store.conversations.create(
      makeConversation({ kind: 'assistant', channel: 'web', externalChatId: null }),
    );
    return { store, deps, conversation, outbox };
  }

  const input = { sender: { type: 'assistant' as const, name: 'Assistant' }, text: 'Mardi à 18 h.' };

  it('writes the answer with one statement when the turn’s copy still holds', async () => {
    const { store, deps, conversation, outbox } = await setup();
    const { value, statements } = await counted(() =>
      sendIfAssistantActive(deps, conversation.id, input, conversation),
    );
    expect(value?.message.text).toBe(input.text);
    expect(statements).toBe(1);
    // Sent through the entry that one statement wrote (the send and its record come after).
    await outbox.stop();
    expect((await store.messages.get(value!.message.id))?.status).toBe('sent');
  });

  it('decides again from the locked row when the copy is stale: a handoff meanwhile drops the answer', async () => {
    const { store, deps, conversation } = await setup();
    await store.conversations.update(conversation.id, { handoff: true, handoffAt: new Date().toISOString() });
    const { value, statements } = await counted(() =>
      sendIfAssistantActive(deps, conversation.id, input, conversation),
    );
    expect(value).toBeNull();
    // The compare-and-set, then the unit (BEGIN, the lock, COMMIT).
    expect(statements).toBe(4);
    expect(await store.messages.list(conversation.id, { limit: 5 })).toEqual([]);
  });
});

describe.runIf(reachable)('postgres: inbound compare-and-set', () => {
  function customerMessage(conversation: Conversation, key?: string) {
    const message = makeMessage(conversation.id, {
      sender: { type: 'contact', id: 'contact-1', name: 'Jeanne' },
    });
    return {
      message,
      ...(key ? { dedupeKey: key } : {}),
      activity: { lastMessageAt: at(10), updatedAt: at(10) },
      expected: { handoff: false, coachNeededAt: null },
      newestOfChat: false,
    };
  }

  it('waits for a handoff holding the row, then writes nothing: the unit decides the message', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const conversation = await a.conversations.create(makeConversation({ kind: 'assistant' }));
    const handoff = await heldHandoff(a, conversation.id);
    const write = customerMessage(conversation);
    const written = b.messages.insertInbound(write);
    expect(await stillWaiting(written)).toBe(true);
    await handoff.commit();
    expect(await written).toEqual({ outcome: 'changed' });
    expect(await a.messages.get(write.message.id)).toBeNull();
    await cleanup();
  });

  it('stores a redelivery racing on two connections once; the others are told of the stored one', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore);
    const conversation = await a.conversations.create(makeConversation({ kind: 'assistant' }));
    const writes = Array.from({ length: 12 }, () => customerMessage(conversation, 'telegram:chat:9'));
    const results = await Promise.all(
      writes.map((write, i) => (i % 2 ? a : b).messages.insertInbound(write)),
    );
    const written = results.filter((result) => result.outcome === 'written');
    expect(written).toHaveLength(1);
    const stored = await a.messages.list(conversation.id, { limit: 20 });
    expect(stored).toHaveLength(1);
    for (const result of results)
      if (result.outcome === 'duplicate') expect(result.message.id).toBe(stored[0]!.id);
    const summary = (await a.inbox.summaries('agent', [conversation.id]))[conversation.id];
    expect(summary?.unread).toBe(1);
    await cleanup();
  });
});
