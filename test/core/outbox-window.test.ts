/**
 * The window in which a crash makes the outbox send a message twice (providers that take no
 * idempotency key) runs from the provider's answer to the COMMIT of "sent". It must stay one commit
 * long: "sent" is written back within a few event-loop turns of the answer, on the real embedded
 * store, with no timer involved (timers are frozen here; a write-back batched on a timer never lands).
 */
import { newConversation } from '../../core/conversations.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelRegistry } from '../../core/channels.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox, type Outbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import type { Conversation, Message, OutboxEntry } from '../../core/types.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
let dataDir: string;
let store: Store;
let outbox: Outbox;
let channel: RecordingChannel;
let conversation: Conversation;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-window-'));
  store = await createEmbeddedStore({ dataDir });
  channel = new RecordingChannel('telegram');
  const registry = new ChannelRegistry();
  registry.register(channel);
  outbox = createOutbox({
    store,
    registry,
    events: new EventBus(),
    clock: systemClock,
    logger: silentLogger,
  });
  const now = new Date().toISOString();
  conversation = newConversation(
    { id: ids.next(), kind: 'assistant', title: 't', channel: 'telegram', externalChatId: '42' },
    now,
  );
  await store.conversations.create(conversation);
});

afterEach(async () => {
  // Should a write-back wait on a timer (the failure this file guards against), let it land.
  if (vi.isFakeTimers()) vi.runOnlyPendingTimers();
  vi.useRealTimers();
  await outbox.stop();
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function staged(): Promise<OutboxEntry> {
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

/** Event-loop turns (setImmediate, which stays real) until every id reads `sent`; null if never. */
async function turnsUntilSent(messageIds: string[], maxTurns: number): Promise<number | null> {
  for (let turn = 0; turn <= maxTurns; turn++) {
    const messages = await Promise.all(messageIds.map((id) => store.messages.get(id)));
    if (messages.every((m) => m?.status === 'sent')) return turn;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return null;
}

describe('outbox "sent" window', () => {
  it('writes "sent" back within a few event-loop turns of the answer, with timers frozen', async () => {
    const entry = await staged();
    let release!: () => void;
    channel.holdNext = new Promise<void>((resolve) => {
      release = resolve;
    });
    const dispatched = outbox.dispatch(entry);
    await new Promise((resolve) => setImmediate(resolve));
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    release(); // the provider answers now
    expect(await turnsUntilSent([entry.messageId], 10)).not.toBeNull();
    await dispatched;
  });

  it('writes back 100 sends answered at once within a few event-loop turns too', async () => {
    const entries = await Promise.all(Array.from({ length: 100 }, () => staged()));
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    const dispatched = Promise.all(entries.map((entry) => outbox.dispatch(entry)));
    expect(
      await turnsUntilSent(
        entries.map((e) => e.messageId),
        10,
      ),
    ).not.toBeNull();
    await dispatched;
    expect(channel.sent).toHaveLength(100);
  });
});
