/**
 * `messages.insertInbound`: a customer's message written without a unit, only while its conversation
 * is live and holds what the message was decided from (its handoff and coach mark, and being its
 * chat's newest conversation when it was found by chat). On PostgreSQL one statement: the conversation
 * locked if it still holds (`FOR UPDATE` at READ COMMITTED waits for a concurrent writer and checks the
 * WHERE again on the committed row), the message inserted from that row unless its dedupe key is
 * stored, and the conversation's activity moved only if the message was. Elsewhere (SQLite, one
 * writer) the check and `insert` in one atomic block.
 */
import { type RawBuilder, sql } from 'kysely';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import { inboxActivitySet } from './inbox-queries.js';
import type { MessageDedupe } from './message-dedupe.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';

/** Whether conversation `c` still holds what the message was decided from. */
function holds(dialect: SqlDialect, slot: SlotFn): RawBuilder<unknown> {
  const f = dialect.fragments;
  const newer = sql`SELECT 1 FROM conversations n WHERE n.channel = c.channel
    AND n.external_chat_id = c.external_chat_id AND n.kind = 'assistant' AND n.archived_at IS NULL
    AND (n.created_at > c.created_at OR (n.created_at = c.created_at AND n.id > c.id))`;
  return sql`c.id = ${slot('preview_conversation')} AND c.archived_at IS NULL
    AND c.handoff = ${f.bool(slot('expected_handoff'))}
    AND c.coach_needed_at IS NOT DISTINCT FROM ${f.text(slot('expected_coach'))}
    AND (NOT ${f.bool(slot('newest'))} OR NOT EXISTS (${newer}))`;
}

export const inboundQueries = perDialect((dialect: SqlDialect, dedupe: MessageDedupe) => {
  const returning = sql.raw(queriesOf(dialect, CONVERSATIONS).columns.join(', '));
  return {
    // One row: whether the conversation held, then the conversation after the write (NULLs: not
    // written, a duplicate when it held).
    oneStatement: dedupe.insertFrom
      ? prepareRaw(
          dialect,
          (
            slot,
          ) => sql`WITH target AS (SELECT c.id FROM conversations c WHERE ${holds(dialect, slot)} FOR UPDATE),
            stored AS (${dedupe.insertFrom!(slot, sql`target`)} RETURNING 1),
            moved AS (UPDATE conversations SET ${inboxActivitySet(dialect, slot)}
              WHERE id = ${slot('preview_conversation')} AND EXISTS (SELECT 1 FROM stored)
              RETURNING ${returning})
            SELECT (SELECT count(*) FROM target), moved.* FROM (SELECT 1) one LEFT JOIN moved ON true`,
          { returnsRows: true },
        )
      : null,
    check: prepareRaw(dialect, (slot) => sql`SELECT 1 FROM conversations c WHERE ${holds(dialect, slot)}`, {
      returnsRows: true,
    }),
  };
});

/** The values `holds` reads. */
export function inboundParams(
  dialect: SqlDialect,
  expected: { handoff: boolean; coachNeededAt: string | null },
  newestOfChat: boolean,
): Record<string, unknown> {
  return {
    expected_handoff: dialect.encodeBool(expected.handoff),
    expected_coach: expected.coachNeededAt,
    newest: dialect.encodeBool(newestOfChat),
  };
}
