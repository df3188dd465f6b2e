/**
 * Waiting for the coach (issue 19 #7): a conversation handed off to the coach where the customer spoke
 * last and nobody has answered since waits for them, whatever Kora or the assistant said after; only
 * the coach writing (or handing it back) ends it. On the in-memory store the contract suite checks
 * against SQLite; test/e2e/dashboard-stats.test.ts runs the same scenario through the whole app.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createOfflineProvider } from '../../core/assistant/offline-provider.js';
import type { AssistantProvider } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { AssistantProviderError } from '../../core/errors.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import type { Conversation } from '../../core/types.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
let store: Store;
let events: EventBus;
let chat = 0;

function engineWith(provider: AssistantProvider = createOfflineProvider()): Engine {
  const registry = new ChannelRegistry();
  registry.register(new RecordingChannel('telegram'));
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  return createEngine({ store, ids, clock: systemClock, logger: silentLogger, events, outbox, provider });
}

beforeEach(() => {
  store = createMemoryStore();
  events = new EventBus();
  chat++;
});

/** One Telegram customer; `say` resolves once the assistant's turn (if any) is done. */
function customer(engine: Engine) {
  let n = 0;
  let id = '';
  const ingest = async (text: string) => {
    const result = await engine.ingest({
      type: 'text',
      channel: 'telegram',
      from: { externalId: `user-${chat}`, name: 'Ana' },
      chatId: `chat-${chat}`,
      text,
      externalMessageId: `m-${chat}-${++n}`,
    });
    if (result.type !== 'message') throw new Error('expected a message');
    id = result.conversation.id;
    return result;
  };
  return {
    ingest,
    async say(text: string) {
      await (await ingest(text)).done;
      await engine.idle();
    },
    async state(): Promise<{ conversation: Conversation; waiting: boolean; newest: string | undefined }> {
      const conversation = (await store.conversations.get(id))!;
      const waiting = (await store.conversations.list({ waiting: true })).items.some((c) => c.id === id);
      const counted = (await store.conversations.countHandoffs()).waiting;
      expect(counted).toBe(waiting ? 1 : 0);
      return { conversation, waiting, newest: (await store.messages.last(id))?.sender.type };
    },
    get id() {
      return id;
    },
  };
}

describe('a handed-off conversation waits for the coach while the customer has no answer', () => {
  it('when the customer asked for a person: the assistant’s handoff line comes last', async () => {
    const ana = customer(engineWith());
    await ana.say('Je veux parler à un humain');
    expect(await ana.state()).toMatchObject({ waiting: true, newest: 'assistant' });
    expect((await ana.state()).conversation.handoff).toBe(true);
  });

  it('when the provider failed: Kora’s apology comes last', async () => {
    const failing: AssistantProvider = {
      name: 'failing',
      async reply() {
        throw new AssistantProviderError('down');
      },
    };
    const ana = customer(engineWith(failing));
    await ana.say('Combien coûte le cours ?');
    expect(await ana.state()).toMatchObject({ waiting: true, newest: 'assistant' });
  });

  it('when the customer writes in a conversation the coach holds, and the coach is told live', async () => {
    const engine = engineWith();
    const ana = customer(engine);
    await ana.say('Bonjour');
    await engine.postAsCoach(ana.id, { id: 'u1', name: 'Coach' }, 'Bonjour, je prends le relais.');
    expect(await ana.state()).toMatchObject({ waiting: false, newest: 'coach' });
    const told: Conversation[] = [];
    events.on('conversation', ({ conversation, change }) => {
      if (change === 'updated') told.push(conversation);
    });
    await ana.say('Avez-vous de la place jeudi ?');
    expect(await ana.state()).toMatchObject({ waiting: true, newest: 'contact' });
    expect(told.map((c) => [c.id, typeof c.coachNeededAt])).toEqual([[ana.id, 'string']]);
    // A second message changes nothing more: the first time is kept, no new event.
    const first = (await ana.state()).conversation.coachNeededAt;
    await ana.say('Ou vendredi ?');
    expect((await ana.state()).conversation.coachNeededAt).toBe(first);
    expect(told).toHaveLength(1);
  });

  it('when the coach takes over before the assistant answered the customer', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: AssistantProvider = {
      name: 'slow',
      async reply() {
        await held;
        return { text: 'Trop tard' };
      },
    };
    const engine = engineWith(slow);
    const ana = customer(engine);
    const asked = await ana.ingest('Une question ?');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.setHandoff(ana.id, true);
    release();
    await asked.done;
    await engine.idle();
    // The late answer was dropped: the customer's question is the coach's.
    expect(await ana.state()).toMatchObject({ waiting: true, newest: 'contact' });
  });

  it('not when the coach takes over after the assistant answered', async () => {
    const engine = engineWith();
    const ana = customer(engine);
    await ana.say('Bonjour');
    await engine.setHandoff(ana.id, true);
    expect(await ana.state()).toMatchObject({ waiting: false, newest: 'assistant' });
  });

  it('not for STOP, which Kora answers: nothing is left to the coach', async () => {
    const engine = engineWith();
    const ana = customer(engine);
    await ana.say('Bonjour');
    await engine.postAsCoach(ana.id, { id: 'u1', name: 'Coach' }, 'Bonjour !');
    await ana.say('STOP');
    expect(await ana.state()).toMatchObject({ waiting: false, newest: 'assistant' });
  });

  it('until the coach writes, or hands the conversation back', async () => {
    const engine = engineWith();
    const ana = customer(engine);
    await ana.say('Je veux parler à un humain');
    await engine.postAsCoach(ana.id, { id: 'u1', name: 'Coach' }, 'Je suis là.');
    expect(await ana.state()).toMatchObject({ waiting: false });
    await ana.say('Merci, une autre question');
    expect(await ana.state()).toMatchObject({ waiting: true });
    await engine.setHandoff(ana.id, false);
    expect(await ana.state()).toMatchObject({ waiting: false });
  });
});
