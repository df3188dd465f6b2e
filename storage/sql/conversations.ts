import type { ChannelName, Conversation, ConversationKind, ConversationMember } from '../../core/types.js';
import { COUNT_UP_TO, type HandoffCounts, listCountBound } from '../../core/repositories-conversations.js';
import type { ConversationListQuery, ConversationPage, ConversationRepository } from '../types.js';
import { listQueries } from './conversation-list.js';
import { conversationQueries, CONVERSATIONS, memberQueries } from './conversation-queries.js';
import { encode } from './entity-map.js';
import { patchEntity, queriesOf } from './crud.js';
import type { SqlExecutor } from './executor.js';
import { type PreparedQuery, perDialect } from './prepared-query.js';
import { type BulkTable, insertRows } from './bulk-insert.js';
import type { SqlDialect } from './dialect.js';
import { idWindow, pageParams } from './paging.js';
import { foldForSearch } from './search-text.js';
import { uniqueConflict } from './conflicts.js';

/** Members in bulk: adding one twice keeps the first row (and its read marker), as `addMember`. */
const MEMBERS: BulkTable = {
  table: 'conversation_members',
  columns: ['conversation_id', 'contact_id', 'last_read_message_id', 'joined_at'],
  onConflict: 'ignore',
};

const memberParams = (member: ConversationMember) => ({
  conversation_id: member.conversationId,
  contact_id: member.contactId,
  last_read_message_id: member.lastReadMessageId,
  joined_at: member.joinedAt,
});

/** Conversations in bulk: every column, derived ones included; only new ids (no group: see openGroup). */
const conversationTable = perDialect(
  (dialect: SqlDialect, spec: typeof CONVERSATIONS): BulkTable => ({
    table: spec.table,
    columns: [...queriesOf(dialect, spec).columns, ...Object.keys(spec.derived ?? {})],
    onConflict: 'fail',
  }),
);

/**
 * The insert of a conversation whose only unique key is its new id (not a group): no savepoint in a
 * PostgreSQL unit. One object per dialect: PostgreSQL prepares a statement per query object and
 * connection, so a copy made per repository (per unit) would prepare a new one each time.
 */
const freshInsert = perDialect(
  (dialect: SqlDialect, spec: typeof CONVERSATIONS): PreparedQuery => ({
    ...queriesOf(dialect, spec).insert,
    mayConflict: false,
  }),
);

type ActivityPatch = Partial<
  Pick<Conversation, 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
>;

/** Brings the message search up to date before a search reads it (SQLite's index, filled behind ingest). */
export interface SearchIndex {
  catchUp(): void;
}

export class SqlConversationRepository implements ConversationRepository {
  readonly #table;
  readonly #insertFresh: PreparedQuery;
  readonly #q;
  readonly #members;

  constructor(
    private readonly db: SqlExecutor,
    private readonly now: () => Date,
    private readonly search: SearchIndex | null,
  ) {
    this.#table = queriesOf(db.dialect, CONVERSATIONS);
    this.#insertFresh = freshInsert(db.dialect, CONVERSATIONS);
    this.#q = conversationQueries(db.dialect, CONVERSATIONS);
    this.#members = memberQueries(db.dialect, CONVERSATIONS);
  }

  async create(conversation: Conversation): Promise<Conversation> {
    // Only a group has a unique key besides its new id (its chat): the others need no savepoint in a
    // PostgreSQL unit (two round trips less for each conversation a campaign opens).
    const insert = conversation.kind === 'group' ? this.#table.insert : this.#insertFresh;
    await this.db.run(insert, this.#table.params(conversation));
    return conversation;
  }

  async createMany(
    conversations: readonly Conversation[],
    members: readonly ConversationMember[],
  ): Promise<void> {
    const rows = conversations.map((conversation) => this.#table.params(conversation));
    // All or none, also outside a unit (a taken id fails the call, not half of it).
    await this.db.atomic(async (db) => {
      await insertRows(db, conversationTable(db.dialect, CONVERSATIONS), rows);
      await insertRows(db, MEMBERS, members.map(memberParams));
    });
  }

  async openGroup(conversation: Conversation): Promise<{ conversation: Conversation; created: boolean }> {
    if ((await this.db.run(this.#q.insertGroup, this.#table.params(conversation))) > 0)
      return { conversation, created: true };
    const { channel, externalChatId } = conversation;
    const stored = externalChatId ? await this.findByExternalChat(channel, externalChatId, 'group') : null;
    // Nothing inserted and no live group: the id itself was taken.
    if (!stored) throw uniqueConflict(CONVERSATIONS.table, ['id']);
    return { conversation: stored, created: false };
  }

  async get(id: string): Promise<Conversation | null> {
    return this.#table.decoder.first(await this.db.rows(this.#q.live, { id }));
  }

  async lock(id: string): Promise<Conversation | null> {
    if (!this.db.dialect.rowLocks) return this.get(id);
    return this.#table.decoder.first(await this.db.rows(this.#q.liveLocked, { id }));
  }

  async lockChats(channel: ChannelName, keys: readonly string[]): Promise<boolean> {
    if (!this.db.dialect.rowLocks) return false;
    if (keys.length === 0) return true;
    const chats = JSON.stringify([...new Set(keys)].map((key) => `${channel}:${key}`));
    await this.db.rows(this.#q.lockChats, { chats });
    return true;
  }

  async lockLatestByExternalChat(channel: ChannelName, externalChatId: string): Promise<Conversation | null> {
    if (!this.db.dialect.rowLocks) return this.findLatestByExternalChat(channel, externalChatId);
    // The chat first, then a read that starts after it is held (READ COMMITTED: a new snapshot per
    // statement), so a conversation opened by the unit that held it before is found.
    await this.db.rows(this.#q.lockChat, { key: `${channel}:${externalChatId}` });
    return this.#table.decoder.first(
      await this.db.rows(this.#q.latestByChatLocked, { channel, chat: externalChatId }),
    );
  }

  /** Writes the defined fields; nothing is read back (every message moves a conversation's activity). */
  async touch(id: string, patch: ActivityPatch): Promise<boolean> {
    const source = { ...patch } as Record<string, unknown>;
    source.updatedAt ??= this.now().toISOString();
    const columns: string[] = [];
    const params: Record<string, unknown> = { id };
    for (const field of this.#table.fields) {
      if (field.name === 'id' || source[field.name] === undefined) continue;
      columns.push(field.column);
      params[field.column] = encode(this.db.dialect, source[field.name], field.codec);
    }
    return (await this.db.run(this.#table.write(columns), params)) > 0;
  }

  async archive(id: string, now: string): Promise<boolean> {
    return (await this.db.run(this.#q.archive, { id, now })) > 0;
  }

  update(
    id: string,
    patch: Partial<
      Pick<Conversation, 'title' | 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
    >,
  ): Promise<Conversation | null> {
    return patchEntity(this.db, this.#table, id, patch, this.now);
  }

  /** Most recently active first; the total as the port says (`listCountBound`). */
  async list(query: ConversationListQuery): Promise<ConversationPage> {
    const { dialect } = this.db;
    const text = query.query?.trim() ? query.query : null;
    // The index catches up first, so a search sees every message stored before it.
    if (text) this.search?.catchUp();
    const words = text ? dialect.searchWords(text) : null;
    const queries = listQueries(dialect, CONVERSATIONS, {
      kind: query.kind !== undefined,
      kinds: query.kinds !== undefined,
      handoff: query.handoff,
      waiting: query.waiting,
      words: words !== null,
      query: text !== null,
      assignee: typeof query.assignee === 'string',
      unassigned: query.assignee === null,
      status: query.status !== undefined,
    });
    const filter: Record<string, unknown> = {};
    if (!text) filter.up_to = listCountBound(query) ?? dialect.noLimit;
    if (query.kind !== undefined) filter.kind = query.kind;
    if (query.kinds !== undefined) filter.kinds = JSON.stringify(query.kinds);
    if (typeof query.assignee === 'string') filter.assignee = query.assignee;
    if (query.status !== undefined) filter.status = query.status;
    if (text) filter.query = foldForSearch(text.trim());
    if (words) filter.words = words;
    const page = { ...filter, ...pageParams(dialect, query) };
    if (text) {
      const rows = await this.db.rows(queries.pageWithTotal, page);
      // No row (a page past the end): the total is counted on its own.
      const total = rows.length > 0 ? rows[0]!.at(-2) : (await this.db.rows(queries.count, filter))[0]![0];
      const items = this.#table.decoder.all(rows);
      if (!words) return { items, total: Number(total) };
      const matches: Record<string, string> = {};
      rows.forEach((row, i) => {
        const matched = row.at(-1);
        if (matched !== null) matches[items[i]!.id] = matched as string;
      });
      return { items, total: Number(total), matches };
    }
    // Both issued before either is awaited: on SQLite they run back to back, no unit between them.
    const [rows, [count]] = await Promise.all([
      this.db.rows(queries.page, { ...filter, ...pageParams(dialect, query) }),
      this.db.rows(queries.count, filter),
    ]);
    return { items: this.#table.decoder.all(rows), total: Number(count![0]) };
  }

  async listAwaitingAnswer(since: string, limit: number): Promise<Conversation[]> {
    return this.#table.decoder.all(await this.db.rows(this.#q.awaitingAnswer, { since, limit }));
  }

  async countHandoffs(upTo = COUNT_UP_TO): Promise<HandoffCounts> {
    const [row] = await this.db.rows(this.#q.countHandoffs, { up_to: upTo + 1 });
    const [handoff, waiting] = [Number(row![0]), Number(row![1])];
    return {
      handoff: Math.min(handoff, upTo),
      handoffMore: handoff > upTo,
      waiting: Math.min(waiting, upTo),
      waitingMore: waiting > upTo,
    };
  }

  async countCreated(from: string, to: string): Promise<number> {
    const [row] = await this.db.rows(this.#q.countCreated, { from, to, ...idWindow(from, to) });
    return Number(row![0]);
  }

  async handBack(id: string, before: string, now: string): Promise<Conversation | null> {
    const off = this.db.dialect.encodeBool(false);
    return (await this.db.run(this.#q.handBack, { id, before, now, off })) === 1 ? this.get(id) : null;
  }

  async listHandedOffBefore(before: string, limit: number): Promise<Conversation[]> {
    return this.#table.decoder.all(await this.db.rows(this.#q.handedOffBefore, { before, limit }));
  }

  async findLatestByExternalChat(channel: ChannelName, externalChatId: string): Promise<Conversation | null> {
    return this.#table.decoder.first(
      await this.db.rows(this.#q.latestByChat, { channel, chat: externalChatId }),
    );
  }

  async findByExternalChat(
    channel: ChannelName,
    externalChatId: string,
    kind: ConversationKind,
  ): Promise<Conversation | null> {
    return this.#table.decoder.first(
      await this.db.rows(this.#q.byChat, { channel, chat: externalChatId, kind }),
    );
  }

  async removeMember(conversationId: string, contactId: string): Promise<boolean> {
    return (
      (await this.db.run(this.#members.remove, { conversation: conversationId, contact: contactId })) > 0
    );
  }

  async countMembers(conversationId: string): Promise<number> {
    const [row] = await this.db.rows(this.#members.count, { conversation: conversationId });
    return Number(row![0]);
  }

  async addMember(member: ConversationMember): Promise<void> {
    const params = memberParams(member);
    await this.db.run(this.#members.add, {
      conversation: params.conversation_id,
      contact: params.contact_id,
      lastRead: params.last_read_message_id,
      joinedAt: params.joined_at,
    });
  }

  async isMember(conversationId: string, contactId: string): Promise<boolean> {
    return (
      (await this.db.rows(this.#members.is, { conversation: conversationId, contact: contactId })).length > 0
    );
  }

  async listMembers(conversationId: string): Promise<ConversationMember[]> {
    const rows = await this.db.rows(this.#members.list, { conversation: conversationId });
    return rows.map(([conversation, contact, lastRead, joinedAt]) => ({
      conversationId: conversation as string,
      contactId: contact as string,
      lastReadMessageId: (lastRead as string | null) ?? null,
      joinedAt: joinedAt as string,
    }));
  }

  /** Conversations the contact is a member of, or the customer of. */
  async listForContact(contactId: string): Promise<Conversation[]> {
    return this.#table.decoder.all(await this.db.rows(this.#q.forContact, { contact: contactId }));
  }

  async latestAssistantOn(
    channel: ChannelName,
    contactIds: readonly string[],
  ): Promise<Record<string, Conversation>> {
    const out: Record<string, Conversation> = {};
    if (contactIds.length === 0) return out;
    const rows = await this.db.rows(this.#q.latestAssistantOn, {
      channel,
      contacts: this.db.dialect.encodeList(contactIds),
    });
    // Most recent first: the first conversation of each contact is the one.
    for (const conversation of this.#table.decoder.all(rows)) {
      if (conversation.contactId) out[conversation.contactId] ??= conversation;
    }
    return out;
  }

  /** No-op for a non-member, and for a message older than the current marker. */
  async markRead(conversationId: string, contactId: string, messageId: string): Promise<void> {
    await this.db.run(this.#members.markRead, {
      conversation: conversationId,
      contact: contactId,
      message: messageId,
    });
  }
}
