/**
 * `messages.insertOutbound`: an outbound message, its outbox entry and its conversation's activity,
 * written only while the conversation is live and holds what the sender decided from. The UPDATE of
 * the conversation is the compare-and-set: its WHERE names the expected values, and on PostgreSQL
 * (READ COMMITTED) a row changed by a concurrent transaction is waited for and the WHERE checked again
 * on the committed row, so a handoff that commits first always wins. Where the dialect has writable
 * CTEs the three writes are one statement (one round trip, atomic by itself: no unit, no lock held
 * between round trips); elsewhere (SQLite, one writer) the row read, then the writes, in one atomic
 * block. An assistant's answer also lets go of its turn's lease in that write (`releases`).
 */
import { sql } from 'kysely';
import type { OutboundWrite } from '../../core/repositories.js';
import type { Conversation } from '../../core/types.js';
import { queriesOf } from './crud.js';
import { CONVERSATIONS } from './conversation-queries.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import {
  inboxActivityParams,
  inboxActivitySet,
  inboxActivityUpdate,
  movedConversation,
} from './inbox-queries.js';
import { MESSAGE_COLUMNS, MESSAGE_SLOTS, messageParams } from './message-rows.js';
import { OUTBOX } from './outbox.js';
import { turnRelease } from './turns.js';
import { holdsExpected } from './inbound-insert.js';
import { mergeParams, perDialect, prepareRaw, type SlotFn } from './prepared-query.js';

/** The outbox entry's values are named `o_<column>`: the message's own carry the same names. */
export const OUTBOX_SLOT = 'o_';

const outboundQueries = perDialect((dialect: SqlDialect, spec: typeof CONVERSATIONS) => {
  const conversation = queriesOf(dialect, spec);
  const outboxColumns = queriesOf(dialect, OUTBOX).columns;
  const returning = sql.raw(conversation.columns.join(', '));
  const changed = (slot: SlotFn) => sql`UPDATE conversations SET ${inboxActivitySet(dialect, slot)}
    WHERE ${holdsExpected(dialect, slot)} RETURNING ${returning}`;
  const messageValues = (slot: SlotFn) => sql.join(MESSAGE_SLOTS.map((name) => slot(name)));
  const entryValues = (slot: SlotFn) => sql.join(outboxColumns.map((name) => slot(`${OUTBOX_SLOT}${name}`)));
  // The turn's lease, named apart from the message's values (`id` is the message's).
  const turn = (slot: SlotFn) => (name: string) =>
    slot(name === 'id' ? 'preview_conversation' : `turn_${name}`);
  const messageInto = sql`INSERT INTO messages (${sql.raw(MESSAGE_COLUMNS)})`;
  const entryInto = sql`INSERT INTO outbox (${sql.raw(outboxColumns.join(', '))})`;
  return {
    // The inserts select from the UPDATE's row: none when the compare-and-set failed.
    oneStatement: dialect.writableCte
      ? prepareRaw(
          dialect,
          (slot) => sql`WITH moved AS (${changed(slot)}),
            stored AS (${messageInto} SELECT ${messageValues(slot)} FROM moved),
            queued AS (${entryInto} SELECT ${entryValues(slot)} FROM moved),
            released AS (${turnRelease(dialect, turn(slot), sql`EXISTS (SELECT 1 FROM moved)`)})
            SELECT ${returning} FROM moved`,
          { returnsRows: true },
        )
      : null,
    // Elsewhere (one writer, in one atomic block): the row read if it holds, then moved.
    held: prepareRaw(
      dialect,
      (slot) => sql`SELECT ${returning} FROM conversations WHERE ${holdsExpected(dialect, slot)}`,
      { returnsRows: true },
    ),
    moved: prepareRaw(dialect, (slot) => inboxActivityUpdate(dialect, slot), { returnsRows: false }),
    message: prepareRaw(dialect, (slot) => sql`${messageInto} VALUES (${messageValues(slot)})`, {
      returnsRows: false,
    }),
    entry: prepareRaw(dialect, (slot) => sql`${entryInto} VALUES (${entryValues(slot)})`, {
      returnsRows: false,
    }),
    released: prepareRaw(dialect, (slot) => turnRelease(dialect, turn(slot)), { returnsRows: false }),
  };
});

/** The values of an outbound write's statement, by slot name (one namespace: see OUTBOX_SLOT). */
export function outboundParams(dialect: SqlDialect, write: OutboundWrite): Record<string, unknown> {
  const entry = queriesOf(dialect, OUTBOX).params(write.entry);
  const { coachNeededAt } = write.expected;
  const entryParams: Record<string, unknown> = {};
  for (const column in entry) entryParams[`${OUTBOX_SLOT}${column}`] = entry[column];
  return mergeParams(
    messageParams(dialect, write.message),
    inboxActivityParams(dialect, write.message, write.activity),
    entryParams,
    {
      expected_handoff: dialect.encodeBool(write.expected.handoff),
      compares_coach: dialect.encodeBool(coachNeededAt !== undefined),
      expected_coach: coachNeededAt ?? null,
      // No holder: the release matches no row.
      turn_holder: write.releases?.holder ?? null,
      turn_answered: write.releases?.answered ?? null,
    },
  );
}

export async function insertOutbound(db: SqlExecutor, write: OutboundWrite): Promise<Conversation | null> {
  const dialect = db.dialect;
  const q = outboundQueries(dialect, CONVERSATIONS);
  const decoder = queriesOf(dialect, CONVERSATIONS).decoder;
  const params = outboundParams(dialect, write);
  if (q.oneStatement) return decoder.first(await db.rows(q.oneStatement, params));
  return db.atomic(async (unit) => {
    const held = decoder.first(await unit.rows(q.held, params));
    if (!held) return null;
    // SQLite's RETURNING costs more than this read of the row by its key (bench/ingest).
    await unit.run(q.moved, params);
    await unit.run(q.message, params);
    await unit.run(q.entry, params);
    if (write.releases) await unit.run(q.released, params);
    return movedConversation(held, write.activity);
  });
}
