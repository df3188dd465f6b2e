/**
 * The STRICT guard in a real turn: settings and catalog from the store, the engine's public URL, the
 * answer stored with what was removed. STANDARD answers are untouched.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssistantProvider } from '../../../core/assistant/provider.js';
import { ChannelRegistry } from '../../../core/channels.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { EventBus } from '../../../core/events.js';
import { createUlidGenerator, systemClock } from '../../../core/ids.js';
import { silentLogger } from '../../../core/logger.js';
import { createOutbox } from '../../../core/outbox.js';
import type { Store } from '../../../core/repositories.js';
import type { EntryLink, LinkMode, Message } from '../../../core/types.js';
import { createMemoryStore } from '../../fakes/memory-store.js';
import { RecordingChannel } from '../../fakes/recording-channel.js';

const ids = createUlidGenerator();
const now = () => new Date().toISOString();
const PUBLIC_URL = 'https://chat.studio-lumen.ch';
let store: Store;
let answer = '';

const provider: AssistantProvider = { name: 'fixed', reply: async () => ({ text: answer, handoff: false }) };

function engine(): Engine {
  const registry = new ChannelRegistry();
  registry.register(new RecordingChannel('telegram'));
  const events = new EventBus();
  const outbox = createOutbox({ store, registry, events, clock: systemClock, logger: silentLogger });
  return createEngine({
    store,
    ids,
    clock: systemClock,
    logger: silentLogger,
    events,
    outbox,
    provider,
    turnWindowMs: 0,
    trackingBaseUrl: PUBLIC_URL,
  });
}

async function reply(mode: LinkMode, modelText: string): Promise<Message> {
  answer = modelText;
  const link: EntryLink = {
    id: ids.next(),
    name: mode,
    mode,
    customPrompt: null,
    token: `tok-${ids.next()}`,
    code: `C${ids.next().slice(-5)}`,
    createdAt: now(),
    updatedAt: now(),
  };
  await store.links.create(link);
  const e = engine();
  const user = { externalId: `u-${ids.next()}` };
  const chatId = `c-${ids.next()}`;
  const joined = await e.ingest({
    type: 'join',
    channel: 'telegram',
    from: user,
    chatId,
    link: link.code.toLowerCase(),
  });
  if (joined.type !== 'join' || !joined.conversation) throw new Error('expected a join');
  const sent = await e.ingest({
    type: 'text',
    channel: 'telegram',
    from: user,
    chatId,
    text: 'Et le prix ?',
  });
  if (sent.type !== 'message') throw new Error('expected a message');
  await sent.done;
  const messages = await store.messages.list(joined.conversation.id, { limit: 10 });
  return messages.find((m) => m.sender.type === 'assistant')!;
}

beforeEach(async () => {
  store = createMemoryStore();
  await store.offers.create({
    id: 'o1',
    name: 'Yoga 8 semaines',
    kind: 'course',
    description: 'Huit semaines.',
    price: 390,
    currency: 'CHF',
    paymentUrl: 'https://paypal.me/lumenyoga',
    visible: true,
    createdAt: now(),
    updatedAt: now(),
  });
  await store.settings.putAssistant({
    basePrompt: '',
    campaignPrompt: '',
    offTopicReply: 'Off topic.',
    paymentLinks: {},
    provider: 'offline',
    model: '',
    memory: { messages: 20, hours: 24 },
    safeDomains: ['studio-lumen.ch'],
  });
});

describe('STRICT guard in a turn', () => {
  it("keeps links to the public URL and the coach's safe domains, removes every other link and the catalog's secrets", async () => {
    const text =
      'Lisez https://studio-lumen.ch/blog/souffle avant le cours. ' +
      `Votre espace : ${PUBLIC_URL}/c/abc. ` +
      'Le programme, c’est trois cent quatre-vingt-dix. ' +
      'Réservez sur https://calendly.com/lumen ou paypal dot me slash lumenyoga.';
    const message = await reply('strict', text);
    expect(message.text).toBe(
      'Lisez https://studio-lumen.ch/blog/souffle avant le cours. ' +
        `Votre espace : ${PUBLIC_URL}/c/abc. ` +
        'Pour le prix et le paiement, le coach vous répondra directement.',
    );
    // Two sentences in a row become one phrase; each finding names the passage it went with.
    const passage =
      'Le programme, c’est trois cent quatre-vingt-dix. Réservez sur https://calendly.com/lumen ou paypal dot me slash lumenyoga.';
    expect(message.guard).toEqual([
      { kind: 'amount', removed: 'trois cent quatre-vingt-dix', passage },
      { kind: 'url', removed: 'https://calendly.com/lumen', passage },
      { kind: 'payment_url', removed: 'paypal dot me slash lumenyoga', passage },
    ]);
  });

  it('removes a link to a safe domain that carries another link in its query', async () => {
    const message = await reply(
      'strict',
      'Scan: https://studio-lumen.ch/qr?data=https%3A%2F%2Fpaypal.me%2Fx',
    );
    expect(message.text).toBe('The coach will send you the link directly.');
    expect(message.guard?.[0]?.kind).toBe('url');
  });

  it('leaves a STANDARD answer as the model wrote it', async () => {
    const message = await reply('standard', 'Le programme coûte 390 CHF : https://calendly.com/lumen');
    expect(message.text).toBe('Le programme coûte 390 CHF : https://calendly.com/lumen');
    expect(message.guard).toBeUndefined();
  });
});
