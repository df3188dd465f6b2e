import { beforeEach, describe, expect, it } from 'vitest';
import { ChannelRegistry } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import { EventBus } from '../../core/events.js';
import { type Clock, createUlidGenerator } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox, type Outbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import type { Conversation, Message, OutboxEntry } from '../../core/types.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
let store: Store;
let channel: RecordingChannel;
let time: number;
const clock: Clock = { now: () => new Date(time) };
let outbox: Outbox;

/** Stores a reply and its outbox entry in one transaction, as a turn does; returns both. */
async function queue(text: string): Promise<Message & { entry: OutboxEntry }> {
  const at = new Date(time).toISOString();
  const conversation: Conversation = {
    id: ids.next(),
    kind: 'assistant',
    title: 't',
    contactId: null,
    channel: 'telegram',
    externalChatId: 'chat-1',
    linkId: null,
    mode: 'standard',
    handoff: false,
    handoffAt: null,
    coachNeededAt: null,
    createdAt: at,
    updatedAt: at,
    lastMessageAt: null,
  };
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: { type: 'assistant', name: 'Assistant' },
    text,
    channel: 'telegram',
    status: 'queued',
    createdAt: at,
  };
  const entry = await store.transaction(async (tx) => {
    await tx.conversations.create(conversation);
    await tx.messages.insert(message);
    return outbox.enqueue(tx, message, conversation.externalChatId);
  });
  return { ...message, entry };
}

beforeEach(() => {
  time = Date.parse('2026-11-24T10:00:00Z');
  store = createMemoryStore();
  channel = new RecordingChannel('telegram');
  const registry = new ChannelRegistry();
  registry.register(channel);
  outbox = createOutbox({
    store,
    registry,
    events: new EventBus(),
    clock,
    logger: silentLogger,
    baseDelayMs: 1_000,
    maxAttempts: 3,
    leaseMs: 30_000,
    holder: 'this-process',
  });
});

describe('outbox', () => {
  it('sends, then writes sent and the provider id back on the message', async () => {
    const message = await queue('hello');
    await outbox.dispatch(message.entry);
    expect(channel.sent.map((s) => s.message.id)).toEqual([message.id]);
    expect(channel.sent[0]?.recipient).toBe('chat-1');
    expect(await store.messages.get(message.id)).toMatchObject({
      status: 'sent',
      externalId: `ext-${message.id}`,
    });
    // The row staged with the message, claimed by this process, is sent and let go.
    expect(await store.outbox.get(message.id)).toMatchObject({
      status: 'sent',
      attempts: 1,
      claimedBy: null,
    });
    expect(await store.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 1, failed: 0 });
  });

  it('writes sent back one write at a time: sends finished meanwhile share the next write', async () => {
    const writes: number[] = [];
    let writing = 0;
    let most = 0;
    const markSent = store.outbox.markSent.bind(store.outbox);
    store.outbox.markSent = async (sent, at) => {
      writing++;
      most = Math.max(most, writing);
      writes.push(sent.length);
      await new Promise((resolve) => setTimeout(resolve, 20)); // a slow database
      const written = await markSent(sent, at);
      writing--;
      return written;
    };
    const first = await queue('first');
    const firstSent = outbox.dispatch(first.entry);
    await new Promise((resolve) => setTimeout(resolve, 5)); // its write-back is being written
    const later = await Promise.all(Array.from({ length: 5 }, (_, i) => queue(`later ${i}`)));
    await Promise.all([firstSent, ...later.map((message) => outbox.dispatch(message.entry))]);
    expect(most).toBe(1);
    expect(writes).toEqual([1, 5]);
    for (const message of [first, ...later])
      expect(await store.messages.get(message.id)).toMatchObject({ status: 'sent' });
    expect(await store.outbox.countByStatus()).toEqual({ pending: 0, sending: 0, sent: 6, failed: 0 });
  });

  it('puts a first attempt that failed transiently back to pending, keyed by the message', async () => {
    const message = await queue('hello');
    channel.failures.push(new ChannelApiError('Bad Gateway', { transient: true, providerCode: '502' }));
    await outbox.dispatch(message.entry);
    expect(await store.outbox.get(message.id)).toMatchObject({
      id: message.id,
      messageId: message.id,
      recipient: 'chat-1',
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(time + 1_000).toISOString(),
      lastError: { code: '502', message: 'Bad Gateway' },
    });
    expect((await store.messages.get(message.id))?.status).toBe('queued');
    time += 1_000;
    await outbox.drain();
    expect(channel.sent.map((s) => s.idempotencyKey)).toEqual([message.id]);
    expect(await store.outbox.get(message.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await store.messages.get(message.id))?.status).toBe('sent');
  });

  it('leaves a message the poller recovered to the poller when the slow first attempt then fails', async () => {
    const message = await queue('hello');
    let release = () => {};
    channel.holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = outbox.dispatch(message.entry);
    time += 30_001; // the first attempt outlives its lease: the poller recovers and sends the message
    await outbox.drain();
    expect(channel.sent.map((s) => s.idempotencyKey)).toEqual([message.id]);
    channel.failures.push(new ChannelApiError('Bad Gateway', { transient: true }));
    release();
    await first;
    expect(await store.outbox.get(message.id)).toMatchObject({ status: 'sent' });
    expect((await store.messages.get(message.id))?.status).toBe('sent');
    time += 60_000;
    await outbox.drain();
    expect(channel.attempts).toBe(2);
  });

  it('retries a transient failure after the backoff, honouring Retry-After', async () => {
    const message = await queue('hello');
    channel.failures.push(
      new ChannelApiError('Too Many Requests', { transient: true, providerCode: '429', retryAfterMs: 5_000 }),
    );
    await outbox.dispatch(message.entry);
    expect(channel.sent).toHaveLength(0);
    time += 4_000;
    await outbox.drain();
    expect(channel.attempts).toBe(1); // not due yet
    time += 1_001;
    await outbox.drain();
    expect(channel.sent).toHaveLength(1);
    expect((await store.messages.get(message.id))?.status).toBe('sent');
  });

  it('fails for good on a permanent error, keeping the provider code and message', async () => {
    const message = await queue('hello');
    channel.failures.push(
      new ChannelApiError('Forbidden: bot was blocked by the user', {
        transient: false,
        providerCode: '403',
      }),
    );
    await outbox.dispatch(message.entry);
    expect(await store.messages.get(message.id)).toMatchObject({
      status: 'failed',
      error: { code: '403', message: 'Forbidden: bot was blocked by the user' },
    });
    time += 60_000;
    await outbox.drain();
    expect(channel.attempts).toBe(1);
  });

  it('gives up after maxAttempts transient failures', async () => {
    const message = await queue('hello');
    for (let i = 0; i < 3; i++) channel.failures.push(new ChannelApiError('502', { transient: true }));
    await outbox.dispatch(message.entry);
    for (let i = 0; i < 5; i++) {
      await outbox.drain();
      time += 60_000;
    }
    expect(channel.attempts).toBe(3);
    expect((await store.messages.get(message.id))?.status).toBe('failed');
  });

  it('keeps "sent" when a slow first attempt fails for good after the poller sent the message', async () => {
    const message = await queue('hello');
    let release = () => {};
    channel.holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = outbox.dispatch(message.entry);
    time += 30_001;
    await outbox.drain();
    expect((await store.messages.get(message.id))?.status).toBe('sent');
    channel.failures.push(new ChannelApiError('Forbidden', { transient: false, providerCode: '403' }));
    release();
    await first;
    expect(await store.messages.get(message.id)).toMatchObject({
      status: 'sent',
      externalId: `ext-${message.id}`,
    });
    expect(await store.outbox.get(message.id)).toMatchObject({ status: 'sent', lastError: null });
  });

  it('re-sends a message whose sender crashed, once its lease has expired', async () => {
    // The process that stored the message holds its lease and dies before dispatching it.
    const message = await queue('hello');
    await outbox.drain();
    expect(channel.sent).toHaveLength(0); // still leased to the dead process
    time += 30_001;
    await outbox.drain();
    // The key the first attempt would have used: the message id.
    expect(channel.sent.map((s) => s.idempotencyKey)).toEqual([message.id]);
    expect((await store.messages.get(message.id))?.status).toBe('sent');
    time += 60_000;
    await outbox.drain();
    expect(channel.sent).toHaveLength(1);
  });

  it('fails a message whose channel is not enabled, with a clear code', async () => {
    const message = await queue('hello');
    const registry = new ChannelRegistry();
    // The same process (holder) with no channel registered.
    const bare = createOutbox({
      store,
      registry,
      events: new EventBus(),
      clock,
      logger: silentLogger,
      holder: 'this-process',
    });
    await bare.dispatch(message.entry);
    expect(await store.messages.get(message.id)).toMatchObject({
      status: 'failed',
      error: { code: 'channel_unavailable' },
    });
  });
});
