/**
 * The outbox of two processes (two stores on one PostgreSQL database, two outboxes with their own
 * holder): every row is sent by one of them, and the rows a dead process had claimed are sent by the
 * other once their lease has run out.
 */
import { describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../core/channels.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox, type Outbox } from '../../core/outbox.js';
import type { Conversation, Message, OutboxEntry } from '../../core/types.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import type { Store } from '../../storage/types.js';
import { RecordingChannel } from '../fakes/recording-channel.js';
import { postgresReachable, usePostgresStores } from '../helpers/postgres-stores.js';
import { seedConversation } from './contract/fixtures.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const ids = createUlidGenerator();

function outboxOf(store: Store, channel: RecordingChannel, holder: string, leaseMs = 60_000): Outbox {
  const registry = new ChannelRegistry();
  registry.register(channel);
  const clock = { now: () => new Date() };
  return createOutbox({
    store,
    registry,
    events: new EventBus(),
    clock,
    logger: silentLogger,
    holder,
    leaseMs,
    batchSize: 4,
  });
}

async function staged(store: Store, outbox: Outbox, conversation: Conversation): Promise<OutboxEntry> {
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: { type: 'assistant', name: 'Assistant' },
    text: 'hello',
    channel: 'telegram',
    status: 'queued',
    createdAt: new Date().toISOString(),
  };
  return store.transaction(async (tx) => {
    await tx.messages.insert(message);
    return outbox.enqueue(tx, message, conversation.externalChatId);
  });
}

describe.runIf(reachable)('postgres: the outbox of two processes', () => {
  async function twoProcesses() {
    const first = await freshStore();
    const second = await createPostgresStore({ url: first.url, maxConnections: 4 });
    const { conversation } = await seedConversation(first.store, {
      channel: 'telegram',
      externalChatId: 'chat-1',
    });
    return {
      a: first.store,
      b: second,
      conversation,
      cleanup: async () => {
        await second.close();
        await first.cleanup();
      },
    };
  }

  it('sends each due row once when both drain at once, many times over', async () => {
    const { a, b, conversation, cleanup } = await twoProcesses();
    const [channelA, channelB] = [new RecordingChannel('telegram'), new RecordingChannel('telegram')];
    // A stages 60 rows and dies before sending any: they are due for everyone once the lease is over.
    const dead = outboxOf(a, new RecordingChannel('telegram'), 'dead', 1);
    const entries = await Promise.all(Array.from({ length: 60 }, () => staged(a, dead, conversation)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [outA, outB] = [outboxOf(a, channelA, 'A'), outboxOf(b, channelB, 'B')];
    await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? outA : outB).drain()));
    await Promise.all([outA.stop(), outB.stop()]);
    const sent = [...channelA.sent, ...channelB.sent].map((outbound) => outbound.idempotencyKey);
    expect(sent.sort()).toEqual(entries.map((entry) => entry.id).sort());
    expect(channelA.sent.length).toBeGreaterThan(0);
    expect(channelB.sent.length).toBeGreaterThan(0);
    expect(await b.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 60, failed: 0 });
    await cleanup();
  });

  it("takes over a dead process's claimed rows once their lease has run out, not before", async () => {
    const { a, b, conversation, cleanup } = await twoProcesses();
    const deadChannel = new RecordingChannel('telegram');
    const dead = outboxOf(a, deadChannel, 'dead', 400);
    const entry = await staged(a, dead, conversation);
    const channelB = new RecordingChannel('telegram');
    const outB = outboxOf(b, channelB, 'B');
    await outB.drain();
    expect(channelB.sent).toHaveLength(0); // still leased to A
    await new Promise((resolve) => setTimeout(resolve, 450));
    await outB.drain();
    expect(channelB.sent.map((outbound) => outbound.idempotencyKey)).toEqual([entry.id]);
    expect(await b.messages.get(entry.messageId)).toMatchObject({ status: 'sent' });
    expect(await b.outbox.get(entry.id)).toMatchObject({ status: 'sent', attempts: 2 });
    await outB.stop();
    expect(deadChannel.attempts).toBe(0);
    await cleanup();
  });

  it('keeps a long send (a paced one) from being taken over: its process renews the lease', async () => {
    const { a, b, conversation, cleanup } = await twoProcesses();
    const slow = new RecordingChannel('telegram');
    let release = () => {};
    slow.holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const outA = outboxOf(a, slow, 'A', 300);
    const entry = await staged(a, outA, conversation);
    const sending = outA.dispatch(entry);
    const channelB = new RecordingChannel('telegram');
    const outB = outboxOf(b, channelB, 'B');
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await outB.drain();
    }
    expect(channelB.attempts).toBe(0);
    release();
    await sending;
    await outA.stop();
    expect(slow.sent.map((outbound) => outbound.idempotencyKey)).toEqual([entry.id]);
    expect(await b.outbox.get(entry.id)).toMatchObject({ status: 'sent', attempts: 1 });
    await outB.stop();
    await cleanup();
  });
});
