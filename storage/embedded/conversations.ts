import type { Statement } from 'better-sqlite3';
import type { ChannelName, Conversation, ConversationKind, ConversationMember } from '../../core/types.js';
import type { ConversationListQuery, ConversationRepository, Page } from '../types.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';
import { MessageSearchIndex, toFtsQuery } from './message-search.js';
import { idWindow, pageBounds } from './paging.js';
import { foldForSearch } from '../sql/search-text.js';

type ConversationFilter = {
  kind: string | null;
  kinds: string | null;
  handoff: number | null;
  waiting: number | null;
  query: string | null;
  fts: string | null;
};

interface MemberRow {
  conversation_id: string;
  contact_id: string;
  last_read_message_id: string | null;
  joined_at: string;
}

const LIVE = 'archived_at IS NULL';
/** Waiting for the coach: a question left to them, or held by them with the customer's message newest. */
const WAITING = `(coach_needed_at IS NOT NULL OR (handoff = 1 AND coalesce((SELECT m.sender_type FROM messages m
  WHERE m.conversation_id = conversations.id ORDER BY m.id DESC LIMIT 1), '') = 'contact'))`;
/** The search: message words through FTS5; title and customer by a folded substring. */
const FILTER = `${LIVE}
  AND (@kind IS NULL OR kind = @kind)
  AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
  AND (@handoff IS NULL OR handoff = @handoff)
  AND (@waiting IS NULL OR ${WAITING} = @waiting)
  AND (@query IS NULL
    OR (@fts IS NOT NULL AND id IN (SELECT conversation_id FROM messages WHERE rowid IN
          (SELECT rowid FROM messages_fts WHERE messages_fts MATCH @fts)))
    OR instr(kora_fold(title), @query) > 0
    OR contact_id IN (SELECT id FROM contacts WHERE instr(search_text, @query) > 0))`;
const MOST_RECENT_FIRST = 'ORDER BY coalesce(last_message_at, created_at) DESC, id DESC';

function toMember(row: MemberRow): ConversationMember {
  return {
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    lastReadMessageId: row.last_read_message_id,
    joinedAt: row.joined_at,
  };
}

export class SqliteConversationRepository implements ConversationRepository {
  readonly #table: EntityTable<Conversation>;
  readonly #page: RowsStatement<[ConversationFilter & { limit: number; offset: number }]>;
  readonly #count: Statement<[ConversationFilter]>;
  readonly #latestByChat: RowsStatement<[string, string]>;
  readonly #byChat: RowsStatement<[string, string, string]>;
  readonly #byId: RowsStatement<[string]>;
  readonly #archive: Statement<[{ id: string; now: string }]>;
  readonly #removeMember: Statement<[string, string]>;
  readonly #countMembers: Statement<[string]>;
  readonly #search: MessageSearchIndex;
  readonly #handedOffBefore: RowsStatement<[string, number]>;
  readonly #awaitingAnswer: RowsStatement<[string, number]>;
  readonly #countHandoffs: Statement<[], { handoff: number; waiting: number }>;
  readonly #countCreated: Statement<[Record<string, string>]>;
  readonly #addMember: Statement<[string, string, string | null, string]>;
  readonly #isMember: Statement<[string, string]>;
  readonly #listMembers: Statement<[string]>;
  readonly #forContact: RowsStatement<[string, string]>;
  readonly #markRead: Statement<[{ conversation: string; contact: string; message: string }]>;

  constructor(
    db: SqliteDatabase,
    private readonly now: () => Date,
  ) {
    this.#table = new EntityTable<Conversation>(db, {
      table: 'conversations',
      columns: {
        id: ['id'],
        kind: ['kind'],
        title: ['title'],
        contactId: ['contact_id'],
        channel: ['channel'],
        externalChatId: ['external_chat_id'],
        linkId: ['link_id'],
        mode: ['mode'],
        handoff: ['handoff', 'bool'],
        handoffAt: ['handoff_at'],
        coachNeededAt: ['coach_needed_at'],
        createdAt: ['created_at'],
        updatedAt: ['updated_at'],
        lastMessageAt: ['last_message_at'],
      },
    });
    this.#page = this.#table.select(`WHERE ${FILTER} ${MOST_RECENT_FIRST} LIMIT @limit OFFSET @offset`);
    this.#count = db.prepare(`SELECT count(*) FROM conversations WHERE ${FILTER}`).pluck();
    this.#latestByChat = this.#table.select(
      `WHERE channel = ? AND external_chat_id = ? AND kind = 'assistant' AND ${LIVE}
       ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    this.#byChat = this.#table.select(
      `WHERE channel = ? AND external_chat_id = ? AND kind = ? AND ${LIVE}
       ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    this.#byId = this.#table.select(`WHERE id = ? AND ${LIVE}`);
    this.#archive = db.prepare(
      `UPDATE conversations SET archived_at = @now, updated_at = @now WHERE id = @id AND ${LIVE}`,
    );
    this.#removeMember = db.prepare(
      'DELETE FROM conversation_members WHERE conversation_id = ? AND contact_id = ?',
    );
    this.#countMembers = db
      .prepare('SELECT count(*) FROM conversation_members WHERE conversation_id = ?')
      .pluck();
    this.#search = new MessageSearchIndex(db);
    this.#handedOffBefore = this.#table.select(
      'WHERE handoff = 1 AND handoff_at < ? ORDER BY handoff_at, id LIMIT ?',
    );
    this.#awaitingAnswer = this.#table.select(
      `WHERE kind = 'assistant' AND handoff = 0 AND last_message_at >= ?
       AND (SELECT m.sender_type FROM messages m WHERE m.conversation_id = conversations.id
            ORDER BY m.id DESC LIMIT 1) = 'contact'
       ORDER BY last_message_at, id LIMIT ?`,
    );
    this.#countHandoffs = db.prepare(
      `SELECT coalesce(sum(handoff = 1), 0) AS handoff, coalesce(sum(${WAITING}), 0) AS waiting
       FROM conversations WHERE ${LIVE} AND (handoff = 1 OR coach_needed_at IS NOT NULL)`,
    );
    this.#countCreated = db
      .prepare(
        `SELECT count(*) FROM conversations WHERE id >= @fromId AND id < @toId
         AND created_at >= @from AND created_at < @to AND kind != 'direct'`,
      )
      .pluck();
    // Adding a member twice keeps the first row (and its read marker).
    this.#addMember = db.prepare(
      `INSERT INTO conversation_members (conversation_id, contact_id, last_read_message_id, joined_at)
       VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.#isMember = db
      .prepare('SELECT 1 FROM conversation_members WHERE conversation_id = ? AND contact_id = ?')
      .pluck();
    this.#listMembers = db.prepare(
      'SELECT * FROM conversation_members WHERE conversation_id = ? ORDER BY joined_at, contact_id',
    );
    this.#forContact = this.#table.select(
      `WHERE (id IN (SELECT conversation_id FROM conversation_members WHERE contact_id = ?) OR contact_id = ?)
       AND ${LIVE} ${MOST_RECENT_FIRST}`,
    );
    // Ids are time-ordered, so the marker only moves forward even when reads arrive out of order.
    this.#markRead = db.prepare(
      `UPDATE conversation_members SET last_read_message_id = @message
       WHERE conversation_id = @conversation AND contact_id = @contact
         AND (last_read_message_id IS NULL OR last_read_message_id < @message)`,
    );
  }

  async create(conversation: Conversation): Promise<Conversation> {
    return this.#table.insert(conversation);
  }

  async get(id: string): Promise<Conversation | null> {
    return this.#table.first(this.#byId.get(id));
  }

  async touch(
    id: string,
    patch: Partial<
      Pick<Conversation, 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
    >,
  ): Promise<boolean> {
    return this.#table.write(id, patch, this.now().toISOString());
  }

  async archive(id: string, now: string): Promise<boolean> {
    return this.#archive.run({ id, now }).changes > 0;
  }

  async update(
    id: string,
    patch: Partial<
      Pick<Conversation, 'title' | 'handoff' | 'handoffAt' | 'coachNeededAt' | 'lastMessageAt' | 'updatedAt'>
    >,
  ): Promise<Conversation | null> {
    return this.#table.patch(id, patch, this.now().toISOString());
  }

  /** Most recently active first. */
  async list(query: ConversationListQuery): Promise<Page<Conversation>> {
    const handoff = query.handoff === undefined ? null : Number(query.handoff);
    const text = query.query?.trim() ? query.query : null;
    // The index catches up first, so a search sees every message stored before it.
    if (text) this.#search.catchUp();
    const filter: ConversationFilter = {
      kind: query.kind ?? null,
      kinds: query.kinds ? JSON.stringify(query.kinds) : null,
      handoff,
      waiting: query.waiting === undefined ? null : Number(query.waiting),
      query: text ? foldForSearch(text.trim()) : null,
      fts: text ? toFtsQuery(text) : null,
    };
    return {
      items: this.#table.fromRows(this.#page.all({ ...filter, ...pageBounds(query) })),
      total: this.#count.get(filter) as number,
    };
  }

  async listAwaitingAnswer(since: string, limit: number): Promise<Conversation[]> {
    return this.#table.fromRows(this.#awaitingAnswer.all(since, limit));
  }

  async countHandoffs(): Promise<{ handoff: number; waiting: number }> {
    return this.#countHandoffs.get() as { handoff: number; waiting: number };
  }

  async countCreated(from: string, to: string): Promise<number> {
    return this.#countCreated.get({ from, to, ...idWindow(from, to) }) as number;
  }

  async listHandedOffBefore(before: string, limit: number): Promise<Conversation[]> {
    return this.#table.fromRows(this.#handedOffBefore.all(before, limit));
  }

  async findLatestByExternalChat(channel: ChannelName, externalChatId: string): Promise<Conversation | null> {
    return this.#table.first(this.#latestByChat.get(channel, externalChatId));
  }

  async findByExternalChat(
    channel: ChannelName,
    externalChatId: string,
    kind: ConversationKind,
  ): Promise<Conversation | null> {
    return this.#table.first(this.#byChat.get(channel, externalChatId, kind));
  }

  async removeMember(conversationId: string, contactId: string): Promise<boolean> {
    return this.#removeMember.run(conversationId, contactId).changes > 0;
  }

  async countMembers(conversationId: string): Promise<number> {
    return this.#countMembers.get(conversationId) as number;
  }

  async addMember(member: ConversationMember): Promise<void> {
    const { conversationId, contactId, lastReadMessageId, joinedAt } = member;
    this.#addMember.run(conversationId, contactId, lastReadMessageId, joinedAt);
  }

  async isMember(conversationId: string, contactId: string): Promise<boolean> {
    return this.#isMember.get(conversationId, contactId) !== undefined;
  }

  async listMembers(conversationId: string): Promise<ConversationMember[]> {
    return (this.#listMembers.all(conversationId) as MemberRow[]).map(toMember);
  }

  /** Conversations the contact is a member of, or the customer of. */
  async listForContact(contactId: string): Promise<Conversation[]> {
    return this.#table.fromRows(this.#forContact.all(contactId, contactId));
  }

  async latestAssistantOn(
    channel: ChannelName,
    contactIds: readonly string[],
  ): Promise<Record<string, Conversation>> {
    const found = this.#table.selectIn(
      (marks) =>
        `WHERE contact_id IN (${marks}) AND kind = 'assistant' AND +channel = ? AND ${LIVE} ${MOST_RECENT_FIRST}`,
      [],
      contactIds,
      [channel],
    );
    // Most recent first: the first conversation of each contact is the one.
    const out: Record<string, Conversation> = {};
    for (const conversation of found) {
      if (conversation.contactId) out[conversation.contactId] ??= conversation;
    }
    return out;
  }

  /** No-op for a non-member, and for a message older than the current marker. */
  async markRead(conversationId: string, contactId: string, messageId: string): Promise<void> {
    this.#markRead.run({ conversation: conversationId, contact: contactId, message: messageId });
  }
}
