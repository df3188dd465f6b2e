/** The conversations' port (core/repositories.ts re-exports it). */
import type { ChannelName, Conversation, ConversationKind, ConversationMember } from './types.js';
import type { ConversationActivity } from './repositories-messages.js';
import type { Page, PageQuery } from './repositories.js';

/**
 * The most conversations a count reads (the dashboard's "waiting", a list's total): beyond it a coach
 * is told "10,000+", and the count stays as fast at 100,000 conversations as at 10,000
 * (docs/DECISIONS.md, "Growth").
 */
export const COUNT_UP_TO = 10_000;

/**
 * How many conversations a list's total counts at most (`list`, every list but a search): COUNT_UP_TO
 * and one, or the page's end and one when it lies further, so a total above the page's end always
 * says whether there is more to load. Undefined (exact) for a list without a limit.
 */
export function listCountBound(query: { offset?: number; limit?: number }): number | undefined {
  if (query.limit === undefined) return undefined;
  return Math.max(COUNT_UP_TO, (query.offset ?? 0) + query.limit) + 1;
}

/** Each figure exact up to `upTo`; past it, `upTo` with its `…More` flag ("10,000+"). */
export interface HandoffCounts {
  handoff: number;
  handoffMore: boolean;
  waiting: number;
  waitingMore: boolean;
}

export interface ConversationListQuery extends PageQuery {
  kind?: ConversationKind;
  /** Only these kinds (all when absent). */
  kinds?: ConversationKind[];
  handoff?: boolean;
  /**
   * Waiting for the coach (true) or not (false): a question was left to the coach (`coachNeededAt`),
   * or the coach holds it and the customer's message is the newest. The same rule as `countHandoffs`.
   */
  waiting?: boolean;
  /**
   * Words to find, ignoring case and accents: in the messages' text (each word a prefix of a word),
   * the title, or the customer's name, email or phone. Messages count among the newest 2,000 that
   * match (all of them when fewer do).
   */
  query?: string;
  /** The agent in charge; null: nobody (unassigned). */
  assignee?: string | null;
  status?: 'open' | 'resolved';
}

/** A page of conversations; for a search by words, which message each listed conversation matched. */
export interface ConversationPage extends Page<Conversation> {
  /**
   * A search with words only: by conversation id, its newest message among the matching messages
   * the search read (the newest 2,000); a conversation found by its title or customer alone has none.
   */
  matches?: Record<string, string>;
}

export interface ConversationRepository {
  create(conversation: Conversation): Promise<Conversation>;
  /**
   * `create` for many new conversations at once, each with its members (a campaign opening its
   * recipients' conversations): a few statements, not two per conversation. Not for groups (their
   * chat is a unique key: `openGroup`).
   */
  createMany(conversations: readonly Conversation[], members: readonly ConversationMember[]): Promise<void>;
  get(id: string): Promise<Conversation | null>;
  /**
   * `get` for a `locking` unit that decides from the conversation (its handoff, whether it waits for
   * the coach): the row stays locked until the unit ends, so a unit deciding from it or writing it
   * meanwhile waits for this one and then reads what it wrote. Outside a unit, and on a backend with
   * one writer, it is `get`.
   */
  lock(id: string): Promise<Conversation | null>;
  update(
    id: string,
    patch: Partial<
      Pick<Conversation, 'title' | 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
    >,
  ): Promise<Conversation | null>;
  /**
   * `update` for a caller that holds the conversation already (every message moves its activity):
   * nothing is read back. false when the id is unknown.
   */
  touch(id: string, patch: ConversationActivity): Promise<boolean>;
  /** Handed-off conversations whose `handoffAt` is before `before`, oldest first, at most `limit`. */
  listHandedOffBefore(before: string, limit: number): Promise<Conversation[]>;
  /**
   * Hands the conversation back to the assistant (no handoff, nothing waiting for the coach) only if
   * it is still handed off since before `before`: a coach who wrote meanwhile keeps it. The
   * conversation after the change, or null when nothing changed.
   */
  handBack(id: string, before: string, now: string): Promise<Conversation | null>;
  /**
   * Assistant conversations not handed off, active since `since`, whose newest message is the
   * customer's: those a crash may have left unanswered. Oldest activity first, at most `limit`.
   */
  listAwaitingAnswer(since: string, limit: number): Promise<Conversation[]>;
  /**
   * Live conversations the coach holds (`handoff`), and those waiting for the coach's answer
   * (`waiting`): held with the customer's message newest, or with a question left to the coach.
   * Each counted up to `upTo` (COUNT_UP_TO by default): past it, `upTo` and its `…More` flag.
   */
  countHandoffs(upTo?: number): Promise<HandoffCounts>;
  /** Conversations (not private member-to-member ones) created in [from, to). */
  countCreated(from: string, to: string): Promise<number>;
  /**
   * Most recently active first. The total is exact for a search and a list without a limit; any
   * other list counts at most `listCountBound(query)` conversations (a total past it reads "more").
   */
  list(query: ConversationListQuery): Promise<ConversationPage>;
  /** The newest assistant conversation held on a channel chat (e.g. a Telegram private chat). */
  findLatestByExternalChat(channel: ChannelName, externalChatId: string): Promise<Conversation | null>;
  /**
   * For a `locking` unit about to open conversations on chats it found none for: locks every chat key
   * given (`lockLatestByExternalChat`'s lock; a key is a chat id, or a name of the caller's for chats
   * without one) until the unit ends. true when they were locked: read what the unit decides from
   * again after it. false: the backend runs one unit at a time (nothing to lock; what the unit read
   * stays true).
   */
  lockChats(channel: ChannelName, keys: readonly string[]): Promise<boolean>;
  /**
   * `findLatestByExternalChat` for a `locking` unit that may open the chat's next conversation: the
   * chat itself is locked until the unit ends (no other unit passes this call for the same chat
   * meanwhile, found or not), and the conversation found with it, as `lock` does.
   */
  lockLatestByExternalChat(channel: ChannelName, externalChatId: string): Promise<Conversation | null>;
  /**
   * Insert-or-get of a channel group chat's conversation: stores `conversation` unless a live group
   * of its channel and chat id exists (a unique key decides, so processes opening it at once end with
   * one), and returns the stored one.
   */
  openGroup(conversation: Conversation): Promise<{ conversation: Conversation; created: boolean }>;
  /** The newest conversation of `kind` with that chat id on that channel (a group chat, a direct pair). */
  findByExternalChat(
    channel: ChannelName,
    externalChatId: string,
    kind: ConversationKind,
  ): Promise<Conversation | null>;
  /**
   * Hides a conversation for good (a deleted group): `get`, lists and lookups no longer return it;
   * its messages stay stored. false when the id is unknown or already archived.
   */
  archive(id: string, now: string): Promise<boolean>;
  addMember(member: ConversationMember): Promise<void>;
  /** false when the contact was not a member. */
  removeMember(conversationId: string, contactId: string): Promise<boolean>;
  countMembers(conversationId: string): Promise<number>;
  isMember(conversationId: string, contactId: string): Promise<boolean>;
  listMembers(conversationId: string): Promise<ConversationMember[]>;
  /** Conversations a contact belongs to, most recently active first. */
  listForContact(contactId: string): Promise<Conversation[]>;
  /**
   * For each of `contactIds` that has one, its most recently active assistant conversation on
   * `channel` (contact id -> conversation).
   */
  latestAssistantOn(
    channel: ChannelName,
    contactIds: readonly string[],
  ): Promise<Record<string, Conversation>>;
  markRead(conversationId: string, contactId: string, messageId: string): Promise<void>;
}
