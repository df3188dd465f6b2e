/**
 * bench/outbox-window: how long a sent message stays exposed to a resend. From the moment the
 * provider answers a send (the channel's `send` returns) to the COMMIT of "sent" (the outbox's
 * `message:status` event, emitted right after it), on the embedded store: a crash inside that window
 * makes the poller send the message again after its lease (channels without an idempotency key).
 * Measured one send at a time and 200 at once; the baseline is one bare autocommitted UPDATE of a
 * message's status on a database opened with the store's settings (same run).
 */
import { newConversation } from '../core/conversations.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelAdapter, OutboundMessage, SendResult } from '../core/channels.js';
import { ChannelRegistry } from '../core/channels.js';
import { EventBus } from '../core/events.js';
import { createUlidGenerator, systemClock } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createOutbox, type Outbox } from '../core/outbox.js';
import type { Store } from '../core/repositories.js';
import type { Conversation, Message, OutboxEntry } from '../core/types.js';
import { openDatabase } from '../storage/embedded/database.js';
import { migrate } from '../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../storage/index.js';
import { nowMs, percentile, report, round } from './lib.js';

const SEQUENTIAL = 500;
const CONCURRENT = 200;
const ids = createUlidGenerator();

/** The provider: answers at once and notes when. */
class AnsweringChannel implements ChannelAdapter {
  readonly name = 'telegram' as const;
  readonly capabilities = { typing: false, streaming: false, media: false, groups: false };
  readonly answeredAt = new Map<string, number>();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status() {
    return { state: 'ready' as const };
  }
  async send(outbound: OutboundMessage): Promise<SendResult> {
    this.answeredAt.set(outbound.message.id, nowMs());
    return { externalId: `x-${outbound.message.id}` };
  }
}

async function staged(store: Store, outbox: Outbox, conversation: Conversation): Promise<OutboxEntry> {
  const message: Message = {
    id: ids.next(),
    conversationId: conversation.id,
    sender: { type: 'assistant', name: 'Assistant' },
    text: 'Our yoga course costs 120 CHF.',
    channel: 'telegram',
    status: 'queued',
    createdAt: new Date().toISOString(),
  };
  return store.transaction(async (tx) => {
    await tx.messages.insert(message);
    return outbox.enqueue(tx, message, conversation.externalChatId);
  });
}

/** Milliseconds of one autocommitted status UPDATE, the median of `runs`. */
function bareUpdate(dir: string, runs: number): number {
  const db = openDatabase({ dataDir: dir, filename: 'bare.db' });
  migrate(db, () => new Date());
  db.exec("CREATE TABLE bare (id TEXT PRIMARY KEY, status TEXT); INSERT INTO bare VALUES ('m', 'queued')");
  const update = db.prepare("UPDATE bare SET status = ? WHERE id = 'm'");
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowMs();
    update.run(i % 2 ? 'sent' : 'queued');
    times.push(nowMs() - start);
  }
  db.close();
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

function figure(name: string, windows: number[], bareMs: number): void {
  windows.sort((a, b) => a - b);
  const p50 = percentile(windows, 50);
  report({
    figure: name,
    sends: windows.length,
    window_p50_ms: round(p50, 3),
    window_p99_ms: round(percentile(windows, 99), 3),
    window_max_ms: round(windows[windows.length - 1]!, 3),
    bare_update_ms: round(bareMs, 3),
    ratio: round(p50 / bareMs, 1),
  });
}

export async function runOutboxWindow(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-window-'));
  const store = await createEmbeddedStore({ dataDir: dir });
  try {
    const bareMs = bareUpdate(dir, 2_000);
    const events = new EventBus();
    const registry = new ChannelRegistry();
    const channel = new AnsweringChannel();
    registry.register(channel);
    const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
    const windows: number[] = [];
    events.on('message:status', ({ message }) => {
      const answered = channel.answeredAt.get(message.id);
      if (message.status === 'sent' && answered !== undefined) windows.push(nowMs() - answered);
    });
    const now = new Date().toISOString();
    const conversation: Conversation = newConversation(
      { id: ids.next(), kind: 'assistant', title: 'bench', channel: 'telegram', externalChatId: '42' },
      now,
    );
    await store.conversations.create(conversation);

    for (let i = 0; i < SEQUENTIAL; i++) await outbox.dispatch(await staged(store, outbox, conversation));
    figure('outbox.sent_window_one_at_a_time', windows.splice(0), bareMs);

    const entries = await Promise.all(
      Array.from({ length: CONCURRENT }, () => staged(store, outbox, conversation)),
    );
    await Promise.all(entries.map((entry) => outbox.dispatch(entry)));
    figure(`outbox.sent_window_${CONCURRENT}_at_once`, windows.splice(0), bareMs);
    await outbox.stop();
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
