/**
 * Outbound writes (an assistant's answers above all) of several conversations in one statement, on
 * a pooled executor (statement-batches.ts). Each is `insertOutbound`'s (outbound-insert.ts): its
 * conversation's compare-and-set, its message, its outbox entry, its turn's lease let go.
 */
import { sql } from 'kysely';
import type { OutboundWrite } from '../../core/repositories.js';
import type { Conversation } from '../../core/types.js';
import { CONVERSATIONS } from './conversation-queries.js';
import { queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { holdsExpected } from './inbound-insert.js';
import { inboxActivitySet, MOVE_COLUMNS } from './inbox-queries.js';
import { MESSAGE_COLUMNS, MESSAGE_JSON_COLUMNS, MESSAGE_SLOTS } from './message-rows.js';
import { insertOutbound, OUTBOX_SLOT, outboundParams } from './outbound-insert.js';
import { OUTBOX } from './outbox.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';
import { turnRelease } from './turns.js';
import { type BatchType, batchInput, batchRow, StatementBatches } from './statement-batches.js';

/** How each value of `outboundParams` is stored. */
export function outboundTypes(): Map<string, BatchType> {
  return new Map<string, BatchType>([
    ...MESSAGE_SLOTS.map((name) => [name, MESSAGE_JSON_COLUMNS.has(name) ? 'json' : 'text'] as const),
    ...MOVE_COLUMNS,
    ...Object.values(OUTBOX.columns).map(
      ([column, codec]) =>
        [
          `${OUTBOX_SLOT}${column}`,
          codec === 'json' ? 'json' : column === 'attempts' ? 'integer' : 'text',
        ] as const,
    ),
    ['expected_handoff', 'bool'],
    ['compares_coach', 'bool'],
    ['expected_coach', 'text'],
    ['turn_holder', 'text'],
    ['turn_answered', 'text'],
  ]);
}

const manyQuery = perDialect((dialect: SqlDialect, spec: typeof CONVERSATIONS) => {
  const outbox = queriesOf(dialect, OUTBOX).columns;
  const returning = sql.raw(
    queriesOf(dialect, spec)
      .columns.map((column) => `c.${column}`)
      .join(', '),
  );
  const turn = (value: SlotFn) =>
    ((name: string) => value(name === 'id' ? 'preview_conversation' : `turn_${name}`)) as SlotFn;
  return prepareRaw(
    dialect,
    (slot) => {
      const { input, value, key } = batchInput(dialect, slot('rows'), outboundTypes());
      const written = sql`moved m JOIN i ON ${key} = m.written`;
      return sql`WITH ${input},
        moved AS (UPDATE conversations c SET ${inboxActivitySet(dialect, value)} FROM i
          WHERE ${holdsExpected(dialect, value, 'c')} RETURNING ${key} AS written, ${returning}),
        stored AS (INSERT INTO messages (${sql.raw(MESSAGE_COLUMNS)})
          SELECT ${sql.join(MESSAGE_SLOTS.map((name) => value(name)))} FROM ${written}),
        queued AS (INSERT INTO outbox (${sql.raw(outbox.join(', '))})
          SELECT ${sql.join(outbox.map((column) => value(`${OUTBOX_SLOT}${column}`)))} FROM ${written}),
        released AS (${turnRelease(dialect, turn(value), sql`true`, written)})
        SELECT * FROM moved`;
    },
    { returnsRows: true },
  );
});

/** `insertOutbound` of several conversations (one write each) in one statement: results in order. */
export async function insertOutboundMany(
  db: SqlExecutor,
  writes: readonly OutboundWrite[],
): Promise<(Conversation | null)[]> {
  const dialect = db.dialect;
  const rows = writes.map((write) => batchRow(outboundParams(dialect, write)));
  const result = await db.rows(manyQuery(dialect, CONVERSATIONS), { rows: JSON.stringify(rows) });
  const decoder = queriesOf(dialect, CONVERSATIONS).decoder;
  const moved = new Map(result.map((row) => [row[0] as string, row]));
  return writes.map((write) => {
    const row = moved.get(write.message.id);
    return row ? decoder.one(row.slice(1)) : null;
  });
}

/** The outbound writes of one pooled executor. */
export function outboundBatches(db: SqlExecutor): StatementBatches<OutboundWrite, Conversation | null> {
  return new StatementBatches({
    one: (write) => insertOutbound(db, write),
    many: (writes) => insertOutboundMany(db, writes),
    key: (write) => write.message.conversationId,
  });
}
