/**
 * The messages and the outbox that sends them (re-exported by core/repositories.ts): a message is
 * stored once per dedupe key and moves its conversation's inbox fields; every send is a leased row.
 */
import type {
  ChannelName,
  Contact,
  Conversation,
  ErrorInfo,
  Message,
  MessageStatus,
  OutboxEntry,
  OutboxStatus,
} from './types.js';
import type { TurnTaken } from './repositories-durable.js';

/** What `MessageRepository.activity` counts in a time window. */
export interface MessageActivity {
  messages: number;
  /** By who sent them. */
  fromContacts: number;
  assistant: number;
  coach: number;
  /** Conversations with at least one message in the window. */
  conversations: number;
}

/** What a message changes on its conversation besides the preview: an absent field is left as it is. */
export type ConversationActivity = Partial<
  Pick<Conversation, 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
>;

/** An outbound message's write (`MessageRepository.insertOutbound`). */
export interface OutboundWrite {
  message: Message;
  /** Written on the conversation with the message, as `insert` writes its activity. */
  activity: ConversationActivity;
  /** The message's outbox entry. */
  entry: OutboxEntry;
  /**
   * What the sender decided from: the conversation must be live and still hold these values (an
   * absent `coachNeededAt` is not compared), else nothing is written.
   */
  expected: { handoff: boolean; coachNeededAt?: string | null };
  /**
   * The turn lease this answer ends: released by the same write, recording `answered` (a message id)
   * as `turns.release` does, only if the message is written and `holder` still holds it.
   */
  releases?: { holder: string; answered: string };
}

/** A customer's message written without a unit (`MessageRepository.insertInbound`). */
export interface InboundWrite {
  message: Message;
  dedupeKey?: string;
  /** Written on the conversation with the message, as `insert` writes its activity. */
  activity: ConversationActivity;
  /** What the message was decided from: the conversation must be live and still hold these values. */
  expected: { handoff: boolean; coachNeededAt: string | null };
  /** The conversation was found as its chat's newest: it must still be (no newer live one). */
  newestOfChat: boolean;
  /**
   * The conversation's turn lease, taken by the same write for the turn that answers this message at
   * once (one round trip less per message on PostgreSQL): as `turns.acquireAfter(conversation,
   * holder, until, now, message.id)` would take it, and only if the message is written.
   */
  takeTurn?: { holder: string; until: string; now: string };
}

/** Where a customer's message goes (`MessageRepository.readInbound`): a conversation, or a chat's newest. */
export type InboundTarget = { conversationId: string } | { chatId: string };

/** What a customer's message is decided from (`MessageRepository.readInbound`); null: none stored. */
export interface InboundContext {
  contact: Contact | null;
  conversation: Conversation | null;
}

/** What `insertInbound` did: `changed` wrote nothing (the caller decides again, in a unit). */
export type InboundOutcome =
  /** `turn`, when `takeTurn` was asked: what the turn decides from (it holds the lease), or false (another holds it). */
  | { outcome: 'written'; conversation: Conversation; turn?: TurnTaken | false }
  | { outcome: 'duplicate'; message: Message }
  | { outcome: 'changed' };

export interface MessageRepository {
  /**
   * Stores a message once per dedupe key: when the key is already stored, nothing is written and the
   * stored message comes back with `duplicate: true`. A message written (not a note) moves its
   * conversation's preview and customer count; `activity`, when given, is written on the conversation
   * in the same statement, as `conversations.touch` would (one round trip less per message).
   */
  insert(
    message: Message,
    dedupeKey?: string,
    activity?: ConversationActivity,
  ): Promise<{ message: Message; duplicate: boolean }>;
  /**
   * `insert` without dedupe keys for many messages at once (a campaign group's sends), each moving its
   * conversation as `insert` would with its `activity`; all or none. A few statements, not one per
   * message, when each is for a conversation of its own.
   */
  insertMany(items: readonly { message: Message; activity?: ConversationActivity }[]): Promise<void>;
  /**
   * An outbound message, its outbox entry and its conversation's activity, all or none, only while
   * the conversation is as `expected` says: a compare-and-set on what the sender decided from, so an
   * answer never goes over a handoff written meanwhile, whichever process wrote it. One statement
   * where the dialect allows it (no unit, no lock held between round trips). The conversation after
   * the write, or null when nothing was written.
   */
  insertOutbound(write: OutboundWrite): Promise<Conversation | null>;
  /**
   * `insert` with a dedupe key and activity for a customer's message, without a unit: written only
   * while the conversation is as `expected` says (and still its chat's newest, when said), else
   * nothing and `changed`. A stored dedupe key answers `duplicate` with the stored message, and moves
   * nothing. One statement where the dialect allows it.
   */
  insertInbound(write: InboundWrite): Promise<InboundOutcome>;
  /**
   * What `insertInbound`'s caller decides from, in one read: the contact of the channel identity
   * (`contacts.findByIdentity`) and the conversation, by id (`conversations.get`) or as the chat's
   * newest live assistant conversation on the same channel (`conversations.findLatestByExternalChat`).
   */
  readInbound(channel: ChannelName, externalId: string, target: InboundTarget): Promise<InboundContext>;
  get(id: string): Promise<Message | null>;
  findByDedupeKey(key: string): Promise<Message | null>;
  findByExternalId(channel: ChannelName, externalId: string): Promise<Message | null>;
  /**
   * Up to `limit` messages older than `before` (a message id), oldest first. Private notes only with
   * `includeNotes` (the coach's thread): every other reader (members, the AI's memory) never gets one.
   */
  list(
    conversationId: string,
    query: { before?: string; limit: number; includeNotes?: boolean },
  ): Promise<Message[]>;
  /** The newest message, notes left out. */
  last(conversationId: string): Promise<Message | null>;
  /** When a contact last wrote in the conversation (WhatsApp's 24-hour window); null if never. */
  lastFromContactAt(conversationId: string): Promise<string | null>;
  /** Messages after `afterId` (all when null) not sent by `contactId`, notes left out. */
  countUnread(conversationId: string, afterId: string | null, contactId: string): Promise<number>;
  /** Messages created at or after `since` that the STRICT guard changed. */
  countGuarded(since: string): Promise<number>;
  /**
   * Messages created in [from, to) and the conversations they were in, leaving out private
   * member-to-member conversations (the coach never sees those). Ids are time-ordered (core/ids), so
   * a store may read the window as a range of ids.
   */
  activity(from: string, to: string): Promise<MessageActivity>;
  updateStatus(
    id: string,
    update: { status: MessageStatus; error?: ErrorInfo | null; externalId?: string },
  ): Promise<Message | null>;
  /**
   * `updateStatus` for a caller that holds the message already (the outbox after a send): nothing is
   * read back. false when the id is unknown.
   */
  setStatus(
    id: string,
    update: { status: MessageStatus; error?: ErrorInfo | null; externalId?: string },
  ): Promise<boolean>;
}

/** An outbox entry sent, its message, and the provider's id for it when it gave one. */
export interface SentEntry {
  id: string;
  messageId: string;
  externalId?: string;
}

/**
 * Every send is a row leased by one process (`claimedBy`, `leaseUntil`): a reply's row is written in
 * the reply's own transaction, claimed by the process that stages it; the poller claims due retries
 * and rows whose lease ran out (their process died). Claims are conditional updates: two processes
 * never hold one row. The decisions of an attempt (reschedule, failed) count only from the holder.
 */
export interface OutboxRepository {
  enqueue(entry: OutboxEntry): Promise<void>;
  /** `enqueue` for many entries at once (a campaign group's sends): a few statements. */
  enqueueMany(entries: readonly OutboxEntry[]): Promise<void>;
  get(id: string): Promise<OutboxEntry | null>;
  /**
   * Claims up to `limit` entries that are due (pending with nextAttemptAt <= now, or sending with an
   * expired lease after a crash) for `claimer`: marks them `sending` with the lease and one more attempt.
   */
  claimDue(now: string, leaseUntil: string, limit: number, claimer: string): Promise<OutboxEntry[]>;
  /** Extends the lease while `claimer` holds the entry (a long paced send); false when it no longer does. */
  renew(id: string, claimer: string, leaseUntil: string): Promise<boolean>;
  /**
   * Sent is a fact, whoever holds the lease now: the entries and their messages (status `sent`, error
   * cleared, each its provider id when given, else the stored one kept), in one atomic write (the
   * outbox writes back the sends of one event-loop turn together). The ids of the messages written
   * (unknown ones are not).
   */
  markSent(sent: readonly SentEntry[], now: string): Promise<string[]>;
  /** Back to pending for a later attempt, if `claimer` still holds it. */
  reschedule(
    id: string,
    nextAttemptAt: string,
    error: ErrorInfo,
    now: string,
    claimer: string,
  ): Promise<boolean>;
  /** Failed for good, if `claimer` still holds it. */
  markFailed(id: string, error: ErrorInfo, now: string, claimer: string): Promise<boolean>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;
  /** Removes sent and failed entries last updated before `before`; returns how many. */
  purgeDone(before: string): Promise<number>;
}
