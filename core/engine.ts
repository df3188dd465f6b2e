/**
 * The conversation engine: one entry point, `ingest`, for every channel. An inbound message is stored
 * (with its contact, identity and conversation) in one transaction before anything else happens to
 * it; routing runs afterwards, one turn at a time per conversation.
 */
import { runAssistantTurn, type TurnDeps } from './assistant/turn.js';
import type { AssistantProvider } from './assistant/provider.js';
import { type TestChatAnswer, type TestChatInput, testChatAnswer } from './assistant/test-chat.js';
import { ingestRoster } from './channel-groups.js';
import { type CatalogCache, createCatalogCache } from './catalog.js';
import type { ChannelDirectory } from './channels/directory.js';
import { handBackIdle, postAsCoach, setHandoff } from './coach.js';
import { applyConsent, consentKeyword } from './consent.js';
import { createMemberContact, resolveContact } from './contacts.js';
import { findLink, openAssistantConversation, resolveConversation } from './conversations.js';
import { captureLead, claimedData, claimPatch, type PhoneNormalizer } from './leads.js';
import { ValidationError } from './errors.js';
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { InboundEvent, InboundJoin, InboundMessageEvent } from './inbound.js';
import type { Logger } from './logger.js';
import { buildInboundMessage, dedupeKeyFor } from './messages.js';
import type { Outbox } from './outbox.js';
import type { Store, TurnTaken } from './repositories.js';
import { createSignalIngest } from './engine-signals.js';
import { type InboundWriteDeps, storeIfUnchanged } from './inbound-write.js';
import { createTurnLease, type HeldTurn, type TurnLeaseOptions } from './turn-lease.js';
import { createTurnTaking } from './turn-taking.js';
import { TurnQueue } from './turn-queue.js';
import { customerWaits } from './waiting.js';
import type { Contact, Conversation, Media, Message } from './types.js';

export interface EngineDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  outbox: Outbox;
  provider: AssistantProvider;
  catalog?: CatalogCache;
  assistantTimeoutMs?: number;
  /**
   * Messages a customer sends within this window after a first one are answered in one turn (the
   * answer comes this long after the first message). 0 answers each message at once.
   */
  turnWindowMs?: number;
  /** The business's TIMEZONE: business hours (the handoff reply outside them). Unset: UTC. */
  timeZone?: string;
  /** The public base URL: payment links in STANDARD answers become `<it>/p/<id>` (counted clicks). */
  trackingBaseUrl?: string;
  /** Answers instead of `provider` once the day's token budget (assistant settings) is spent. */
  fallback?: AssistantProvider;
  /** E.164 for a phone number a customer writes (lead capture); unset: phones are not captured. */
  normalizePhone?: PhoneNormalizer;
  /**
   * The channels' descriptor data (identity kinds, entry-link carriers). Unset: no channel proves a
   * phone number for the others, and no message carries a link code.
   */
  channels?: ChannelDirectory;
  /**
   * Set when several processes share the store (PostgreSQL): each turn also holds its conversation's
   * lease there (core/turn-lease.ts). Unset (one process): the in-memory queue is the lease.
   */
  turnLease?: TurnLeaseOptions;
  /** The booking flow (core/bookings/chat.ts): runs before the assistant on the messages it claims. */
  bookings?: BookingFlow;
}

/** Deterministic handling of booking messages; `handle` false: the assistant answers after all. */
export interface BookingFlow {
  claims(conversation: Conversation, message: Message): boolean;
  handle(conversation: Conversation, message: Message, contact: Contact): Promise<boolean>;
}

export type IngestResult =
  | {
      type: 'message';
      duplicate: boolean;
      message: Message;
      conversation: Conversation;
      contact: Contact;
      /** Resolves when routing is over (the reply, if any, is queued). Never rejects. */
      done: Promise<void>;
    }
  | { type: 'join'; contact: Contact; conversation: Conversation | null }
  | { type: 'status'; message: Message | null }
  | { type: 'roster'; conversation: Conversation; added: string[]; removed: string[] }
  | { type: 'signal' };

export interface Engine {
  ingest(event: InboundEvent): Promise<IngestResult>;
  /** The coach answers in a conversation (sent on its channel). */
  postAsCoach(
    conversationId: string,
    coach: { id: string; name: string },
    text: string,
    media?: Media[],
  ): Promise<Message>;
  /**
   * The coach takes the conversation over (`true`) or hands it back to the assistant; a `coach` taking
   * over is announced in the conversation (core/coach-joined.ts).
   */
  setHandoff(
    conversationId: string,
    active: boolean,
    coach?: { id: string; name: string },
  ): Promise<Conversation>;
  /** Hands back conversations handed off longer than `idleMs` ago without the coach writing; how many. */
  handBackIdle(idleMs: number): Promise<number>;
  /**
   * After a restart: routes again the customer messages of the last `sinceMs` that a crash left
   * unanswered (stored, but their turn never ran). Returns how many conversations it picked up.
   */
  resumePending(sinceMs: number): Promise<number>;
  /** What the assistant would answer to these turns in that mode (the coach's test chat): nothing stored. */
  testChat(input: TestChatInput): Promise<TestChatAnswer>;
  /** The admin API changed offers, articles or assistant settings. */
  catalogChanged(): void;
  /** Resolves when no turn is running or queued. */
  idle(): Promise<void>;
}

const MAX_TEXT = 16_384;

function checkMessage(event: InboundMessageEvent): void {
  const text = event.type === 'button' ? event.text || event.payload : (event.text ?? '');
  const hasMedia = event.type === 'media' && event.media.length > 0;
  if (!text.trim() && !hasMedia) throw new ValidationError('a message needs text or media', 'text');
  if (text.length > MAX_TEXT) throw new ValidationError(`text is longer than ${MAX_TEXT} characters`, 'text');
  if (!event.from.externalId) throw new ValidationError('the sender has no id', 'from.externalId');
}

export function createEngine(deps: EngineDeps): Engine {
  const { store, ids, clock, events, logger } = deps;
  const catalog = deps.catalog ?? createCatalogCache(store, clock);
  const turns = new TurnQueue();
  const phoneChannels = deps.channels?.withIdentity('phone') ?? [];
  const turnDeps: TurnDeps = {
    ...deps,
    catalog,
    timeoutMs: deps.assistantTimeoutMs ?? 30_000,
    onBudgetSpent: (day, used, budget) => {
      logger.warn(
        { day, used, budget },
        'daily AI token budget spent: the offline assistant answers until tomorrow',
      );
      events.emit('assistant:budget', { day, used, budget });
    },
  };

  const lease = deps.turnLease ? createTurnLease(store, clock, logger, deps.turnLease) : null;

  /**
   * `taken`: the lease the message's write took for this turn. Held only while no other turn of the
   * conversation is queued in this process: one that is runs first, holding the lease under the same
   * name and letting it go when done, and this turn then asks for it as usual.
   */
  function runTurn(conversation: Conversation, message: Message, taken?: TurnTaken | false): Promise<void> {
    const held = taken && !turns.busy(conversation.id) ? taken : undefined;
    return turns.run(
      conversation.id,
      (superseded) => {
        // A turn waiting behind with a newer trigger answers instead, taking the lease under the same name.
        if (superseded) return Promise.resolve();
        const work = (held?: HeldTurn) => runAssistantTurn(turnDeps, conversation, message, false, held);
        return (lease ? lease.run(message, work, held) : work()).then(
          () => undefined,
          (error: unknown) => {
            logger.error({ err: error, conversationId: conversation.id }, 'assistant turn failed');
          },
        );
      },
      message.id,
    );
  }

  /** Open reply windows per conversation: the newest message so far, and the turn that will answer it. */
  const windows = new Map<string, { trigger: Message; done: Promise<void> }>();
  // The assistant settings' window when known (the last catalog snapshot), else the engine's default.
  const windowMsNow = () => catalog.current()?.settings.replyWindowMs ?? deps.turnWindowMs ?? 0;

  /**
   * An assistant conversation goes to the assistant (through the reply window); a group only when
   * the message is addressed to it (a mention or a reply to the bot, as the channel said), at once;
   * private conversations never.
   */
  function route(
    conversation: Conversation,
    message: Message,
    addressed = false,
    taken?: TurnTaken | false,
  ): Promise<void> {
    const windowMs = windowMsNow();
    if (conversation.kind === 'assistant' && !conversation.handoff && windowMs <= 0)
      return runTurn(conversation, message, taken);
    // A lease taken for a turn that does not start now (the reply window was set meanwhile) is let
    // go, unless a turn queued here holds it under the same name (it lets go when done).
    if (taken && lease && !turns.busy(conversation.id)) void lease.release(conversation.id);
    if (conversation.handoff) return Promise.resolve();
    if (conversation.kind === 'group') return addressed ? runTurn(conversation, message) : Promise.resolve();
    if (conversation.kind !== 'assistant') return Promise.resolve();
    const open = windows.get(conversation.id);
    if (open) {
      // The newest by id, not the last to arrive: one process may store a burst's messages at once,
      // the older one's write finishing last, and a trigger older than the newest customer message
      // leaves the answer to that message's turn (core/turn-lease.ts), here the same one: nobody's.
      if (message.id > open.trigger.id) open.trigger = message;
      return open.done;
    }
    const window = { trigger: message, done: Promise.resolve() };
    window.done = new Promise<void>((resolve) => setTimeout(resolve, windowMs)).then(() => {
      windows.delete(conversation.id);
      // With several processes, the turn's lease decides which process answers a burst.
      return runTurn(conversation, window.trigger);
    });
    windows.set(conversation.id, window);
    return window.done;
  }

  /**
   * STOP / START and their synonyms, as the whole message of a customer's assistant conversation:
   * consent is updated and confirmed, and the message goes no further (never to the assistant). Queued
   * per conversation under its own key: keywords apply in arrival order, `idle()` waits for them, and
   * they never supersede (silence) an assistant turn still due for an earlier message.
   */
  function routeConsent(
    conversation: Conversation,
    message: Message,
    contact: Contact,
  ): Promise<void> | null {
    if (conversation.kind !== 'assistant' || message.sender.type !== 'contact') return null;
    if (!consentKeyword(message.text)) return null;
    return turns.run(`consent:${conversation.id}`, () =>
      applyConsent(deps, conversation, message, contact.id).then(
        () => undefined,
        (error: unknown) => {
          logger.error({ err: error, conversationId: conversation.id }, 'applying an opt-out keyword failed');
        },
      ),
    );
  }

  /**
   * A button, a numbered choice, CANCEL or a booking request: the booking flow answers by code, in
   * arrival order per conversation; what it hands back goes to the assistant as usual.
   */
  function routeBooking(
    conversation: Conversation,
    message: Message,
    contact: Contact,
  ): Promise<void> | null {
    const flow = deps.bookings;
    if (!flow?.claims(conversation, message)) return null;
    return turns.run(`booking:${conversation.id}`, () =>
      flow.handle(conversation, message, contact).then(
        (handled) => (handled ? undefined : route(conversation, message)),
        (error: unknown) => {
          logger.error({ err: error, conversationId: conversation.id }, 'booking flow failed');
        },
      ),
    );
  }

  async function resumePending(sinceMs: number): Promise<number> {
    const since = new Date(clock.now().getTime() - sinceMs).toISOString();
    const waiting = await store.conversations.listAwaitingAnswer(since, 500);
    for (const conversation of waiting) {
      const [last] = await store.messages.list(conversation.id, { limit: 1 });
      const contact = last?.sender.id ? await store.contacts.get(last.sender.id) : null;
      if (!last || !contact) continue;
      void (
        routeConsent(conversation, last, contact) ??
        routeBooking(conversation, last, contact) ??
        route(conversation, last)
      );
    }
    return waiting.length;
  }

  /** The inbound path's units: see UnitOptions.locking. */
  const LOCKING = { locking: true } as const;

  const taking = createTurnTaking({
    lease,
    turns,
    windowMs: windowMsNow,
    ...(deps.bookings ? { claims: (c: Conversation, m: Message) => deps.bookings!.claims(c, m) } : {}),
  });

  async function ingestMessage(event: InboundMessageEvent): Promise<IngestResult> {
    checkMessage(event);
    return taking.around((turnFor) => storeAndRoute(event, turnFor));
  }

  async function storeAndRoute(
    event: InboundMessageEvent,
    turnFor: InboundWriteDeps['turnFor'],
  ): Promise<IngestResult> {
    const now = clock.now().toISOString();
    const fast = await storeIfUnchanged({ ...deps, turnFor }, event, now);
    const { waits, ...written } =
      fast ??
      (await store.transaction(async (tx) => {
        const { contact } = await resolveContact(tx, ids, now, event.channel, event.from, { phoneChannels });
        const resolved = await resolveConversation(tx, ids, now, event, contact, deps.channels);
        const draft = buildInboundMessage(ids.next(), now, event, contact, resolved.conversation);
        // Decided before the write, written with it (a duplicate writes neither).
        const waiting = customerWaits(resolved.conversation, draft, now);
        const activity = { lastMessageAt: now, updatedAt: now, ...waiting };
        const key = dedupeKeyFor(event, contact.id);
        const { message, duplicate } = await tx.messages.insert(draft, key, activity);
        if (duplicate)
          return {
            contact,
            conversation: resolved.conversation,
            message,
            duplicate,
            created: false,
            waits: false,
          };
        // Read in this very transaction: the conversation after the write is known without reading it back.
        const conversation: Conversation = { ...resolved.conversation, ...activity };
        // Only what customers tell the business: group talk and private messages are not mined.
        // What they write is a claim: contact data, unverified, never an identity.
        const lead =
          conversation.kind === 'assistant' ? captureLead(message.text, contact, deps.normalizePhone) : {};
        const updated =
          lead.email || lead.phone
            ? await tx.contacts.update(contact.id, { ...claimPatch(lead), updatedAt: now })
            : null;
        const waits = waiting.coachNeededAt !== undefined;
        return {
          contact: updated ?? contact,
          conversation,
          message,
          duplicate,
          created: resolved.created,
          waits,
        };
        // Decided from the conversation's row (locked) and unique keys: see resolveConversation.
      }, LOCKING));
    // The lease taken with the write goes to the turn, not into the result.
    const { turn: _turn, ...stored } = written as typeof written & { turn?: TurnTaken | false };
    if (stored.duplicate) return { type: 'message', ...stored, done: Promise.resolve() };
    if (stored.created) events.emit('conversation', { conversation: stored.conversation, change: 'created' });
    events.emit('message', { conversation: stored.conversation, message: stored.message });
    // The inbox and the dashboard follow live that the coach now has an answer to give.
    if (waits) events.emit('conversation', { conversation: stored.conversation, change: 'updated' });
    const done =
      routeConsent(stored.conversation, stored.message, stored.contact) ??
      routeBooking(stored.conversation, stored.message, stored.contact) ??
      route(stored.conversation, stored.message, event.addressedToAssistant === true, fast?.turn);
    return { type: 'message', ...stored, done };
  }

  async function ingestJoin(event: InboundJoin): Promise<IngestResult> {
    const now = clock.now().toISOString();
    const result = await store.transaction(async (tx) => {
      const link = event.link ? await findLink(tx, event.link) : null;
      const claimed = claimedData(event.claimed, deps.normalizePhone);
      const contact = event.from.externalId
        ? (await resolveContact(tx, ids, now, event.channel, event.from, { claimed, phoneChannels })).contact
        : await createMemberContact(tx, ids, now, event.channel, event.from, claimed);
      const conversation = link
        ? await openAssistantConversation(tx, ids, now, {
            contact,
            channel: event.channel,
            chatId: event.chatId,
            link,
          })
        : null;
      return { contact, conversation };
    });
    if (result.conversation)
      events.emit('conversation', { conversation: result.conversation, change: 'created' });
    return { type: 'join', ...result };
  }

  const signals = createSignalIngest(deps);

  return {
    ingest(event) {
      switch (event.type) {
        case 'text':
        case 'media':
        case 'button':
          return ingestMessage(event);
        case 'join':
          return ingestJoin(event);
        case 'read':
          return signals.read(event);
        case 'typing':
          return signals.typing(event);
        case 'status':
          return signals.status(event);
        case 'leave':
          return Promise.resolve({ type: 'signal' });
        case 'roster':
          return ingestRoster({ ...deps, phoneChannels }, event).then(({ conversation, added, removed }) => ({
            type: 'roster',
            conversation,
            added,
            removed,
          }));
      }
    },
    postAsCoach: (conversationId, coach, text, media) =>
      postAsCoach(deps, conversationId, coach, text, media),
    setHandoff: (conversationId, active, coach) => setHandoff(deps, conversationId, active, coach),
    handBackIdle: (idleMs) => handBackIdle(deps, idleMs),
    resumePending,
    testChat: (input) => testChatAnswer(turnDeps, input),
    catalogChanged: () => catalog.invalidate(),
    async idle() {
      while (windows.size > 0) await Promise.all([...windows.values()].map((w) => w.done));
      await turns.idle();
    },
  };
}
