import type { Statement } from 'better-sqlite3';
import type { ChannelName, ErrorInfo, Message, MessageStatus, Sender, SenderType } from '../../core/types.js';
import type { MessageActivity, MessageRepository } from '../types.js';
import { idWindow } from './paging.js';
import { writing } from './conflicts.js';
import type { SqliteDatabase } from './database.js';
import { dedupeHash } from './dedupe-hash.js';

/** A row in COLUMNS order (raw mode: arrays are cheaper than one object per row). */
type MessageRow = [
  id: string,
  conversationId: string,
  senderType: SenderType,
  senderId: string | null,
  senderName: string,
  text: string,
  media: string | null,
  channel: ChannelName,
  status: MessageStatus,
  error: string | null,
  externalId: string | null,
  clientMessageId: string | null,
  createdAt: string,
  guard: string | null,
  template: string | null,
];

type StatusUpdate = { status: MessageStatus; error?: ErrorInfo | null; externalId?: string };

function statusParams(id: string, update: StatusUpdate): Record<string, unknown> {
  return {
    id,
    status: update.status,
    set_error: update.error === undefined ? 0 : 1,
    error: update.error ? JSON.stringify(update.error) : null,
    external_id: update.externalId ?? null,
  };
}

const COLUMNS = `id, conversation_id, sender_type, sender_id, sender_name, text, media, channel, status, error,
  external_id, client_message_id, created_at, guard, template`;

/** Optional fields stay absent (not undefined, not null) when the column is null. */
function toMessage(row: MessageRow): Message {
  const [
    id,
    conversationId,
    senderType,
    senderId,
    senderName,
    text,
    media,
    channel,
    status,
    error,
    externalId,
    clientMessageId,
    createdAt,
    guard,
    template,
  ] = row;
  const sender: Sender = { type: senderType, name: senderName };
  if (senderId !== null) sender.id = senderId;
  const message: Message = { id, conversationId, sender, text, channel, status, createdAt };
  if (media !== null) message.media = JSON.parse(media);
  if (error !== null) message.error = JSON.parse(error);
  if (externalId !== null) message.externalId = externalId;
  if (clientMessageId !== null) message.clientMessageId = clientMessageId;
  if (guard !== null) message.guard = JSON.parse(guard);
  if (template !== null) message.template = JSON.parse(template);
  return message;
}

function toMessageOrNull(row: MessageRow | undefined): Message | null {
  return row ? toMessage(row) : null;
}

/** The insert's values in `COLUMNS` order (positional: cheaper to bind than names). */
function toParams(message: Message): unknown[] {
  return [
    message.id,
    message.conversationId,
    message.sender.type,
    message.sender.id ?? null,
    message.sender.name,
    message.text,
    message.media ? JSON.stringify(message.media) : null,
    message.channel,
    message.status,
    message.error ? JSON.stringify(message.error) : null,
    message.externalId ?? null,
    message.clientMessageId ?? null,
    message.createdAt,
    message.guard?.length ? JSON.stringify(message.guard) : null,
    message.template ? JSON.stringify(message.template) : null,
  ];
}

export class SqliteMessageRepository implements MessageRepository {
  readonly #insert: Statement<unknown[]>;
  readonly #insertUnlessDuplicate: Statement<unknown[]>;
  readonly #get: Statement<[string], MessageRow>;
  readonly #byDedupeKey: Statement<[number, string], MessageRow>;
  readonly #byExternalId: Statement<[string, string], MessageRow>;
  readonly #latest: Statement<[string, number], MessageRow>;
  readonly #before: Statement<[string, string, number], MessageRow>;
  readonly #countUnread: Statement<[string, string, string]>;
  readonly #countGuarded: Statement<[string]>;
  readonly #activity: Statement<[Record<string, string>], MessageActivity>;
  readonly #lastFromContact: Statement<[string]>;
  readonly #updateStatus: Statement<[Record<string, unknown>], MessageRow>;
  readonly #setStatus: Statement<[Record<string, unknown>]>;
  readonly #db: SqliteDatabase;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    const values = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
    this.#insert = db.prepare(`INSERT INTO messages (${COLUMNS}) VALUES (${values})`);
    // Atomic: every write runs on this one connection, inside SQLite's write lock.
    this.#insertUnlessDuplicate = db.prepare(
      `INSERT INTO messages (${COLUMNS}, dedupe_key, dedupe_hash) SELECT ${values}, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM messages WHERE dedupe_hash = ? AND dedupe_key = ?)`,
    );
    this.#get = this.#rows(`SELECT ${COLUMNS} FROM messages WHERE id = ?`);
    this.#byDedupeKey = this.#rows(
      `SELECT ${COLUMNS} FROM messages WHERE dedupe_hash = ? AND dedupe_key = ? ORDER BY rowid LIMIT 1`,
    );
    this.#byExternalId = this.#rows(
      `SELECT ${COLUMNS} FROM messages WHERE channel = ? AND external_id = ? ORDER BY id LIMIT 1`,
    );
    this.#latest = this.#rows(
      `SELECT ${COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?`,
    );
    this.#before = this.#rows(
      `SELECT ${COLUMNS} FROM messages WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.#lastFromContact = db
      .prepare(`SELECT max(created_at) FROM messages WHERE conversation_id = ? AND sender_type = 'contact'`)
      .pluck();
    // A message counts unless the contact sent it; NULL sender ids never match (IS, not =).
    this.#countGuarded = db
      .prepare('SELECT count(*) FROM messages WHERE guard IS NOT NULL AND created_at >= ?')
      .pluck();
    // The id range reads the window off the primary key (ids are time-ordered); created_at makes it exact.
    this.#activity = db.prepare(
      `SELECT count(*) AS messages, coalesce(sum(m.sender_type = 'contact'), 0) AS fromContacts,
         coalesce(sum(m.sender_type = 'assistant'), 0) AS assistant,
         coalesce(sum(m.sender_type = 'coach'), 0) AS coach,
         count(DISTINCT m.conversation_id) AS conversations
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.id >= @fromId AND m.id < @toId AND m.created_at >= @from AND m.created_at < @to
         AND c.kind != 'direct'`,
    );
    this.#countUnread = db
      .prepare(
        `SELECT count(*) FROM messages WHERE conversation_id = ? AND id > ?
         AND NOT (sender_type = 'contact' AND sender_id IS ?)`,
      )
      .pluck();
    const update = `UPDATE messages SET status = @status,
         error = CASE WHEN @set_error THEN @error ELSE error END,
         external_id = coalesce(@external_id, external_id)
       WHERE id = @id`;
    this.#updateStatus = this.#rows(`${update} RETURNING ${COLUMNS}`);
    this.#setStatus = db.prepare(update);
  }

  async insert(message: Message, dedupeKey?: string): Promise<{ message: Message; duplicate: boolean }> {
    const params = toParams(message);
    if (dedupeKey === undefined) {
      writing(() => this.#insert.run(params));
      return { message, duplicate: false };
    }
    const hash = dedupeHash(dedupeKey);
    params.push(dedupeKey, hash, hash, dedupeKey);
    if (writing(() => this.#insertUnlessDuplicate.run(params)).changes > 0)
      return { message, duplicate: false };
    // Nothing written: the dedupe key is taken, and the stored message is the answer.
    return { message: toMessage(this.#byDedupeKey.get(hash, dedupeKey)!), duplicate: true };
  }

  async get(id: string): Promise<Message | null> {
    return toMessageOrNull(this.#get.get(id));
  }

  async findByDedupeKey(key: string): Promise<Message | null> {
    return toMessageOrNull(this.#byDedupeKey.get(dedupeHash(key), key));
  }

  async findByExternalId(channel: ChannelName, externalId: string): Promise<Message | null> {
    return toMessageOrNull(this.#byExternalId.get(channel, externalId));
  }

  /** The newest `limit` messages before `before` (all when absent), returned oldest first. */
  async list(conversationId: string, query: { before?: string; limit: number }): Promise<Message[]> {
    const rows =
      query.before === undefined
        ? this.#latest.all(conversationId, query.limit)
        : this.#before.all(conversationId, query.before, query.limit);
    return rows.reverse().map(toMessage);
  }

  async last(conversationId: string): Promise<Message | null> {
    return toMessageOrNull(this.#latest.get(conversationId, 1));
  }

  async lastFromContactAt(conversationId: string): Promise<string | null> {
    return (this.#lastFromContact.get(conversationId) as string | null) ?? null;
  }

  async countGuarded(since: string): Promise<number> {
    return this.#countGuarded.get(since) as number;
  }

  async activity(from: string, to: string): Promise<MessageActivity> {
    return this.#activity.get({ from, to, ...idWindow(from, to) }) as MessageActivity;
  }

  async countUnread(conversationId: string, afterId: string | null, contactId: string): Promise<number> {
    // Every id sorts after '', so a null marker counts the whole conversation.
    return this.#countUnread.get(conversationId, afterId ?? '', contactId) as number;
  }

  /** `error: null` clears the error, an absent one keeps it; an absent externalId keeps the stored one. */
  async updateStatus(id: string, update: StatusUpdate): Promise<Message | null> {
    return toMessageOrNull(this.#updateStatus.get(statusParams(id, update)));
  }

  async setStatus(id: string, update: StatusUpdate): Promise<boolean> {
    return this.#setStatus.run(statusParams(id, update)).changes > 0;
  }

  /** A statement returning MessageRow tuples. */
  #rows<P extends unknown[]>(sql: string): Statement<P, MessageRow> {
    return this.#db.prepare(sql).raw(true) as unknown as Statement<P, MessageRow>;
  }
}
