/**
 * The inbox list (`ConversationRepository.list`): one statement pair (page, total) per shape of the
 * filter, compiled when first asked, holding only the conditions asked for. A condition written as
 * "parameter IS NULL OR …" cost a scan of every contact (and the message index) on each call even
 * with no search, and kept the planner from the indexes that serve each filter:
 * - no filter, kinds: the recency index (`conversations_recent`), read in order, stopped at the page;
 * - handoff: the partial index of handed-off conversations (`conversations_handoff_at`);
 * - waiting: the partial index of conversations that need the coach (`conversations_attention`);
 * - kind (groups): `conversations_of_kind`;
 * - an agent's (`conversations_assignee`); nobody's and open/resolved in recency order, tested per row;
 * - a search: candidates first, each bounded (below), then the same order.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Conversation } from '../../core/types.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { EntitySpec } from './entity-map.js';
import { type PreparedQuery, prepareRaw, type SlotFn } from './prepared-query.js';

/**
 * A search lists the conversations of the newest SEARCH_CANDIDATES messages that match its words
 * (every one of them when fewer match), besides those whose title or customer matches: the page no
 * longer reads a conversation per match. Both backends stop reading matches at the limit (SQLite
 * through its prefix indexes; docs/DECISIONS.md, "Growth").
 */
export const SEARCH_CANDIDATES = 2_000;

export interface ListShape {
  kind: boolean;
  kinds: boolean;
  handoff: boolean | undefined;
  waiting: boolean | undefined;
  /** Words for the message index (null: the query has no word, e.g. only punctuation). */
  words: boolean;
  query: boolean;
  /** The inbox filters (issue 19): one agent's, nobody's (`assignee_id IS NULL`), open or resolved. */
  assignee: boolean;
  unassigned: boolean;
  status: boolean;
}

const LIVE = sql`archived_at IS NULL`;
/** The sender of the conversation's newest message (notes aside: they are the team's, not the talk). */
export const NEWEST_SENDER = sql`(SELECT m.sender_type FROM messages m WHERE m.conversation_id = conversations.id
  AND m.kind IS NULL ORDER BY m.id DESC LIMIT 1)`;
/** The same expression as the partial index `conversations_attention` (migrations 071 / PostgreSQL 056). */
export function needsCoach(dialect: SqlDialect): RawBuilder<unknown> {
  return sql`(${dialect.fragments.isTrue(sql.ref('handoff'))} OR coach_needed_at IS NOT NULL)`;
}
/** Waiting for the coach: a question left to them, or held by them with the customer's message newest. */
export const WAITING = sql`(coach_needed_at IS NOT NULL OR (handoff AND coalesce(${NEWEST_SENDER}, '') = 'contact'))`;
export const MOST_RECENT = sql`coalesce(last_message_at, created_at)`;

function conditions(dialect: SqlDialect, shape: ListShape, slot: SlotFn): RawBuilder<unknown>[] {
  const f = dialect.fragments;
  const out = [LIVE];
  if (shape.kind) out.push(sql`kind = ${slot('kind')}`);
  // Kept off an index on kind: the list is read in recency order, and nearly every row qualifies.
  if (shape.kinds) out.push(sql`${f.noIndex(sql.ref('kind'))} IN ${f.jsonList(slot('kinds'))}`);
  // As `conversations_handoff_at` spells it: the handed-off few, read off that partial index.
  if (shape.handoff === true) out.push(sql`${f.isTrue(sql.ref('handoff'))}`);
  if (shape.handoff === false) out.push(sql`NOT handoff`);
  if (shape.waiting === true) out.push(needsCoach(dialect), WAITING);
  if (shape.waiting === false) out.push(sql`NOT ${WAITING}`);
  if (shape.assignee) out.push(sql`assignee_id = ${slot('assignee')}`);
  // Nearly every conversation is nobody's: read in recency order, not off `conversations_assignee`.
  if (shape.unassigned) out.push(sql`${f.noIndex(sql.ref('assignee_id'))} IS NULL`);
  if (shape.status) out.push(sql`inbox_status = ${slot('status')}`);
  if (shape.query) out.push(f.inSubquery(sql.ref('id'), searchCandidates(dialect, shape, slot)));
  return out;
}

/**
 * Conversations whose messages, title or customer match: each part bounded or indexed. The messages'
 * part reads `newest` (`withNewest`), which the statement computes once.
 */
function searchCandidates(dialect: SqlDialect, shape: ListShape, slot: SlotFn): RawBuilder<unknown> {
  const f = dialect.fragments;
  const parts = [
    sql`SELECT id FROM conversations WHERE ${f.contains(sql.ref('title_search'), slot('query'))}`,
    // Contacts are scanned (one folded column each), their conversations found by index.
    sql`SELECT id FROM conversations WHERE contact_id IN
      (SELECT id FROM contacts WHERE ${f.contains(sql.ref('search_text'), slot('query'))})`,
  ];
  if (shape.words) parts.unshift(sql`SELECT conversation_id FROM newest`);
  return sql`(${sql.join(parts, sql` UNION `)})`;
}

/**
 * A search by words starts with the newest SEARCH_CANDIDATES messages that match (`newest`: id and
 * conversation), read once for the candidates and for each listed conversation's matched message.
 */
function withNewest(dialect: SqlDialect, shape: ListShape, slot: SlotFn): RawBuilder<unknown> {
  if (!shape.words) return sql``;
  const newest = dialect.fragments.newestMatching(slot('words'), sql.lit(SEARCH_CANDIDATES));
  return sql`WITH newest AS MATERIALIZED (${newest}) `;
}

/**
 * The index a total is counted off (SQLite: see `indexedBy`), when the planner would read the table:
 * `conversations_recent` covers every condition but the search and waiting; waiting reads the partial
 * `conversations_attention`. Measured at 1,000,000 messages: 2.4 ms off the index, 24 ms off the table.
 */
function countIndex(shape: ListShape): string | null {
  if (shape.query || shape.kind || shape.assignee || shape.handoff === true) return null;
  return shape.waiting === true ? 'conversations_attention' : 'conversations_recent';
}

export interface ListQueries {
  page: PreparedQuery;
  count: PreparedQuery;
  /**
   * A search's page with two last columns: the total (`count(*) OVER ()`) and the conversation's
   * newest message among the matches read (NULL: matched by its title or customer only). The
   * candidates are found once. Plain lists keep two statements, so the page stops early in index order.
   */
  pageWithTotal: PreparedQuery;
}

const cache = new WeakMap<SqlDialect, Map<string, ListQueries>>();

/** The page and total statements of one filter shape, compiled once per process. */
export function listQueries(
  dialect: SqlDialect,
  spec: EntitySpec<Conversation>,
  shape: ListShape,
): ListQueries {
  let byShape = cache.get(dialect);
  if (!byShape) {
    byShape = new Map();
    cache.set(dialect, byShape);
  }
  const key = JSON.stringify(shape);
  let queries = byShape.get(key);
  if (!queries) {
    const where = (slot: SlotFn) => sql.join(conditions(dialect, shape, slot), sql` AND `) as never;
    queries = {
      page: queriesOf(dialect, spec).select((query, slot) =>
        query
          .where(where(slot))
          .orderBy(MOST_RECENT, 'desc')
          .orderBy('id', 'desc')
          .limit(slot('limit'))
          .offset(slot('offset')),
      ),
      pageWithTotal: prepareRaw(
        dialect,
        (slot) => {
          const columns = sql.join(
            queriesOf(dialect, spec).columns.map((c) => sql.ref(`conversations.${c}`)),
          );
          const matched = shape.words
            ? sql`LEFT JOIN (SELECT conversation_id AS matched_conversation, max(id) AS matched FROM newest
                GROUP BY conversation_id) m ON m.matched_conversation = conversations.id`
            : sql``;
          return sql`${withNewest(dialect, shape, slot)}SELECT ${columns}, count(*) OVER () AS total,
            ${shape.words ? sql`m.matched` : sql`NULL`} AS matched FROM conversations ${matched}
            WHERE ${where(slot)} ORDER BY ${MOST_RECENT} DESC, conversations.id DESC
            LIMIT ${slot('limit')} OFFSET ${slot('offset')}`;
        },
        { returnsRows: true },
      ),
      count: prepareRaw(
        dialect,
        (slot, f) => {
          const index = countIndex(shape);
          const counted = sql`FROM conversations ${index ? f.indexedBy(index) : sql``} WHERE ${where(slot)}`;
          // A search counts its bounded candidates. Any other total stops at `up_to` (listCountBound,
          // core/repositories-conversations.ts; no limit when the list has none): at 100,000 waiting
          // conversations, counting them all took 35 ms of a 50 ms budget, and the open tab's 50-66 ms
          // on PostgreSQL at 100,000 open ones.
          if (shape.query) return sql`${withNewest(dialect, shape, slot)}SELECT count(*) AS n ${counted}`;
          return sql`SELECT count(*) AS n FROM (SELECT 1 AS one ${counted} LIMIT ${slot('up_to')}) AS counted`;
        },
        { returnsRows: true },
      ),
    };
    byShape.set(key, queries);
  }
  return queries;
}
