import { type RawBuilder, sql } from 'kysely';
import type { Conversation } from '../../core/types.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { EntitySpec } from './entity-map.js';
import { perDialect, prepare, prepareRaw, type SlotFn } from './prepared-query.js';

export const CONVERSATIONS: EntitySpec<Conversation> = {
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
};

const LIVE = sql`archived_at IS NULL`;
/** The sender of the conversation's newest message. */
const NEWEST_SENDER = sql`(SELECT m.sender_type FROM messages m WHERE m.conversation_id = conversations.id
  AND m.kind IS NULL ORDER BY m.id DESC LIMIT 1)`;
/** Waiting for the coach: a question left to them, or held by them with the customer's message newest. */
const WAITING = sql`(coach_needed_at IS NOT NULL OR (handoff AND coalesce(${NEWEST_SENDER}, '') = 'contact'))`;
const MOST_RECENT = sql`coalesce(last_message_at, created_at)`;

/** The list filter: each condition off when its parameter is NULL. Message words by full text. */
function listFilter(dialect: SqlDialect, slot: SlotFn) {
  const f = dialect.fragments;
  return sql<boolean>`${LIVE}
    AND (${f.text(slot('kind'))} IS NULL OR kind = ${slot('kind')})
    AND (${f.text(slot('kinds'))} IS NULL OR kind IN ${f.jsonList(slot('kinds'))})
    AND (${f.bool(slot('handoff'))} IS NULL OR handoff = ${f.bool(slot('handoff'))})
    AND (${f.bool(slot('waiting'))} IS NULL OR ${WAITING} = ${f.bool(slot('waiting'))})
    AND (${f.bool(slot('unassigned'))} IS NULL OR assignee_id IS NULL)
    AND (${f.text(slot('assignee'))} IS NULL OR assignee_id = ${slot('assignee')})
    AND (${f.text(slot('status'))} IS NULL OR inbox_status = ${slot('status')})
    AND (${f.text(slot('query'))} IS NULL
      OR (${f.text(slot('words'))} IS NOT NULL AND id IN ${f.conversationsWithWords(slot('words'))})
      OR ${f.contains(sql`kora_fold(title)`, slot('query'))}
      OR contact_id IN (SELECT id FROM contacts WHERE ${f.contains(sql.ref('search_text'), slot('query'))}))`;
}

export const conversationQueries = perDialect((dialect, spec: EntitySpec<Conversation>) => {
  const q = queriesOf(dialect, spec);
  const f = dialect.fragments;
  const where = (condition: RawBuilder<unknown>) => condition as never;
  const byChat = (kind: (slot: SlotFn) => unknown) =>
    q.select((query, slot) =>
      query
        .where('channel', '=', slot('channel'))
        .where('external_chat_id', '=', slot('chat'))
        .where('kind', '=', kind(slot) as never)
        .where(where(LIVE))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1),
    );
  return {
    // Insert-or-get: the unique key on live groups (migrations 065 / 049) decides between racing
    // openers; the losers insert nothing and read the winner's row.
    insertGroup: prepare(
      dialect,
      (db, slot) =>
        db
          .insertInto(CONVERSATIONS.table)
          .values(Object.fromEntries(q.columns.map((column) => [column, slot(column)])))
          .onConflict((conflict) => conflict.doNothing()),
      { mayConflict: false },
    ),
    live: q.select((query, slot) => query.where('id', '=', slot('id')).where(where(LIVE))),
    page: q.select((query, slot) =>
      query
        .where(where(listFilter(dialect, slot)))
        .orderBy(MOST_RECENT, 'desc')
        .orderBy('id', 'desc')
        .limit(slot('limit'))
        .offset(slot('offset')),
    ),
    count: prepare(dialect, (db, slot) =>
      db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(where(listFilter(dialect, slot))),
    ),
    latestByChat: byChat(() => 'assistant'),
    byChat: byChat((slot) => slot('kind')),
    archive: prepare(dialect, (db, slot) =>
      db
        .updateTable('conversations')
        .set({ archived_at: slot('now'), updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where(where(LIVE)),
    ),
    // Conditional: whoever hands back (any process) changes the row only while it is still due.
    handBack: prepare(dialect, (db, slot) =>
      db
        .updateTable('conversations')
        .set({ handoff: slot('off'), handoff_at: null, coach_needed_at: null, updated_at: slot('now') })
        .where('id', '=', slot('id'))
        .where(where(sql`handoff`))
        .where('handoff_at', '<', slot('before')),
    ),
    handedOffBefore: q.select((query, slot) =>
      query
        .where(where(sql`handoff`))
        .where('handoff_at', '<', slot('before'))
        .orderBy('handoff_at')
        .orderBy('id')
        .limit(slot('limit')),
    ),
    awaitingAnswer: q.select((query, slot) =>
      query
        .where('kind', '=', 'assistant')
        .where(where(sql`NOT handoff`))
        .where('last_message_at', '>=', slot('since'))
        .where(where(sql`${NEWEST_SENDER} = 'contact'`))
        .orderBy('last_message_at')
        .orderBy('id')
        .limit(slot('limit')),
    ),
    countHandoffs: prepareRaw(
      dialect,
      () => sql`SELECT count(*) FILTER (WHERE handoff) AS handoff, count(*) FILTER (WHERE ${WAITING}) AS waiting
        FROM conversations WHERE ${LIVE} AND (handoff OR coach_needed_at IS NOT NULL)`,
      { returnsRows: true },
    ),
    // The id range reads the window off the primary key (ids are time-ordered); created_at makes it exact.
    countCreated: prepare(dialect, (db, slot) =>
      db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', '>=', slot('fromId'))
        .where('id', '<', slot('toId'))
        .where('created_at', '>=', slot('from'))
        .where('created_at', '<', slot('to'))
        .where('kind', '!=', 'direct'),
    ),
    forContact: q.select((query, slot) =>
      query
        .where(
          where(sql`(id IN (SELECT conversation_id FROM conversation_members WHERE contact_id = ${slot('contact')})
            OR contact_id = ${slot('contact')}) AND ${LIVE}`),
        )
        .orderBy(MOST_RECENT, 'desc')
        .orderBy('id', 'desc'),
    ),
    latestAssistantOn: q.select((query, slot) =>
      query
        .where(
          where(sql`contact_id IN ${f.jsonList(slot('contacts'))} AND kind = 'assistant'
            AND ${f.noIndex(sql.ref('channel'))} = ${slot('channel')} AND ${LIVE}`),
        )
        .orderBy(MOST_RECENT, 'desc')
        .orderBy('id', 'desc'),
    ),
  };
});

export const memberQueries = perDialect((dialect, _spec: EntitySpec<Conversation>) => ({
  // Adding a member twice keeps the first row (and its read marker).
  add: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('conversation_members')
        .values({
          conversation_id: slot('conversation'),
          contact_id: slot('contact'),
          last_read_message_id: slot('lastRead'),
          joined_at: slot('joinedAt'),
        })
        .onConflict((conflict) => conflict.doNothing()),
    { mayConflict: false },
  ),
  remove: prepare(dialect, (db, slot) =>
    db
      .deleteFrom('conversation_members')
      .where('conversation_id', '=', slot('conversation'))
      .where('contact_id', '=', slot('contact')),
  ),
  count: prepare(dialect, (db, slot) =>
    db
      .selectFrom('conversation_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('conversation_id', '=', slot('conversation')),
  ),
  is: prepare(dialect, (db, slot) =>
    db
      .selectFrom('conversation_members')
      .select(sql`1`.as('one'))
      .where('conversation_id', '=', slot('conversation'))
      .where('contact_id', '=', slot('contact')),
  ),
  list: prepare(dialect, (db, slot) =>
    db
      .selectFrom('conversation_members')
      .select(['conversation_id', 'contact_id', 'last_read_message_id', 'joined_at'])
      .where('conversation_id', '=', slot('conversation'))
      .orderBy('joined_at')
      .orderBy('contact_id'),
  ),
  // Ids are time-ordered, so the marker only moves forward even when reads arrive out of order.
  markRead: prepare(dialect, (db, slot) =>
    db
      .updateTable('conversation_members')
      .set({ last_read_message_id: slot('message') })
      .where('conversation_id', '=', slot('conversation'))
      .where('contact_id', '=', slot('contact'))
      .where((eb) =>
        eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', slot('message'))]),
      ),
  ),
}));
