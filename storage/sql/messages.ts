import { sql } from 'kysely';
import type { ChannelName, Conversation, ErrorInfo, Message, MessageStatus } from '../../core/types.js';
import type {
  ConversationActivity,
  InboundContext,
  InboundOutcome,
  InboundTarget,
  InboundWrite,
  OutboundWrite,
} from '../../core/repositories.js';
import type { MessageActivity, MessageRepository } from '../types.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import type { MessageDedupe } from './message-dedupe.js';
import { MESSAGE_COLUMNS, MESSAGE_SLOTS, messageParams, toMessage, toMessages } from './message-rows.js';
import { idWindow } from './paging.js';
import {
  inboxActivity,
  inboxActivityMany,
  inboxActivityParams,
  inboxActivityUpdate,
  movedConversation,
} from './inbox-queries.js';
import { type BulkTable, insertRows } from './bulk-insert.js';
import { mergeParams, perDialect, prepareRaw } from './prepared-query.js';
import { outboundBatches } from './outbound-batch.js';
import type { StatementBatches } from './statement-batches.js';
import { insertOutbound } from './outbound-insert.js';
import { inboundQueries, inboundWriteParams, readInbound } from './inbound-insert.js';
import { inboundBatches } from './inbound-batch.js';
import { type InboundRead, inboundReadBatches } from './inbound-reads.js';
import { SqlTurnLeaseRepository } from './turns.js';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';

type StatusUpdate = { status: MessageStatus; error?: ErrorInfo | null; externalId?: string };

const MESSAGES = { table: 'messages' };

/** Messages in bulk: ids are new (no dedupe key on this path). */
const MESSAGE_TABLE: BulkTable = { table: 'messages', columns: MESSAGE_SLOTS, onConflict: 'fail' };

const messageQueries = perDialect((dialect: SqlDialect, _key: typeof MESSAGES) => {
  const f = dialect.fragments;
  const rows = (build: Parameters<typeof prepareRaw>[1]) => prepareRaw(dialect, build, { returnsRows: true });
  const columns = sql.raw(MESSAGE_COLUMNS);
  const update = (slot: (name: string) => never) => sql`UPDATE messages SET status = ${slot('status')},
    error = CASE WHEN ${f.bool(slot('setError'))} THEN ${f.json(slot('error'))} ELSE error END,
    external_id = coalesce(${f.text(slot('externalId'))}, external_id)
    WHERE id = ${slot('id')}`;
  const values = (slot: (name: string) => never) => sql.join(MESSAGE_SLOTS.map((name) => slot(name)));
  return {
    insert: prepareRaw(dialect, (slot) => sql`INSERT INTO messages (${columns}) VALUES (${values(slot)})`, {
      returnsRows: false,
    }),
    // The message and its conversation's inbox fields in one statement, where the dialect allows it.
    insertMoving: dialect.writableCte
      ? prepareRaw(
          dialect,
          (slot) => sql`WITH stored AS (INSERT INTO messages (${columns}) VALUES (${values(slot)}))
            ${inboxActivityUpdate(dialect, slot)}`,
          { returnsRows: false },
        )
      : null,
    get: rows((slot) => sql`SELECT ${columns} FROM messages WHERE id = ${slot('id')}`),
    byExternalId: rows(
      (slot) => sql`SELECT ${columns} FROM messages WHERE channel = ${slot('channel')}
        AND external_id = ${slot('externalId')} ORDER BY id LIMIT 1`,
    ),
    latest: rows(
      (slot) => sql`SELECT ${columns} FROM messages WHERE conversation_id = ${slot('conversation')}
        AND (kind IS NULL OR ${f.bool(slot('notes'))}) ORDER BY id DESC LIMIT ${slot('limit')}`,
    ),
    before: rows(
      (slot) => sql`SELECT ${columns} FROM messages WHERE conversation_id = ${slot('conversation')}
        AND id < ${slot('before')} AND (kind IS NULL OR ${f.bool(slot('notes'))})
        ORDER BY id DESC LIMIT ${slot('limit')}`,
    ),
    lastFromContact: rows(
      (slot) => sql`SELECT max(created_at) FROM messages
        WHERE conversation_id = ${slot('conversation')} AND sender_type = 'contact'`,
    ),
    countGuarded: rows(
      (slot) => sql`SELECT count(*) FROM messages WHERE guard IS NOT NULL AND created_at >= ${slot('since')}`,
    ),
    // The id range reads the window off the primary key (ids are time-ordered); created_at makes it exact.
    activity: rows(
      // System lines ("Lina (coach) joined") are no one's message: the total is the senders' sum.
      (slot) => sql`SELECT count(*) FILTER (WHERE m.sender_type != 'system'),
        count(*) FILTER (WHERE m.sender_type = 'contact'),
        count(*) FILTER (WHERE m.sender_type = 'assistant'), count(*) FILTER (WHERE m.sender_type = 'coach'),
        count(DISTINCT m.conversation_id)
        FROM messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.id >= ${slot('fromId')} AND m.id < ${slot('toId')}
          AND m.created_at >= ${slot('from')} AND m.created_at < ${slot('to')} AND c.kind != 'direct'
          AND m.kind IS NULL`,
    ),
    // A message counts unless the contact sent it; NULL sender ids never match.
    countUnread: rows(
      (slot) => sql`SELECT count(*) FROM messages WHERE conversation_id = ${slot('conversation')}
        AND id > ${slot('after')} AND kind IS NULL
        AND NOT (sender_type = 'contact' AND sender_id IS NOT DISTINCT FROM ${f.text(slot('contact'))})`,
    ),
    updateStatus: rows((slot) => sql`${update(slot)} RETURNING ${columns}`),
    setStatus: prepareRaw(dialect, (slot) => update(slot), { returnsRows: false }),
  };
});

export class SqlMessageRepository implements MessageRepository {
  readonly #q;
  readonly #dialect: SqlDialect;
  readonly #outbound: StatementBatches<OutboundWrite, Conversation | null> | null;
  readonly #inbound: StatementBatches<InboundWrite, unknown[]> | null;
  readonly #reads: StatementBatches<InboundRead, InboundContext> | null;

  constructor(
    private readonly db: SqlExecutor,
    private readonly dedupe: MessageDedupe,
  ) {
    this.#dialect = db.dialect;
    this.#q = messageQueries(db.dialect, MESSAGES);
    // Concurrent callers' writes in one statement where each call is a statement of its own
    // (statement-batches.ts).
    const batches = db.pooled && db.dialect.writableCte && dedupe.insertFrom !== null;
    this.#outbound = batches ? outboundBatches(db) : null;
    this.#inbound = batches ? inboundBatches(db, dedupe) : null;
    this.#reads = batches ? inboundReadBatches(db) : null;
  }

  /** A stored message (not a note) also moves its conversation's preview and customer count. */
  async insert(
    message: Message,
    dedupeKey?: string,
    activity?: ConversationActivity,
  ): Promise<{ message: Message; duplicate: boolean }> {
    const params = messageParams(this.#dialect, message);
    if (dedupeKey === undefined) {
      const moves = message.kind !== 'note' || activity !== undefined;
      if (moves && this.#q.insertMoving) {
        const inbox = inboxActivityParams(this.#dialect, message, activity);
        await this.db.run(this.#q.insertMoving, mergeParams(params, inbox));
        return { message, duplicate: false };
      }
      await this.db.run(this.#q.insert, params);
      await this.#moveInbox(message, activity);
      return { message, duplicate: false };
    }
    const key = this.dedupe.params(dedupeKey);
    const movingWithIt = this.dedupe.insertMovingUnlessDuplicate;
    if (movingWithIt && (message.kind !== 'note' || activity !== undefined)) {
      const inbox = inboxActivityParams(this.#dialect, message, activity);
      const [row] = await this.db.rows(movingWithIt, mergeParams(params, key, inbox));
      if (Number(row![0]) > 0) return { message, duplicate: false };
    } else if ((await this.db.run(this.dedupe.insertUnlessDuplicate, mergeParams(params, key))) > 0) {
      await this.#moveInbox(message, activity);
      return { message, duplicate: false };
    }
    // Nothing written: the dedupe key is taken, and the stored message is the answer.
    const [row] = await this.db.rows(this.dedupe.byKey, key);
    return { message: toMessage(this.#dialect, row!), duplicate: true };
  }

  async insertMany(items: readonly { message: Message; activity?: ConversationActivity }[]): Promise<void> {
    const conversations = new Set(items.map(({ message }) => message.conversationId));
    // One message per conversation (a campaign's): the preview each writes is its own message.
    const bulk = this.#dialect.roundTrips && conversations.size === items.length && items.length > 1;
    await this.db.atomic(async (db) => {
      const messages = new SqlMessageRepository(db, this.dedupe);
      if (!bulk) {
        for (const { message, activity } of items) await messages.insert(message, undefined, activity);
        return;
      }
      const dialect = db.dialect;
      await insertRows(
        db,
        MESSAGE_TABLE,
        items.map(({ message }) => messageParams(dialect, message)),
      );
      const moves = items
        .filter(({ message, activity }) => message.kind !== 'note' || activity !== undefined)
        .map(({ message, activity }) =>
          Object.fromEntries(
            Object.entries(inboxActivityParams(dialect, message, activity)).map(([key, value]) => [
              `m_${key}`,
              value,
            ]),
          ),
        );
      if (moves.length > 0)
        await db.run(inboxActivityMany(dialect, MESSAGES), { moves: JSON.stringify(moves) });
    });
  }

  async insertInbound(write: InboundWrite): Promise<InboundOutcome> {
    const dialect = this.#dialect;
    const q = inboundQueries(dialect, this.dedupe);
    const decoder = queriesOf(dialect, CONVERSATIONS).decoder;
    if (q.oneStatement) {
      const row = this.#inbound
        ? await this.#inbound.run(write)
        : (await this.db.rows(q.oneStatement, inboundWriteParams(dialect, this.dedupe, write)))[0]!;
      if (Number(row[0]) === 0) return { outcome: 'changed' };
      if (row[4] !== null) {
        const conversation = decoder.one(row.slice(4));
        if (!write.takeTurn) return { outcome: 'written', conversation };
        const turn =
          Number(row[1]) === 1
            ? { answered: (row[2] as string | null) ?? null, newerFromContacts: row[3] as string[] }
            : false;
        return { outcome: 'written', conversation, turn };
      }
      const [stored] = await this.db.rows(this.dedupe.byKey, this.dedupe.params(write.dedupeKey ?? ''));
      return { outcome: 'duplicate', message: toMessage(dialect, stored!) };
    }
    const params = inboundWriteParams(dialect, this.dedupe, write);
    return this.db.atomic(async (unit) => {
      const held = decoder.first(await unit.rows(q.check, params));
      if (!held) return { outcome: 'changed' } as const;
      const messages = new SqlMessageRepository(unit, this.dedupe);
      const { message, duplicate } = await messages.insert(write.message, write.dedupeKey, write.activity);
      if (duplicate) return { outcome: 'duplicate', message } as const;
      const conversation = movedConversation(held, write.activity);
      if (!write.takeTurn) return { outcome: 'written', conversation } as const;
      const { holder, until, now } = write.takeTurn;
      const turn = await new SqlTurnLeaseRepository(unit).acquireAfter(
        message.conversationId,
        holder,
        until,
        now,
        message.id,
      );
      return { outcome: 'written', conversation, turn } as const;
    });
  }

  insertOutbound(write: OutboundWrite): Promise<Conversation | null> {
    if (this.#outbound) return this.#outbound.run(write);
    return insertOutbound(this.db, write);
  }

  readInbound(channel: ChannelName, externalId: string, target: InboundTarget): Promise<InboundContext> {
    if (this.#reads) return this.#reads.run({ channel, externalId, target });
    return readInbound(this.db, channel, externalId, target);
  }

  async get(id: string): Promise<Message | null> {
    return this.#first(await this.db.rows(this.#q.get, { id }));
  }

  async findByDedupeKey(key: string): Promise<Message | null> {
    return this.#first(await this.db.rows(this.dedupe.byKey, this.dedupe.params(key)));
  }

  async findByExternalId(channel: ChannelName, externalId: string): Promise<Message | null> {
    return this.#first(await this.db.rows(this.#q.byExternalId, { channel, externalId }));
  }

  /** The newest `limit` messages before `before` (all when absent), returned oldest first. */
  async list(
    conversationId: string,
    query: { before?: string; limit: number; includeNotes?: boolean },
  ): Promise<Message[]> {
    const base = {
      conversation: conversationId,
      limit: query.limit,
      notes: this.#dialect.encodeBool(query.includeNotes === true),
    };
    const rows =
      query.before === undefined
        ? await this.db.rows(this.#q.latest, base)
        : await this.db.rows(this.#q.before, { ...base, before: query.before });
    return toMessages(this.#dialect, rows.reverse());
  }

  async last(conversationId: string): Promise<Message | null> {
    const params = { conversation: conversationId, limit: 1, notes: this.#dialect.encodeBool(false) };
    return this.#first(await this.db.rows(this.#q.latest, params));
  }

  async #moveInbox(message: Message, activity: ConversationActivity | undefined): Promise<void> {
    if (message.kind === 'note' && activity === undefined) return;
    const params = inboxActivityParams(this.#dialect, message, activity);
    await this.db.run(inboxActivity(this.#dialect, MESSAGES), params);
  }

  async lastFromContactAt(conversationId: string): Promise<string | null> {
    const [row] = await this.db.rows(this.#q.lastFromContact, { conversation: conversationId });
    return (row?.[0] as string | null | undefined) ?? null;
  }

  async countGuarded(since: string): Promise<number> {
    const [row] = await this.db.rows(this.#q.countGuarded, { since });
    return Number(row![0]);
  }

  async activity(from: string, to: string): Promise<MessageActivity> {
    const [row] = await this.db.rows(this.#q.activity, { from, to, ...idWindow(from, to) });
    const [messages, fromContacts, assistant, coach, conversations] = row!.map(Number) as number[];
    return {
      messages: messages!,
      fromContacts: fromContacts!,
      assistant: assistant!,
      coach: coach!,
      conversations: conversations!,
    };
  }

  async countUnread(conversationId: string, afterId: string | null, contactId: string): Promise<number> {
    // Every id sorts after '', so a null marker counts the whole conversation.
    const params = { conversation: conversationId, after: afterId ?? '', contact: contactId };
    const [row] = await this.db.rows(this.#q.countUnread, params);
    return Number(row![0]);
  }

  /** `error: null` clears the error, an absent one keeps it; an absent externalId keeps the stored one. */
  async updateStatus(id: string, update: StatusUpdate): Promise<Message | null> {
    return this.#first(await this.db.rows(this.#q.updateStatus, this.#statusParams(id, update)));
  }

  async setStatus(id: string, update: StatusUpdate): Promise<boolean> {
    return (await this.db.run(this.#q.setStatus, this.#statusParams(id, update))) > 0;
  }

  #first(rows: unknown[][]): Message | null {
    const row = rows[0];
    return row ? toMessage(this.#dialect, row) : null;
  }

  #statusParams(id: string, update: StatusUpdate): Record<string, unknown> {
    return {
      id,
      status: update.status,
      setError: this.#dialect.encodeBool(update.error !== undefined),
      error: update.error ? this.#dialect.encodeJson(update.error) : null,
      externalId: update.externalId ?? null,
    };
  }
}
