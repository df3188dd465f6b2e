/**
 * `messages.insertInbound`: a customer's message written without a unit, only while its conversation
 * is live and holds what the message was decided from (its handoff and coach mark, and being its
 * chat's newest conversation when it was found by chat). On PostgreSQL one statement: the conversation
 * locked if it still holds (`FOR UPDATE` at READ COMMITTED waits for a concurrent writer and checks the
 * WHERE again on the committed row), the message inserted from that row unless its dedupe key is
 * stored, and the conversation's activity moved only if the message was. Elsewhere (SQLite, one
 * writer) the check, which reads the row that holds, and `insert` in one atomic block: the conversation
 * after the write is that row moved by the activity, not read again. `messages.readInbound` (below)
 * reads what the write is decided from.
 */
import { type RawBuilder, sql } from 'kysely';
import type { InboundContext, InboundTarget, InboundWrite } from '../../core/repositories.js';
import type { ChannelName } from '../../core/types.js';
import { CONTACTS } from './contacts.js';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';
import type { SqlExecutor } from './executor.js';
import type { SqlDialect } from './dialect.js';
import { inboxActivityParams, inboxActivitySet } from './inbox-queries.js';
import { messageParams } from './message-rows.js';
import type { MessageDedupe } from './message-dedupe.js';
import { mergeParams, perDialect, prepareRaw, type SlotFn } from './prepared-query.js';
import { turnNewer, turnTakeIf } from './turns.js';

/**
 * The compare-and-set of a message's write, inbound or outbound (outbound-insert.ts): the
 * conversation (`c`, or unqualified with no alias) is live and holds what the message was decided
 * from, its handoff and, when `compares_coach` says so, its coach mark.
 */
export function holdsExpected(dialect: SqlDialect, slot: SlotFn, alias = ''): RawBuilder<unknown> {
  const f = dialect.fragments;
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  return sql`${column('id')} = ${slot('preview_conversation')} AND ${column('archived_at')} IS NULL
    AND ${column('handoff')} = ${f.bool(slot('expected_handoff'))}
    AND (NOT ${f.bool(slot('compares_coach'))}
      OR ${column('coach_needed_at')} IS NOT DISTINCT FROM ${f.text(slot('expected_coach'))})`;
}

/** `holdsExpected` for a customer's message, and still its chat's newest when it was found by chat. */
export function holds(dialect: SqlDialect, slot: SlotFn): RawBuilder<unknown> {
  const f = dialect.fragments;
  const newer = sql`SELECT 1 FROM conversations n WHERE n.channel = c.channel
    AND n.external_chat_id = c.external_chat_id AND n.kind = 'assistant' AND n.archived_at IS NULL
    AND (n.created_at > c.created_at OR (n.created_at = c.created_at AND n.id > c.id))`;
  return sql`${holdsExpected(dialect, slot, 'c')} AND (NOT ${f.bool(slot('newest'))} OR NOT EXISTS (${newer}))`;
}

export const inboundQueries = perDialect((dialect: SqlDialect, dedupe: MessageDedupe) => {
  const returning = sql.raw(queriesOf(dialect, CONVERSATIONS).columns.join(', '));
  return {
    // One row: whether the conversation held; the turn's lease when asked (taken or not, the newest
    // answer recorded, the newer customer messages: NULL when not taken); then the conversation after
    // the write (NULLs: not written, a duplicate when it held).
    oneStatement: dedupe.insertFrom
      ? prepareRaw(
          dialect,
          (slot) => {
            const turn = turnSlots(slot);
            return sql`WITH target AS (SELECT c.id FROM conversations c WHERE ${holds(dialect, slot)} FOR UPDATE),
            stored AS (${dedupe.insertFrom!(slot, sql`target`)} RETURNING 1),
            moved AS (UPDATE conversations SET ${inboxActivitySet(dialect, slot)}
              WHERE id = ${slot('preview_conversation')} AND EXISTS (SELECT 1 FROM stored)
              RETURNING ${returning}),
            lease AS (${turnTakeIf(
              dialect,
              turn,
              sql`${dialect.fragments.bool(slot('take_turn'))} AND EXISTS (SELECT 1 FROM stored)`,
            )})
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM lease),
              (SELECT answered_through FROM lease),
              CASE WHEN EXISTS (SELECT 1 FROM lease)
                THEN ARRAY(SELECT n.text FROM (${turnNewer(turn)}) n ORDER BY n.id) END,
              moved.* FROM (SELECT 1) one LEFT JOIN moved ON true`;
          },
          { returnsRows: true },
        )
      : null,
    // The conversation as it is when it holds (no row: it does not), read before the write.
    check: prepareRaw(
      dialect,
      (slot) =>
        sql`SELECT ${sql.raw(
          queriesOf(dialect, CONVERSATIONS)
            .columns.map((column) => `c.${column}`)
            .join(', '),
        )} FROM conversations c WHERE ${holds(dialect, slot)}`,
      { returnsRows: true },
    ),
  };
});

/** The turn lease's values (storage/sql/turns.ts) as the inbound write names them. */
export const TURN_SLOTS: Record<string, string> = {
  id: 'conversation_id',
  after: 'id',
  holder: 'turn_holder',
  until: 'turn_until',
  now: 'turn_now',
};
const turnSlots =
  (slot: SlotFn): SlotFn =>
  (name) =>
    slot(TURN_SLOTS[name] ?? name);

/** The values the turn lease's part of the write reads (none taken when `takeTurn` is absent). */
export function inboundTurnParams(
  dialect: SqlDialect,
  takeTurn: { holder: string; until: string; now: string } | undefined,
): Record<string, unknown> {
  return {
    take_turn: dialect.encodeBool(takeTurn !== undefined),
    turn_holder: takeTurn?.holder ?? null,
    turn_until: takeTurn?.until ?? null,
    turn_now: takeTurn?.now ?? null,
  };
}

/** The values of an inbound write's statement, by slot name. */
export function inboundWriteParams(
  dialect: SqlDialect,
  dedupe: MessageDedupe,
  write: InboundWrite,
): Record<string, unknown> {
  return mergeParams(
    messageParams(dialect, write.message),
    write.dedupeKey === undefined ? { key: null, hash: null } : dedupe.params(write.dedupeKey),
    inboxActivityParams(dialect, write.message, write.activity),
    inboundParams(dialect, write.expected, write.newestOfChat),
    inboundTurnParams(dialect, write.takeTurn),
  );
}

/** The values `holds` reads. */
export function inboundParams(
  dialect: SqlDialect,
  expected: { handoff: boolean; coachNeededAt: string | null },
  newestOfChat: boolean,
): Record<string, unknown> {
  return {
    expected_handoff: dialect.encodeBool(expected.handoff),
    compares_coach: dialect.encodeBool(true),
    expected_coach: expected.coachNeededAt,
    newest: dialect.encodeBool(newestOfChat),
  };
}

/**
 * `messages.readInbound`: the sender's contact and the message's conversation in one statement, each
 * row's columns as `contacts` and `conversations` read them (NULLs: none). By id the conversation is
 * `conversations.get`'s (live); by chat `findLatestByExternalChat`'s (the newest live assistant one).
 */
const inboundReads = perDialect((dialect: SqlDialect, _spec: typeof CONVERSATIONS) => {
  const prefixed = (alias: string, columns: readonly string[]) =>
    sql.raw(columns.map((column) => `${alias}.${column}`).join(', '));
  const contactColumns = prefixed('ct', queriesOf(dialect, CONTACTS).columns);
  const conversationColumns = prefixed('cv', queriesOf(dialect, CONVERSATIONS).columns);
  const read = (conversation: (slot: SlotFn) => RawBuilder<unknown>) =>
    prepareRaw(
      dialect,
      (slot) => sql`SELECT ${contactColumns}, ${conversationColumns} FROM (SELECT 1 AS one) AS one
        LEFT JOIN contacts ct ON ct.id = (SELECT contact_id FROM channel_identities
          WHERE channel = ${slot('channel')} AND external_id = ${slot('externalId')})
        LEFT JOIN conversations cv ON cv.id = ${conversation(slot)} AND cv.archived_at IS NULL`,
      { returnsRows: true },
    );
  return {
    byId: read((slot) => sql`${slot('conversation')}`),
    byChat: read(
      (slot) => sql`(SELECT id FROM conversations WHERE channel = ${slot('channel')}
        AND external_chat_id = ${slot('chat')} AND kind = 'assistant' AND archived_at IS NULL
        ORDER BY created_at DESC, id DESC LIMIT 1)`,
    ),
  };
});

export async function readInbound(
  db: SqlExecutor,
  channel: ChannelName,
  externalId: string,
  target: InboundTarget,
): Promise<InboundContext> {
  const dialect = db.dialect;
  const q = inboundReads(dialect, CONVERSATIONS);
  const [row] =
    'conversationId' in target
      ? await db.rows(q.byId, { channel, externalId, conversation: target.conversationId })
      : await db.rows(q.byChat, { channel, externalId, chat: target.chatId });
  return decodeInbound(dialect, row!);
}

/** `readInbound`'s row: the contact's columns, then the conversation's (NULLs: none). */
export function decodeInbound(dialect: SqlDialect, row: unknown[]): InboundContext {
  const contacts = queriesOf(dialect, CONTACTS);
  const split = contacts.columns.length;
  return {
    contact: row[0] === null ? null : contacts.decoder.one(row),
    conversation:
      row[split] === null ? null : queriesOf(dialect, CONVERSATIONS).decoder.one(row.slice(split)),
  };
}
