/**
 * Two engines (two processes) on one store, each with its turn lease: never two model calls at once
 * for one conversation, a message answered once however many processes route it, and a burst whose
 * messages reached both answered by the process holding its newest message.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssistantProvider } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
let store: Store;
let calls: string[][];
let inFlight: number;
let most: number;

/** A model that takes 40 ms, and records the customer turns it was shown. */
const slowModel: AssistantProvider = {
  name: 'slow',
  async reply(request) {
    inFlight++;
    most = Math.max(most, inFlight);
    calls.push(request.messages.filter((m) => m.role === 'user').map((m) => m.content));
    await new Promise((resolve) => setTimeout(resolve, 40));
    inFlight--;
    return { text: 'ok', handoff: false };
  },
};

function processOn(holder: string, turnWindowMs = 0): Engine {
  const registry = new ChannelRegistry();
  registry.register(new RecordingChannel('telegram'));
  const events = new EventBus();
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger, holder });
  return createEngine({
    store,
    ids,
    clock: systemClock,
    logger: silentLogger,
    events,
    outbox,
    provider: slowModel,
    turnWindowMs,
    turnLease: { holder, pollMs: 5 },
  });
}

const text = (body: string, id: string) => ({
  type: 'text' as const,
  channel: 'telegram' as const,
  from: { externalId: 'user-1', name: 'Aïcha' },
  chatId: 'chat-1',
  text: body,
  externalMessageId: id,
});

beforeEach(() => {
  store = createMemoryStore();
  calls = [];
  inFlight = 0;
  most = 0;
});

describe('turn lease (several processes on one store)', () => {
  it('answers a burst spread over two processes once at a time, the newest message last', async () => {
    const [a, b] = [processOn('A'), processOn('B')];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? b : a).ingest(text(`message ${i}`, `u${i}`))),
    );
    await Promise.all(results.map((result) => (result.type === 'message' ? result.done : null)));
    expect(most).toBe(1);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)!.join(' ')).toContain('message 5');
  });

  it('answers a message once when both processes route it (both resume what a stop left waiting)', async () => {
    // A third process stored the message and stopped before answering (its window never closed).
    const stopped = processOn('C', 3_600_000);
    await stopped.ingest(text('bonjour', 'u1'));
    const [a, b] = [processOn('A'), processOn('B')];
    await Promise.all([a.resumePending(60_000), b.resumePending(60_000)]);
    await Promise.all([a.idle(), b.idle()]);
    expect(calls).toEqual([['bonjour']]);
  });
});
