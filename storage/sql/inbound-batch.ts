/**
 * Customers' messages of several conversations written in one statement, on a pooled executor
 * (statement-batches.ts). Each is `messages.insertInbound`'s single statement (inbound-insert.ts): its
 * conversation locked if it still holds, its message inserted unless its dedupe key is stored, its
 * conversation's activity moved, its turn's lease taken when asked. Each write's result row is the
 * single statement's. One difference, by construction: the lease's test "run out by now" reads one
 * `now` for the statement (the latest of its writes'), since PostgreSQL's ON CONFLICT condition sees
 * only the table's row; a lease that ran out by a later write's `now` has run out when the statement runs.
 */
import { sql } from 'kysely';
import type { InboundWrite } from '../../core/repositories.js';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { holds, inboundQueries, inboundWriteParams, TURN_SLOTS } from './inbound-insert.js';
import { inboxActivitySet, MOVE_COLUMNS } from './inbox-queries.js';
import type { MessageDedupe } from './message-dedupe.js';
import { MESSAGE_JSON_COLUMNS, MESSAGE_SLOTS } from './message-rows.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';
import { turnNewer, turnTakeIf } from './turns.js';
import { type BatchType, batchInput, batchRow, StatementBatches } from './statement-batches.js';

function inboundTypes(): Map<string, BatchType> {
  return new Map<string, BatchType>([
    ...MESSAGE_SLOTS.map((name) => [name, MESSAGE_JSON_COLUMNS.has(name) ? 'json' : 'text'] as const),
    ['key', 'text'],
    ...MOVE_COLUMNS,
    ['expected_handoff', 'bool'],
    ['compares_coach', 'bool'],
    ['expected_coach', 'text'],
    ['newest', 'bool'],
    ['take_turn', 'bool'],
    ['turn_holder', 'text'],
    ['turn_until', 'text'],
  ]);
}

const manyQuery = perDialect((dialect: SqlDialect, dedupe: MessageDedupe) => {
  const f = dialect.fragments;
  const moved = sql.raw(
    queriesOf(dialect, CONVERSATIONS)
      .columns.map((column) => `m.${column}`)
      .join(', '),
  );
  const returning = sql.raw(
    queriesOf(dialect, CONVERSATIONS)
      .columns.map((column) => `c.${column}`)
      .join(', '),
  );
  return prepareRaw(
    dialect,
    (slot) => {
      const { input, value, key } = batchInput(dialect, slot('rows'), inboundTypes());
      // The lease's values as the single statement names them; `now` the statement's.
      const turn = ((name: string) =>
        name === 'now' ? slot('now') : value(TURN_SLOTS[name] ?? name)) as unknown as SlotFn;
      const conversation = value('conversation_id');
      const lease = sql`lease l WHERE l.conversation_id = ${conversation}`;
      return sql`WITH ${input},
        target AS (SELECT c.id, ${key} AS k FROM i JOIN conversations c ON ${holds(dialect, value)}
          FOR UPDATE OF c),
        stored AS (${dedupe.insertFrom!(value, sql`target t JOIN i ON ${key} = t.k`)} RETURNING id),
        moved AS (UPDATE conversations c SET ${inboxActivitySet(dialect, value)} FROM i
          WHERE c.id = ${value('preview_conversation')} AND ${key} IN (SELECT id FROM stored)
          RETURNING ${key} AS written, ${returning}),
        lease AS (${turnTakeIf(
          dialect,
          turn,
          sql`${f.bool(value('take_turn'))} AND ${key} IN (SELECT id FROM stored)`,
          sql`i`,
        )})
        SELECT ${key}, (SELECT count(*) FROM target t WHERE t.k = ${key}),
          (SELECT count(*) FROM ${lease}), (SELECT l.answered_through FROM ${lease}),
          CASE WHEN EXISTS (SELECT 1 FROM ${lease})
            THEN ARRAY(SELECT n.text FROM (${turnNewer(turn)}) n ORDER BY n.id) END,
          ${moved}
        FROM i LEFT JOIN moved m ON m.written = ${key}`;
    },
    { returnsRows: true },
  );
});

/** The latest `now` of the writes that take their turn's lease (null: none does). */
function latestNow(writes: readonly InboundWrite[]): string | null {
  let latest: string | null = null;
  for (const write of writes) {
    const now = write.takeTurn?.now;
    if (now !== undefined && (latest === null || now > latest)) latest = now;
  }
  return latest;
}

/** The inbound writes of one pooled executor: each write's row as the single statement returns it. */
export function inboundBatches(
  db: SqlExecutor,
  dedupe: MessageDedupe,
): StatementBatches<InboundWrite, unknown[]> {
  const dialect = db.dialect;
  return new StatementBatches({
    one: async (write) =>
      (
        await db.rows(
          inboundQueries(dialect, dedupe).oneStatement!,
          inboundWriteParams(dialect, dedupe, write),
        )
      )[0]!,
    many: async (writes) => {
      const rows = writes.map((write) => batchRow(inboundWriteParams(dialect, dedupe, write)));
      const result = await db.rows(manyQuery(dialect, dedupe), {
        rows: JSON.stringify(rows),
        now: latestNow(writes),
      });
      const byMessage = new Map(result.map((row) => [row[0] as string, row.slice(1)]));
      return writes.map((write) => byMessage.get(write.message.id)!);
    },
    key: (write) => write.message.conversationId,
  });
}
