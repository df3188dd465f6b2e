/**
 * Two engines on one store stand for two processes on one database: a burst whose messages are
 * ingested by both within the reply window is answered once, by the engine that has the newest one.
 */
import { describe, expect, it } from 'vitest';
import type { AssistantProvider, AssistantRequest } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const WINDOW_MS = 150;

let processes = 0;

/** As the server makes it on PostgreSQL: each process with its name in the turn leases. */
function process(store: Store, requests: AssistantRequest[]): Engine {
  const holder = `process-${++processes}`;
  const registry = new ChannelRegistry();
  registry.register(new RecordingChannel('telegram'));
  const events = new EventBus();
  const provider: AssistantProvider = {
    name: 'recording',
    async reply(request) {
      requests.push(request);
      return { text: 'ok', handoff: false };
    },
  };
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger, holder });
  return createEngine({
    store,
    ids: createUlidGenerator(),
    clock: systemClock,
    logger: silentLogger,
    events,
    outbox,
    provider,
    turnWindowMs: WINDOW_MS,
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

async function ingestAll(engine: Engine, messages: ReturnType<typeof text>[]): Promise<Promise<void>[]> {
  const done: Promise<void>[] = [];
  for (const message of messages) {
    const result = await engine.ingest(message);
    if (result.type === 'message') done.push(result.done);
  }
  return done;
}

describe('a burst spread over two processes', () => {
  it('is answered once, by the process holding the newest message, with the whole burst', async () => {
    const store = createMemoryStore();
    const requests: AssistantRequest[] = [];
    const a = process(store, requests);
    const b = process(store, requests);
    const done = [
      ...(await ingestAll(a, [text('one', '1'), text('two', '2')])),
      ...(await ingestAll(b, [text('three', '3')])),
      ...(await ingestAll(a, [text('four', '4')])),
    ];
    await Promise.all(done);
    await Promise.all([a.idle(), b.idle()]);
    expect(requests).toHaveLength(1);
    const asked = requests[0]!.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(asked.join(' ')).toContain('four');
    expect(asked.join(' ')).toContain('one');
  });

  it('is answered when one process stores the burst out of order (the older message written last)', async () => {
    const store = createMemoryStore();
    // The first message's write (decided first, so the older id) is the slower one: the newer
    // message reaches the reply window first, the older one joins it after.
    const insert = store.messages.insertInbound.bind(store.messages);
    let writes = 0;
    store.messages.insertInbound = async (write) => {
      if (++writes === 1) await new Promise((resolve) => setTimeout(resolve, 30));
      return insert(write);
    };
    const requests: AssistantRequest[] = [];
    const a = process(store, requests);
    // The conversation exists (the first ingest creates it through the unit, not the fast path).
    await Promise.all(await ingestAll(a, [text('hello', '0')]));
    await a.idle();
    requests.length = 0;
    writes = 0;
    const results = await Promise.all([a.ingest(text('one', '1')), a.ingest(text('two', '2'))]);
    await Promise.all(results.map((result) => (result.type === 'message' ? result.done : null)));
    await a.idle();
    expect(writes).toBe(2);
    expect(requests).toHaveLength(1);
    const asked = requests[0]!.messages.filter((m) => m.role === 'user').map((m) => m.content);
    expect(asked.join(' ')).toContain('one');
    expect(asked.join(' ')).toContain('two');
  });

  it('a STOP within the burst does not silence the answer to it', async () => {
    const store = createMemoryStore();
    const requests: AssistantRequest[] = [];
    const a = process(store, requests);
    const done = await ingestAll(a, [text('hello', '1'), text('STOP', '2')]);
    await Promise.all(done);
    await a.idle();
    expect(requests).toHaveLength(1);
  });
});
