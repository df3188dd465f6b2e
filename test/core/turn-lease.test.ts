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

/** The holder each customer message's write asked the lease for (undefined: none), in order. */
function takeTurnHolders(): (string | undefined)[] {
  const holders: (string | undefined)[] = [];
  const insertInbound = store.messages.insertInbound.bind(store.messages);
  store.messages.insertInbound = (write) => {
    holders.push(write.takeTurn?.holder);
    return insertInbound(write);
  };
  return holders;
}

/** `turns.acquire` for a minute from now. */
const acquireNow = (conversationId: string, holder: string) =>
  store.turns.acquire(
    conversationId,
    holder,
    new Date(Date.now() + 60_000).toISOString(),
    new Date().toISOString(),
  );

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

  it('takes the lease with a lone message’s write: its turn asks for it no more, and lets it go', async () => {
    const a = processOn('A');
    const asked: string[] = [];
    const acquireAfter = store.turns.acquireAfter.bind(store.turns);
    store.turns.acquireAfter = (...args) => {
      asked.push(args[1]);
      return acquireAfter(...args);
    };
    const writes = takeTurnHolders();
    await a.ingest(text('bonjour', 'u1')); // the conversation is opened in a unit
    await a.idle();
    const result = await a.ingest(text('et le prix ?', 'u2'));
    if (result.type !== 'message') throw new Error('not stored');
    await result.done;
    expect(writes).toEqual(['A']);
    // Only the first message (written in a unit) asked for the lease on its own.
    expect(asked).toEqual(['A']);
    expect(calls).toEqual([['bonjour'], ['bonjour', 'et le prix ?']]);
    // Let go, recording the answered message: another process takes it at once and finds it answered.
    expect(await acquireNow(result.conversation.id, 'B')).toBe(result.message.id);
  });

  it('takes no lease with a message whose turn does not start at once', async () => {
    const writes = takeTurnHolders();
    const windowed = processOn('W', 50);
    await windowed.ingest(text('bonjour', 'u1'));
    await windowed.idle();
    await windowed.ingest(text('et demain ?', 'u2')); // a reply window: the turn starts later
    await windowed.idle();
    const a = processOn('A');
    const stop = await a.ingest(text('STOP', 'u3')); // a consent keyword never goes to the assistant
    await a.idle();
    expect(writes).toEqual([undefined, undefined]);
    if (stop.type !== 'message') throw new Error('not stored');
    // Nobody holds it: any process takes it.
    expect(await acquireNow(stop.conversation.id, 'Z')).not.toBe(false);
  });

  it('never runs two model calls at once when a turn queued here holds the lease a slow write took', async () => {
    // A process that stopped before answering left "bonjour" waiting.
    const stopped = processOn('C', 3_600_000);
    await stopped.ingest(text('bonjour', 'u0'));
    const [a, b] = [processOn('A'), processOn('B')];
    // A's write of "un" takes the lease (nothing is queued in A yet) and is slow; meanwhile A resumes
    // "bonjour" (that turn takes the lease under A's name) and B stores "trois".
    let release = () => {};
    const slowWrite = new Promise<void>((resolve) => {
      release = resolve;
    });
    const insertInbound = store.messages.insertInbound.bind(store.messages);
    store.messages.insertInbound = async (write) => {
      if (write.takeTurn) await slowWrite;
      return insertInbound(write);
    };
    const first = a.ingest(text('un', 'u1'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await a.resumePending(60_000)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 5)); // A's turn for "bonjour" holds the lease
    const third = b.ingest(text('trois', 'u3'));
    release();
    const results = await Promise.all([first, third]);
    await Promise.all(results.map((result) => (result.type === 'message' ? result.done : null)));
    await Promise.all([a.idle(), b.idle()]);
    // "un"'s turn waited for the lease like any other: one model call at a time, the last with everything.
    expect(most).toBe(1);
    expect(calls.at(-1)).toEqual(['bonjour', 'un', 'trois']);
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
