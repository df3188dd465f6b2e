import { type RawBuilder, sql } from 'kysely';
import type { Conversation } from '../../core/types.js';
import { queriesOf } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { MOST_RECENT, NEWEST_SENDER, needsCoach, WAITING } from './conversation-list.js';
import { perDialect, prepare, prepareRaw, type SlotFn } from './prepared-query.js';
import { foldForSearch } from './search-text.js';

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
  // The title folded as searches fold (accents, case), so a search reads a column, not a function.
  derived: { title_search: { from: ['title'], derive: (conversation) => foldForSearch(conversation.title) } },
};

const LIVE = sql`archived_at IS NULL`;

/** The first key of the chats' advisory locks (PostgreSQL), the second being the chat's hash. */
const CHAT_LOCKS = 17_001;

type SelectAll = ReturnType<ReturnType<typeof queriesOf>['selectAll']>;

/** The newest live conversation of `kind` on a chat. */
function byChatQuery(query: SelectAll, slot: SlotFn, kind: unknown) {
  return query
    .where('channel', '=', slot('channel'))
    .where('external_chat_id', '=', slot('chat'))
    .where('kind', '=', kind as never)
    .where(LIVE as never)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
}

export const conversationQueries = perDialect((dialect, spec: EntitySpec<Conversation>) => {
  const q = queriesOf(dialect, spec);
  const f = dialect.fragments;
  const where = (condition: RawBuilder<unknown>) => condition as never;
  const byChat = (kind: (slot: SlotFn) => unknown) =>
    q.select((query, slot) => byChatQuery(query, slot, kind(slot)));
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
    liveLocked: q.select((query, slot) =>
      query.where('id', '=', slot('id')).where(where(LIVE)).modifyEnd(sql`FOR UPDATE`),
    ),
    latestByChat: byChat(() => 'assistant'),
    latestByChatLocked: q.select((query, slot) =>
      byChatQuery(query, slot, 'assistant').modifyEnd(sql`FOR UPDATE`),
    ),
    // Many chats' locks in one statement, in one order (by hash) whoever takes them: two units locking
    // overlapping sets wait for each other instead of each holding what the other needs.
    lockChats: prepareRaw(
      dialect,
      (slot, f) => sql`SELECT pg_advisory_xact_lock(${sql.lit(CHAT_LOCKS)}, h) FROM
        (SELECT DISTINCT hashtext(chat) AS h FROM ${f.jsonList(slot('chats'))} AS c(chat) ORDER BY h) AS keys`,
      { returnsRows: true },
    ),
    // A transaction lock on the chat's key (PostgreSQL): held until the unit ends, found row or not.
    // The two-key form is a lock space apart from the one-key locks (migrations); two chats whose keys
    // hash alike only wait for each other.
    lockChat: prepareRaw(
      dialect,
      (slot) => sql`SELECT pg_advisory_xact_lock(${sql.lit(CHAT_LOCKS)}, hashtext(${slot('key')}))`,
      { returnsRows: true },
    ),
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
    // Read at every start (resumePending): a range of the recency index, the conversations active
    // since `since`, not a scan of every conversation (~25 ms at 100,000, the event loop held).
    // Assistant conversations are never archived (only groups are), so LIVE filters none of them out.
    awaitingAnswer: prepareRaw(
      dialect,
      (slot, f) => sql`SELECT ${sql.join(q.columns.map((column) => sql.ref(column)))}
        FROM conversations ${f.indexedBy('conversations_recent')}
        WHERE ${LIVE} AND ${MOST_RECENT} >= ${slot('since')} AND last_message_at >= ${slot('since')}
          AND kind = 'assistant' AND NOT handoff AND ${NEWEST_SENDER} = 'contact'
        ORDER BY ${MOST_RECENT}, id LIMIT ${slot('limit')}`,
      { returnsRows: true },
    ),
    // Each figure reads at most `up_to` rows (COUNT_UP_TO and one: whether there are more): the held
    // ones off `conversations_handoff_at` (spelled as it is), the waiting ones off the covering partial
    // index (SQLite would otherwise read the table, see `indexedBy`).
    countHandoffs: prepareRaw(
      dialect,
      (slot, f) => sql`SELECT
        (SELECT count(*) FROM (SELECT 1 AS one FROM conversations
          WHERE ${LIVE} AND ${f.isTrue(sql.ref('handoff'))} LIMIT ${slot('up_to')}) AS held) AS handoff,
        (SELECT count(*) FROM (SELECT 1 AS one FROM conversations ${f.indexedBy('conversations_attention')}
          WHERE ${LIVE} AND ${needsCoach(dialect)} AND ${WAITING} LIMIT ${slot('up_to')}) AS waiting) AS waiting`,
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
    latestAssistantOn:
      dialect.name === 'postgres'
        ? // Each contact's newest by the contacts' index, whatever the statistics say. A first campaign
          // opens thousands of conversations in a table that had few, faster than autovacuum analyses
          // it: planned once on the small table and kept, the list form read the whole grown table
          // per group (~30 ms for 200 contacts at 17,000 rows; dispatch 2,500 a second, not 3,500).
          // Planned at each run (the table's size now), per contact (LATERAL … LIMIT 1: one key, not
          // the list, which without statistics counts as every row); `archived_at IS NULL` spelled so
          // that no partial index of live conversations (0.5 % NULL without statistics) is ANDed in.
          prepareRaw(
            dialect,
            (slot) => sql`SELECT ${sql.join(q.columns.map((column) => sql.ref(`c.${column}`)))}
              FROM unnest(CAST(${slot('contacts')} AS text[])) AS l(contact_id)
              CROSS JOIN LATERAL (SELECT ${sql.join(q.columns.map((column) => sql.ref(column)))}
                FROM conversations
                WHERE contact_id = l.contact_id AND (kind || '') = 'assistant'
                  AND (channel || '') = ${slot('channel')} AND coalesce(archived_at, '') = ''
                ORDER BY ${MOST_RECENT} DESC, id DESC LIMIT 1) c`,
            { returnsRows: true, planEachRun: true },
          )
        : q.select((query, slot) =>
            query
              .where(
                // By the contacts' index: SQLite's planner otherwise reads every assistant
                // conversation (its kind index) and filters the contacts out of them, per group.
                where(sql`${f.inList(sql.ref('contact_id'), slot('contacts'))}
                  AND ${f.textNoIndex(sql.ref('kind'))} = 'assistant'
                  AND ${f.textNoIndex(sql.ref('channel'))} = ${slot('channel')} AND ${LIVE}`),
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
