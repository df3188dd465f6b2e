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
function holds(dialect: SqlDialect, slot: SlotFn): RawBuilder<unknown> {
  const f = dialect.fragments;
  const newer = sql`SELECT 1 FROM conversations n WHERE n.channel = c.channel
    AND n.external_chat_id = c.external_chat_id AND n.kind = 'assistant' AND n.archived_at IS NULL
    AND (n.created_at > c.created_at OR (n.created_at = c.created_at AND n.id > c.id))`;
  return sql`${holdsExpected(dialect, slot, 'c')} AND (NOT ${f.bool(slot('newest'))} OR NOT EXISTS (${newer}))`;
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
    compares_coach: dialect.encodeBool(true),
    expected_coach: expected.coachNeededAt,
    newest: dialect.encodeBool(newestOfChat),
  };
}
