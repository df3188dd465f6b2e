import { beforeEach, describe, expect, it } from 'vitest';
import type { AssistantProvider } from '../../core/assistant/provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { confirmationText, consentKeyword } from '../../core/consent.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { EventBus } from '../../core/events.js';
import { createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

describe('consentKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    [' Stop! ', 'stop'],
    ['stop.', 'stop'],
    ['ARRÊT', 'stop'],
    ['arret', 'stop'],
    ['Arrêt !', 'stop'],
    ['Stopp', 'stop'],
    ['unsubscribe', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['START', 'start'],
    ['start', 'start'],
    ['Start.', 'start'],
  ] as const)('%j is %s', (text, kind) => {
    expect(consentKeyword(text)).toBe(kind);
  });

  it.each([
    'stop spamming me',
    'please stop',
    'startup',
    'stopper',
    'arrêter',
    'st op',
    '!stop',
    '',
    'Quel est le prix ?',
  ])('%j is no keyword', (text) => {
    expect(consentKeyword(text)).toBeNull();
  });
});

describe('confirmationText', () => {
  it('confirms in French, English and German, naming the way back', () => {
    expect(confirmationText('stop', 'fr')).toMatch(/plus nos messages.*START/);
    expect(confirmationText('stop', 'en')).toMatch(/won't receive.*START/);
    expect(confirmationText('stop', 'de')).toMatch(/keine Nachrichten.*START/);
    expect(confirmationText('start', 'fr')).toMatch(/de nouveau.*STOP/);
    expect(confirmationText('start', 'en')).toMatch(/again.*STOP/);
    expect(confirmationText('start', 'de')).toMatch(/wieder.*STOPP/);
  });
});

describe('opt-out keywords in the engine', () => {
  const ids = createUlidGenerator();
  let store: Store;
  let channel: RecordingChannel;
  let engine: Engine;
  let asked: string[];

  beforeEach(() => {
    store = createMemoryStore();
    channel = new RecordingChannel('telegram');
    asked = [];
    const provider: AssistantProvider = {
      name: 'recording',
      async reply(request) {
        asked.push(JSON.stringify(request.messages));
        return { text: 'Réponse du modèle.', handoff: false };
      },
    };
    const registry = new ChannelRegistry();
    registry.register(channel);
    const events = new EventBus();
    const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
    engine = createEngine({
      store,
      ids,
      clock: systemClock,
      logger: silentLogger,
      events,
      outbox,
      provider,
      turnWindowMs: 0,
    });
  });

  const send = async (body: string, id: string) => {
    const result = await engine.ingest({
      type: 'text',
      channel: 'telegram',
      from: { externalId: 'user-1', name: 'Aïcha' },
      chatId: 'chat-1',
      externalMessageId: id,
      text: body,
    });
    if (result.type !== 'message') throw new Error('expected a message');
    return result;
  };

  async function waitFor(check: () => boolean): Promise<void> {
    const until = Date.now() + 2_000;
    while (!check()) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('opts out on STOPP, confirms in German, keeps the message and never asks the assistant', async () => {
    const result = await send('Stopp', '1');
    await result.done;
    await engine.idle();
    expect(asked).toEqual([]);
    expect(await store.consents.get(result.contact.id, 'telegram')).toMatchObject({
      contactId: result.contact.id,
      channel: 'telegram',
      optedOut: true,
    });
    expect(await store.consents.listOptedOut('telegram')).toEqual([result.contact.id]);
    const messages = await store.messages.list(result.conversation.id, { limit: 10 });
    expect(messages.map((m) => [m.sender.type, m.text])).toEqual([
      ['contact', 'Stopp'],
      ['assistant', confirmationText('stop', 'de')],
    ]);
    await waitFor(() => channel.sent.length === 1);
    expect(channel.sent[0]?.message.text).toBe(confirmationText('stop', 'de'));
    expect(channel.sent[0]?.recipient).toBe('chat-1');
  });

  it('opts back in on START, and the assistant answers the next question', async () => {
    const stop = await send('ARRÊT', '1');
    const start = await send('start', '2');
    await engine.idle();
    expect(await store.consents.get(stop.contact.id, 'telegram')).toMatchObject({ optedOut: false });
    expect(await store.consents.listOptedOut('telegram')).toEqual([]);
    expect(asked).toEqual([]);
    await send('Quel est le prix ?', '3');
    await engine.idle();
    expect(asked).toHaveLength(1);
    const texts = (await store.messages.list(start.conversation.id, { limit: 10 })).map((m) => m.text);
    expect(texts).toEqual([
      'ARRÊT',
      confirmationText('stop', 'fr'),
      'start',
      confirmationText('start', 'en'),
      'Quel est le prix ?',
      'Réponse du modèle.',
    ]);
  });

  it('still answers a question sent just before STOP', async () => {
    const question = await send('Quel est le prix ?', '1');
    await send('STOP', '2');
    await engine.idle();
    expect(asked).toHaveLength(1);
    const texts = (await store.messages.list(question.conversation.id, { limit: 10 })).map((m) => m.text);
    expect(texts).toContain('Réponse du modèle.');
    expect(texts).toContain(confirmationText('stop', 'en'));
  });

  it('routes a sentence that merely contains the word to the assistant', async () => {
    const result = await send('please stop', '1');
    await engine.idle();
    expect(asked).toHaveLength(1);
    expect(await store.consents.get(result.contact.id, 'telegram')).toBeNull();
  });

  it('applies a redelivered keyword once', async () => {
    await send('STOP', '1');
    const again = await send('STOP', '1');
    await engine.idle();
    expect(again.duplicate).toBe(true);
    const messages = await store.messages.list(again.conversation.id, { limit: 10 });
    expect(messages.filter((m) => m.sender.type === 'assistant')).toHaveLength(1);
  });
});
