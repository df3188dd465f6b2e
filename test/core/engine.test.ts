import { beforeEach, describe, expect, it } from 'vitest';
import type { AssistantProvider, AssistantRequest } from '../../core/assistant/provider.js';
import { createOfflineProvider } from '../../core/assistant/offline-provider.js';
import { ChannelRegistry } from '../../core/channels.js';
import { createEngine, type Engine } from '../../core/engine.js';
import { AssistantProviderError, NotFoundError, ValidationError } from '../../core/errors.js';
import { EventBus } from '../../core/events.js';
import { holdEarlyReport, takeEarlyReport } from '../../core/status.js';
import { type Clock, createUlidGenerator, systemClock } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { createOutbox } from '../../core/outbox.js';
import type { Store } from '../../core/repositories.js';
import type { EntryLink, Message, Offer } from '../../core/types.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { RecordingChannel } from '../fakes/recording-channel.js';

const ids = createUlidGenerator();
const now = () => new Date().toISOString();

const offer: Offer = {
  id: 'offer-1',
  name: 'Cours de méditation',
  kind: 'course',
  description: 'Huit semaines pour apprendre à méditer.',
  price: 490,
  currency: 'CHF',
  paymentUrl: 'https://pay.example.com/m',
  visible: true,
  createdAt: now(),
  updatedAt: now(),
};

function link(mode: EntryLink['mode'], customPrompt: string | null = null): EntryLink {
  return {
    id: ids.next(),
    name: mode,
    mode,
    customPrompt,
    token: `tok-${ids.next()}`,
    code: `C${ids.next().slice(-5)}`,
    createdAt: now(),
    updatedAt: now(),
  };
}

/** Records every request, answers through a given function. */
function recordingProvider(answer: (request: AssistantRequest) => Promise<string> | string) {
  const requests: AssistantRequest[] = [];
  const provider: AssistantProvider = {
    name: 'recording',
    async reply(request) {
      requests.push(request);
      return { text: await answer(request), handoff: false };
    },
  };
  return { provider, requests };
}

/** Settings whose every part is recognizable in a request. */
const MARKED_SETTINGS = {
  basePrompt: 'BASE PROMPT',
  campaignPrompt: 'CAMPAIGN PROMPT',
  offTopicReply: 'Off topic.',
  paymentLinks: { twint: 'https://twint.example/pay' },
  provider: 'offline',
  model: '',
  memory: { messages: 20, hours: 24 },
};

let store: Store;
let channel: RecordingChannel;
let events: EventBus;

function engineWith(provider: AssistantProvider, turnWindowMs = 0, clock: Clock = systemClock): Engine {
  const registry = new ChannelRegistry();
  registry.register(channel);
  const outbox = createOutbox({ store, registry, events, clock, logger: silentLogger });
  return createEngine({
    store,
    ids,
    clock,
    logger: silentLogger,
    events,
    outbox,
    provider,
    turnWindowMs,
  });
}

beforeEach(async () => {
  store = createMemoryStore();
  channel = new RecordingChannel('telegram');
  events = new EventBus();
  await store.offers.create(offer);
});

const text = (body: string, extra: Record<string, string> = {}) => ({
  type: 'text' as const,
  channel: 'telegram' as const,
  from: { externalId: 'user-1', name: 'Aïcha' },
  chatId: 'chat-1',
  text: body,
  ...extra,
});

describe('engine.ingest', () => {
  it('creates the contact, identity and conversation once, and answers with the offer price', async () => {
    const engine = engineWith(createOfflineProvider());
    const first = await engine.ingest(
      text('Quel est le prix du cours de méditation ?', { externalMessageId: '1' }),
    );
    if (first.type !== 'message') throw new Error('expected a message');
    await first.done;
    const second = await engine.ingest(text('Merci', { externalMessageId: '2' }));
    if (second.type !== 'message') throw new Error('expected a message');
    expect(second.contact.id).toBe(first.contact.id);
    expect(second.conversation.id).toBe(first.conversation.id);
    expect((await store.contacts.list({})).total).toBe(1);
    await engine.idle();
    await waitFor(() => channel.sent.length >= 1);
    expect(channel.sent[0]?.message.text).toContain('490 CHF');
    expect(channel.sent[0]?.recipient).toBe('chat-1');
  });

  it('stores a redelivered channel message once and routes it once', async () => {
    const { provider, requests } = recordingProvider(() => 'ok');
    const engine = engineWith(provider);
    const a = await engine.ingest(text('hello', { externalMessageId: '42' }));
    const b = await engine.ingest(text('hello', { externalMessageId: '42' }));
    if (a.type !== 'message' || b.type !== 'message') throw new Error('expected messages');
    expect(b.duplicate).toBe(true);
    expect(b.message.id).toBe(a.message.id);
    await engine.idle();
    expect(requests).toHaveLength(1);
    expect(await store.messages.list(a.conversation.id, { limit: 10 })).toHaveLength(2); // customer + reply
  });

  it('de-duplicates web retries by clientMessageId', async () => {
    const engine = engineWith(recordingProvider(() => 'ok').provider);
    const joined = await engine.ingest({
      type: 'join',
      channel: 'web',
      from: { externalId: '', name: 'Léa' },
      link: (await storeLink('standard')).token,
    });
    if (joined.type !== 'join' || !joined.conversation) throw new Error('expected a join');
    const send = {
      type: 'text' as const,
      channel: 'web' as const,
      from: { externalId: joined.contact.id },
      conversationId: joined.conversation.id,
      clientMessageId: 'abc',
      text: 'Bonjour',
    };
    const a = await engine.ingest(send);
    const b = await engine.ingest(send);
    if (a.type !== 'message' || b.type !== 'message') throw new Error('expected messages');
    expect(b.message.id).toBe(a.message.id);
    expect(b.duplicate).toBe(true);
  });

  it('stores the message before the provider is called, and hands off when the provider fails', async () => {
    let storedWhenCalled = 0;
    const failing: AssistantProvider = {
      name: 'failing',
      async reply(request) {
        storedWhenCalled = (await store.messages.list(request.conversationId, { limit: 10 })).length;
        throw new AssistantProviderError('timeout');
      },
    };
    const engine = engineWith(failing);
    const result = await engine.ingest(text('Une question'));
    if (result.type !== 'message') throw new Error('expected a message');
    await result.done;
    expect(storedWhenCalled).toBe(1);
    expect((await store.conversations.get(result.conversation.id))?.handoff).toBe(true);
    const again = await engine.ingest(text('Allô ?'));
    if (again.type !== 'message') throw new Error('expected a message');
    await again.done;
    const stored = await store.messages.list(result.conversation.id, { limit: 10 });
    // The customer is told once; after the hand-off the assistant stays silent.
    expect(stored.map((m) => m.sender.type)).toEqual(['contact', 'assistant', 'contact']);
    expect(stored[1]?.text).toMatch(/coach/i);
  });

  it('hands the conversation to the coach when the customer asks for a person', async () => {
    const { provider, requests } = recordingProvider(() => 'model answer');
    const engine = engineWith(provider);
    for (const [i, body] of ['Je veux parler à un humain', 'Vous êtes là ?'].entries()) {
      const result = await engine.ingest(text(body, { externalMessageId: `hh${i}` }));
      if (result.type === 'message') await result.done;
    }
    const conversation = (await store.conversations.list({})).items[0]!;
    expect(conversation.handoff).toBe(true);
    const stored = await store.messages.list(conversation.id, { limit: 10 });
    expect(stored.map((m) => m.sender.type)).toEqual(['contact', 'assistant', 'contact']);
    expect(stored[1]?.text).toMatch(/coach/i);
    expect(requests).toHaveLength(0);
  });

  it('answers a promo code itself, counts the use, and never shows codes to the model', async () => {
    const now = new Date().toISOString();
    const base = { description: '', validUntil: null, createdAt: now, updatedAt: now };
    await store.promoCodes.create({
      ...base,
      id: 'p1',
      code: 'SPRING10',
      discount: { percent: 10 },
      maxUses: 1,
      uses: 0,
    });
    await store.promoCodes.create({
      ...base,
      id: 'p2',
      code: 'SECRET50',
      discount: { percent: 50 },
      maxUses: null,
      uses: 0,
    });
    const { provider, requests } = recordingProvider(() => 'model answer');
    const engine = engineWith(provider);
    const answers: string[] = [];
    for (const [i, body] of [
      "J'ai le code spring10",
      'et encore SPRING10 ?',
      'Bonjour, des cours ?',
    ].entries()) {
      const result = await engine.ingest(text(body, { externalMessageId: `pc${i}` }));
      if (result.type !== 'message') throw new Error('expected a message');
      await result.done;
      const last = (await store.messages.list(result.conversation.id, { limit: 1 }))[0]!;
      answers.push(last.text);
    }
    expect(answers[0]).toContain('10');
    expect(answers[1]).toMatch(/plus valable|no longer/i);
    expect(answers[2]).toBe('model answer');
    expect((await store.promoCodes.get('p1'))?.uses).toBe(1);
    expect(requests).toHaveLength(1);
    const shown = JSON.stringify(requests);
    for (const code of ['SPRING10', 'spring10', 'SECRET50', '50 %']) expect(shown).not.toContain(code);
  });

  it('gives a STRICT conversation no catalog, price or payment link, and the link prompt', async () => {
    await store.settings.putAssistant(MARKED_SETTINGS);
    const strict = await storeLink('strict', 'You only talk about breathing.');
    const { provider, requests } = recordingProvider(() => 'Breathe in.');
    const engine = engineWith(provider);
    const joined = await engine.ingest({
      type: 'join',
      channel: 'telegram',
      from: { externalId: 'u9' },
      chatId: 'c9',
      link: strict.code.toLowerCase(),
    });
    if (joined.type !== 'join' || !joined.conversation) throw new Error('expected a join');
    expect(joined.conversation.mode).toBe('strict');
    const result = await engine.ingest({
      type: 'text',
      channel: 'telegram',
      from: { externalId: 'u9' },
      chatId: 'c9',
      text: 'Combien coûte le cours ?',
    });
    if (result.type !== 'message') throw new Error('expected a message');
    await result.done;
    const request = requests[0]!;
    const everything = JSON.stringify(request);
    expect(request.system).toContain('You only talk about breathing.');
    for (const banned of [
      'BASE PROMPT',
      'CAMPAIGN PROMPT',
      'méditation',
      '490',
      'twint.example',
      'pay.example',
    ]) {
      expect(everything).not.toContain(banned);
    }
    expect(request.context).toMatchObject({ offers: [], articles: [], paymentLinks: {} });
  });

  it('puts the catalog, payment links and the campaign prompt last in a STANDARD request', async () => {
    await store.settings.putAssistant(MARKED_SETTINGS);
    const { provider, requests } = recordingProvider(() => 'ok');
    const engine = engineWith(provider);
    const result = await engine.ingest(text('Bonjour'));
    if (result.type !== 'message') throw new Error('expected a message');
    await result.done;
    const { system } = requests[0]!;
    expect(system.startsWith('BASE PROMPT')).toBe(true);
    expect(system).toContain('490 CHF');
    expect(system).toContain('https://twint.example/pay');
    expect(system.trimEnd().endsWith('CAMPAIGN PROMPT')).toBe(true);
  });

  it('gives the provider the conversation history, or only what it says it reads', async () => {
    const full = recordingProvider(() => 'ok');
    const engine = engineWith(full.provider);
    for (const [i, body] of ['one', 'two', 'three'].entries()) {
      const result = await engine.ingest(text(body, { externalMessageId: `h${i}` }));
      if (result.type === 'message') await result.done;
    }
    expect(full.requests.at(-1)?.messages.map((m) => m.content)).toEqual(['one', 'ok', 'two', 'ok', 'three']);
    const lastOnly = recordingProvider(() => 'ok');
    const short = engineWith({ ...lastOnly.provider, historyTurns: 1 });
    const result = await short.ingest(text('four', { externalMessageId: 'h3' }));
    if (result.type === 'message') await result.done;
    expect(lastOnly.requests[0]?.messages).toEqual([{ role: 'user', content: 'four' }]);
  });

  it('answers messages of one conversation one turn at a time', async () => {
    let active = 0;
    let maxActive = 0;
    const { provider } = recordingProvider(async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active--;
      return 'ok';
    });
    const engine = engineWith(provider);
    await Promise.all(
      ['a', 'b', 'c'].map((body, i) => engine.ingest(text(body, { externalMessageId: `m${i}` }))),
    );
    await engine.idle();
    expect(maxActive).toBe(1);
  });

  it('answers messages that arrive while a turn runs together, in one later turn', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { provider, requests } = recordingProvider(async (request) => {
      if (requests.length === 1) await gate;
      return `answer to ${request.messages.filter((m) => m.role === 'user').at(-1)?.content}`;
    });
    const engine = engineWith(provider);
    const first = await engine.ingest(text('first', { externalMessageId: 'q1' }));
    await new Promise((resolve) => setTimeout(resolve, 10)); // the first turn is now waiting on the model
    await engine.ingest(text('second', { externalMessageId: 'q2' }));
    await engine.ingest(text('third', { externalMessageId: 'q3' }));
    release();
    await engine.idle();
    expect(requests).toHaveLength(2);
    // The window is in stored order: the first answer was stored after the later questions arrived.
    expect(requests[1]?.messages.map((m) => m.content)).toEqual([
      'first',
      'second',
      'third',
      'answer to first',
    ]);
    if (first.type !== 'message') throw new Error('expected a message');
    const stored = await store.messages.list(first.conversation.id, { limit: 10 });
    expect(stored.filter((m) => m.sender.type === 'assistant').map((m) => m.text)).toEqual([
      'answer to first',
      'answer to third',
    ]);
  });

  it('drops the answer the model was making when the coach takes the conversation over meanwhile', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { provider, requests } = recordingProvider(async () => {
      await gate;
      return 'too late';
    });
    const engine = engineWith(provider);
    const drafts: string[] = [];
    events.on('assistant:delta', ({ text: draft }) => drafts.push(draft));
    const asked = await engine.ingest(text('Une question', { externalMessageId: 'late-1' }));
    if (asked.type !== 'message') throw new Error('expected a message');
    await new Promise((resolve) => setTimeout(resolve, 10)); // the turn now waits on the model
    expect(requests).toHaveLength(1);
    await engine.setHandoff(asked.conversation.id, true);
    release();
    await engine.idle();
    const stored = await store.messages.list(asked.conversation.id, { limit: 10 });
    expect(stored.map((m) => m.sender.type)).toEqual(['contact']);
    expect(channel.sent.map((s) => s.message.text)).not.toContain('too late');
    // A draft the page may have shown is withdrawn.
    expect(drafts).toEqual(['']);
    // Handed back, the assistant answers the next message again.
    await engine.setHandoff(asked.conversation.id, false);
    await engine.ingest(text('Encore là ?', { externalMessageId: 'late-2' }));
    await engine.idle();
    const after = await store.messages.list(asked.conversation.id, { limit: 10 });
    expect(after.map((m) => [m.sender.type, m.text])).toEqual([
      ['contact', 'Une question'],
      ['contact', 'Encore là ?'],
      ['assistant', 'too late'],
    ]);
  });

  it('answers messages sent within the reply window in one turn, after the window', async () => {
    const { provider, requests } = recordingProvider(() => 'one answer');
    const engine = engineWith(provider, 150);
    const started = Date.now();
    const results = [];
    for (const [i, body] of ['Bonjour', 'je voudrais', 'le prix du cours'].entries()) {
      results.push(await engine.ingest(text(body, { externalMessageId: `w${i}` })));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(results.map((r) => (r.type === 'message' ? r.done : undefined)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.messages.map((m) => m.content)).toEqual([
      'Bonjour',
      'je voudrais',
      'le prix du cours',
    ]);
    // A message after the window gets its own turn.
    const later = await engine.ingest(text('merci', { externalMessageId: 'w9' }));
    if (later.type === 'message') await later.done;
    expect(requests).toHaveLength(2);
  });

  it('hands a conversation back to the assistant after the idle time, counted from the coach last writing', async () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const engine = engineWith(recordingProvider(() => 'ok').provider, 0, clock);
    const asked = await engine.ingest(text('Je veux parler à un humain'));
    if (asked.type !== 'message') throw new Error('expected a message');
    await asked.done;
    const id = asked.conversation.id;
    expect((await store.conversations.get(id))?.handoff).toBe(true);
    now += 20 * 60_000;
    await engine.postAsCoach(id, { id: 'u1', name: 'Coach' }, 'Je suis là');
    now += 20 * 60_000;
    expect(await engine.handBackIdle(30 * 60_000)).toBe(0); // the coach wrote 20 minutes ago
    now += 11 * 60_000;
    expect(await engine.handBackIdle(30 * 60_000)).toBe(1);
    expect(await store.conversations.get(id)).toMatchObject({ handoff: false, handoffAt: null });
  });

  it('leaves a conversation to the coach who wrote after the hand-back scan read it (another process)', async () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    const engine = engineWith(recordingProvider(() => 'ok').provider, 0, clock);
    const asked = await engine.ingest(text('Je veux parler à un humain'));
    if (asked.type !== 'message') throw new Error('expected a message');
    await asked.done;
    const id = asked.conversation.id;
    now += 40 * 60_000;
    // The scan reads the conversation as due; the coach writes (through another process) before the write.
    const list = store.conversations.listHandedOffBefore.bind(store.conversations);
    store.conversations.listHandedOffBefore = async (before, limit) => {
      const due = await list(before, limit);
      await engine.postAsCoach(id, { id: 'u1', name: 'Coach' }, 'Je suis là');
      return due;
    };
    expect(await engine.handBackIdle(30 * 60_000)).toBe(0);
    expect(await store.conversations.get(id)).toMatchObject({ handoff: true });
  });

  it('refuses empty text, unknown links and conversations the sender is not in', async () => {
    const engine = engineWith(recordingProvider(() => 'ok').provider);
    await expect(engine.ingest(text('   '))).rejects.toBeInstanceOf(ValidationError);
    await expect(
      engine.ingest({ type: 'join', channel: 'web', from: { externalId: '', name: 'X' }, link: 'nope' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.contacts.list({})).total).toBe(0);
    const first = await engine.ingest(text('hi'));
    if (first.type !== 'message') throw new Error('expected a message');
    await expect(
      engine.ingest({
        ...text('sneaky'),
        from: { externalId: 'intruder' },
        conversationId: first.conversation.id,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('moves a delivery status forward only', async () => {
    const engine = engineWith(recordingProvider(() => 'ok').provider);
    const result = await engine.ingest(text('hi'));
    if (result.type !== 'message') throw new Error('expected a message');
    await result.done;
    const sentEvent = new Promise<Message>((resolve) =>
      events.on('message:status', ({ message }) => resolve(message)),
    );
    const sent = await sentEvent;
    expect(sent).toMatchObject({ status: 'sent', sender: { type: 'assistant' } });
    const externalId = sent.externalId!;
    await engine.ingest({
      type: 'status',
      channel: 'telegram',
      externalMessageId: externalId,
      status: 'read',
    });
    await engine.ingest({
      type: 'status',
      channel: 'telegram',
      externalMessageId: externalId,
      status: 'delivered',
    });
    expect((await store.messages.get(sent.id))?.status).toBe('read');
  });

  it('applies a delivery report that came before "sent" was written back, once it is', async () => {
    let engine: Engine | undefined;
    // The provider calls back while it is still answering the send: "sent" is not recorded yet.
    const reporting = new RecordingChannel('telegram');
    const send = reporting.send.bind(reporting);
    reporting.send = async (outbound) => {
      const report = await engine!.ingest({
        type: 'status',
        channel: 'telegram',
        externalMessageId: `ext-${outbound.message.id}`,
        status: 'delivered',
      });
      expect(report).toEqual({ type: 'status', message: null });
      return send(outbound);
    };
    channel = reporting;
    engine = engineWith(recordingProvider(() => 'ok').provider);
    const statuses: string[] = [];
    events.on('message:status', ({ message }) => statuses.push(message.status));
    const result = await engine.ingest(text('hi'));
    if (result.type !== 'message') throw new Error('expected a message');
    await result.done;
    await waitFor(() => statuses.length >= 2);
    expect(statuses).toEqual(['sent', 'delivered']);
    const reply = reporting.sent[0]!.message;
    expect((await store.messages.get(reply.id))?.status).toBe('delivered');
  });
});

describe('early delivery reports (held in the store)', () => {
  const report = (externalMessageId: string, status: 'sent' | 'delivered' | 'read') => ({
    type: 'status' as const,
    channel: 'whatsapp' as const,
    externalMessageId,
    status,
  });

  async function storedQueued(store: Store): Promise<Message> {
    const message: Message = {
      id: ids.next(),
      conversationId: 'c',
      sender: { type: 'assistant', name: 'Kora' },
      text: 'ok',
      channel: 'whatsapp',
      status: 'queued',
      createdAt: now(),
    };
    await store.messages.insert(message);
    return message;
  }

  it('holds the furthest report for a provider id and applies it when the send is recorded', async () => {
    const store = createMemoryStore();
    const message = await storedQueued(store);
    expect(await holdEarlyReport(store, report('SM1', 'read'), new Date())).toBeNull();
    expect(await holdEarlyReport(store, report('SM1', 'delivered'), new Date())).toBeNull();
    const sent = await store.messages.updateStatus(message.id, { status: 'sent', externalId: 'SM1' });
    expect((await takeEarlyReport(store, sent!, new Date()))?.status).toBe('read');
    expect(await takeEarlyReport(store, sent!, new Date())).toBeNull();
    expect((await store.messages.get(message.id))?.status).toBe('read');
  });

  it('applies a report itself when the send was recorded between its miss and its hold', async () => {
    const store = createMemoryStore();
    const message = await storedQueued(store);
    // Another process records "sent" and finds nothing held yet; then this report is held.
    const sent = await store.messages.updateStatus(message.id, { status: 'sent', externalId: 'SM2' });
    expect(await takeEarlyReport(store, sent!, new Date())).toBeNull();
    expect((await holdEarlyReport(store, report('SM2', 'delivered'), new Date()))?.status).toBe('delivered');
    expect(await store.earlyReports.take('whatsapp', 'SM2', now())).toBeNull();
  });

  it('forgets a report once its time has passed', async () => {
    const store = createMemoryStore();
    const message = await storedQueued(store);
    await holdEarlyReport(store, report('SM3', 'delivered'), new Date(Date.now() - 11 * 60_000));
    const sent = await store.messages.updateStatus(message.id, { status: 'sent', externalId: 'SM3' });
    expect(await takeEarlyReport(store, sent!, new Date())).toBeNull();
    expect((await store.messages.get(message.id))?.status).toBe('sent');
  });
});

async function storeLink(mode: EntryLink['mode'], prompt: string | null = null): Promise<EntryLink> {
  const created = link(mode, prompt);
  await store.links.create(created);
  return created;
}

async function waitFor(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
