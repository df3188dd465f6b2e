/**
 * Builds a store for bench/growth through the engine, as customers would fill it: web-chat customers
 * join through an entry link and write, the offline assistant answers (or hands off when asked for a
 * person), the coach's audit log and a few campaigns and groups grow beside them.
 *
 * History is spread over time at a constant traffic (DAILY customer messages a day, ending now), as a
 * store grows in use: the engine and the ids run on a clock that walks through those days, so the
 * rows carry the times (and time-ordered ids) they would have had. The dashboard's windows (today, 14
 * days, 30 days) therefore hold the same traffic at every size; the store around them grows.
 */
import { createOfflineProvider } from '../core/assistant/offline-provider.js';
import { ChannelRegistry } from '../core/channels.js';
import { newConversation } from '../core/conversations.js';
import { createEngine, type Engine } from '../core/engine.js';
import { EventBus } from '../core/events.js';
import { type Clock, createUlidGenerator } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createOutbox } from '../core/outbox.js';
import type { Store } from '../core/repositories.js';
import type { Campaign } from '../core/types.js';
import { seedCatalog } from './ingest.js';
import { nowMs } from './lib.js';

/** Customer messages a day: 1,000,000 a year. */
export const DAILY = 2_740;
const DAY_MS = 86_400_000;
/** Customer messages per conversation (one customer, one conversation). */
export const PER_CONVERSATION = 10;
/** One conversation in HANDOFF_EVERY asks for a person (then waits for the coach). */
const HANDOFF_EVERY = 40;

const WORDS = (
  'yoga méditation retraite souffle posture équilibre énergie stress sommeil matin soir semaine ' +
  'groupe atelier séance prix tarif horaire lieu parking débutant avancé douleur dos genou souplesse ' +
  'respiration calme confiance objectif programme rendez-vous vacances week-end montagne lac forêt'
).split(' ');

/** A customer's message: `bonjour` (the bench's common word) opens one in four. */
export function customerText(conversation: number, i: number): string {
  const pick = (k: number) => WORDS[(conversation * 7 + i * 13 + k * 31) % WORDS.length];
  if (i === 3 && conversation % HANDOFF_EVERY === 0) return 'Je voudrais parler à un humain, svp';
  const opening = (conversation + i) % 4 === 0 ? 'Bonjour, ' : '';
  if (i % 3 === 0) return `${opening}combien coûte le cours de ${pick(1)} ?`;
  if (i % 3 === 1) return `${opening}la retraite ${pick(2)} est quand ? J'aimerais travailler ${pick(3)}`;
  return `${opening}merci, et pour ${pick(4)} et ${pick(5)} le ${pick(6)} ?`;
}

/** A clock that walks through history: message `n` of `total` happens at its place in time. */
class HistoryClock implements Clock {
  sent = 0;
  readonly #start: number;

  constructor(readonly total: number) {
    this.#start = Date.now() - (total / DAILY) * DAY_MS;
  }

  now(): Date {
    const at = this.#start + (this.sent / DAILY) * DAY_MS;
    return new Date(Math.min(at, Date.now()));
  }
}

export interface BuildResult {
  customerMessages: number;
  conversations: number;
  ms: number;
  perSecond: number;
  /** Events the store refused with a serialization failure after its own retries, sent again. */
  resent: number;
}

/** A serialization failure that outlived the store's retries (PostgreSQL, many units at once). */
const isSerializationFailure = (error: unknown) => (error as { code?: string } | null)?.code === '40001';

/**
 * `engine.ingest` as a client uses it: an event refused by a serialization failure (after the
 * store's own 10 tries) is sent again, at most 20 times (same ids: stored once). `resent` counts them.
 */
export function resending(engine: Engine): { ingest: Engine['ingest']; resent: () => number } {
  let resent = 0;
  const ingest: Engine['ingest'] = async (event) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await engine.ingest(event);
      } catch (error) {
        if (attempt >= 20 || !isSerializationFailure(error)) throw error;
        resent++;
      }
    }
  };
  return { ingest, resent: () => resent };
}

/**
 * `total` customer messages (plus the assistant's answers) in conversations of PER_CONVERSATION,
 * `concurrency` customers writing at once; stops early (and says so) past `budgetMs`.
 */
export async function buildStore(
  store: Store,
  total: number,
  concurrency: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<BuildResult> {
  const clock = new HistoryClock(total);
  const ids = createUlidGenerator(clock);
  await seedCatalog(store);
  const events = new EventBus();
  const registry = new ChannelRegistry();
  registry.register({
    name: 'web',
    capabilities: { typing: true, streaming: true, media: true, groups: true },
    start: async () => {},
    stop: async () => {},
    status: () => ({ state: 'ready' }),
    send: async () => ({}),
  });
  const outbox = createOutbox({ store, registry, events, clock, logger: silentLogger });
  const provider = createOfflineProvider();
  const engine = createEngine({ store, ids, clock, logger: silentLogger, events, outbox, provider });
  const conversations = Math.ceil(total / PER_CONVERSATION);
  let next = 0;
  let done = 0;
  const { ingest, resent } = resending(engine);
  const start = nowMs();
  const worker = async () => {
    while (next < conversations && nowMs() - start < budgetMs) {
      const n = next++;
      const joined = await ingest({
        type: 'join',
        channel: 'web',
        from: { externalId: '', name: `Client ${n}` },
        link: 'bench-link',
      });
      if (joined.type !== 'join' || !joined.conversation) throw new Error('join failed');
      for (let i = 0; i < PER_CONVERSATION; i++) {
        const result = await ingest({
          type: 'text',
          channel: 'web',
          from: { externalId: joined.contact.id },
          conversationId: joined.conversation.id,
          clientMessageId: `${n}-${i}`,
          text: customerText(n, i),
        });
        if (result.type === 'message') await result.done;
        clock.sent++;
        done++;
        if (done % 20_000 === 0) await sideRows(store, ids, clock, done);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await outbox.drain();
  const ms = nowMs() - start;
  return {
    customerMessages: done,
    conversations: next,
    ms,
    perSecond: (done / ms) * 1_000,
    resent: resent(),
  };
}

/** Every 20,000 customer messages: 200 audit entries, a campaign and a group. */
async function sideRows(store: Store, ids: { next(): string }, clock: Clock, done: number): Promise<void> {
  const now = clock.now().toISOString();
  await store.transaction(async (tx) => {
    for (let i = 0; i < 200; i++) {
      await tx.auditLog.append({
        id: ids.next(),
        userId: null,
        action: i % 2 ? 'conversations.message' : 'contacts.update',
        target: `target-${done}-${i}`,
        details: null,
        ip: '127.0.0.1',
        createdAt: now,
      });
    }
    await tx.campaigns.create(campaignAt(ids.next(), now, done));
    const group = newConversation(
      { id: ids.next(), kind: 'group', title: `Groupe ${done / 20_000}`, channel: 'web' },
      now,
    );
    await tx.conversations.create(group);
  });
}

function campaignAt(id: string, now: string, done: number): Campaign {
  return {
    id,
    name: `Campagne ${done / 20_000}`,
    message: 'Bonjour {firstName}, la rentrée arrive !',
    subject: null,
    mediaUrl: null,
    targets: [{ type: 'all' }],
    channels: ['web'],
    schedule: null,
    rate: null,
    whatsappTemplate: null,
    quietHours: null,
    status: 'completed',
    slots: [{ at: now, state: 'done', resolvedAt: now, finishedAt: now }],
    error: null,
    createdBy: { id: 'bench', name: 'Coach' },
    launchedAt: now,
    completedAt: now,
    createdAt: now,
    updatedAt: now,
  };
}
