import { type RawBuilder, sql } from 'kysely';
import type { SqlDialect } from './dialect.js';

type Sql = RawBuilder<unknown>;
import type { TurnLeaseRepository, TurnTaken } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepareRaw, type SlotFn } from './prepared-query.js';

const TURNS = { table: 'turns' };

/** The most newer customer messages a turn is told of (it needs to know whether there is one). */
const NEWER = 50;

const leaseTaken = (slot: SlotFn) => sql`ON CONFLICT (conversation_id) DO UPDATE
  SET holder = excluded.holder, lease_until = excluded.lease_until
  WHERE turns.holder IS NULL OR turns.lease_until <= ${slot('now')} OR turns.holder = excluded.holder
  RETURNING answered_through, conversation_id`;

// One statement: insert, or take a free or expired lease, or renew our own; no row otherwise.
const take = (slot: SlotFn) => sql`INSERT INTO turns (conversation_id, holder, lease_until, answered_through)
  VALUES (${slot('id')}, ${slot('holder')}, ${slot('until')}, NULL) ${leaseTaken(slot)}`;

/**
 * `take` only when `when` holds (a condition on the rest of a statement: an inbound write takes the
 * lease only if its message was written, messages/inbound-insert.ts); values read through `slot` as
 * `take` reads them, from the rows of `from` when given (several conversations' inbound writes,
 * inbound-batch.ts; `now` is then the statement's, the lease's condition seeing only the table's row).
 */
export function turnTakeIf(dialect: SqlDialect, slot: SlotFn, when: Sql, from?: Sql): Sql {
  const f = dialect.fragments;
  return sql`INSERT INTO turns (conversation_id, holder, lease_until, answered_through)
    SELECT ${f.text(slot('id'))}, ${f.text(slot('holder'))}, ${f.text(slot('until'))}, NULL
    ${from ? sql`FROM ${from}` : sql``} WHERE ${when}
    ${leaseTaken(slot)}`;
}

/** The customer messages after `after` a turn is told of (`id`: the conversation). */
export const turnNewer = (
  slot: SlotFn,
) => sql`SELECT id, text FROM messages WHERE conversation_id = ${slot('id')}
  AND id > ${slot('after')} AND sender_type = 'contact' AND kind IS NULL ORDER BY id LIMIT ${sql.lit(NEWER)}`;

/**
 * The lease let go by its holder, recording `answered` when newer than the one recorded; values read
 * through `value` (`id`, `holder`, `answered`), `also` a further condition (an answer's write: only if
 * its message was written, messages/outbound-insert.ts), `from` the rows the values are read from (an
 * answers' write of several conversations, outbound-batch.ts).
 */
export function turnRelease(dialect: SqlDialect, value: SlotFn, also: Sql = sql`true`, from?: Sql) {
  const answered = dialect.fragments.text(value('answered'));
  return sql`UPDATE turns SET holder = NULL, lease_until = NULL,
      answered_through = CASE WHEN answered_through IS NULL OR answered_through < ${answered}
        THEN coalesce(${answered}, answered_through) ELSE answered_through END
    ${from ? sql`FROM ${from}` : sql``}
    WHERE turns.conversation_id = ${value('id')} AND turns.holder = ${value('holder')} AND ${also}`;
}

const queries = perDialect((dialect, _key: typeof TURNS) => ({
  acquire: prepareRaw(dialect, take, { returnsRows: true }),
  // The lease and the newer messages in one round trip (no row: not taken; else one row per message,
  // or one with a NULL text when there is none).
  acquireAfter: dialect.writableCte
    ? prepareRaw(
        dialect,
        (slot) => sql`WITH lease AS (${take(slot)})
          SELECT lease.answered_through, n.text FROM lease LEFT JOIN (${turnNewer(slot)}) n ON true ORDER BY n.id`,
        { returnsRows: true },
      )
    : null,
  newer: prepareRaw(dialect, turnNewer, { returnsRows: true }),
  renew: prepareRaw(
    dialect,
    (slot) => sql`UPDATE turns SET lease_until = ${slot('until')}
      WHERE conversation_id = ${slot('id')} AND holder = ${slot('holder')}`,
    { returnsRows: false },
  ),
  release: prepareRaw(dialect, (slot) => turnRelease(dialect, slot), { returnsRows: false }),
}));

export class SqlTurnLeaseRepository implements TurnLeaseRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, TURNS);
  }

  async acquire(id: string, holder: string, until: string, now: string): Promise<string | null | false> {
    const [row] = await this.db.rows(this.#q.acquire, { id, holder, until, now });
    return row ? ((row[0] as string | null) ?? null) : false;
  }

  async acquireAfter(
    id: string,
    holder: string,
    until: string,
    now: string,
    after: string,
  ): Promise<TurnTaken | false> {
    const params = { id, holder, until, now, after };
    if (this.#q.acquireAfter) {
      const rows = await this.db.rows(this.#q.acquireAfter, params);
      if (rows.length === 0) return false;
      const texts = rows.filter((row) => row[1] !== null).map((row) => row[1] as string);
      return { answered: (rows[0]![0] as string | null) ?? null, newerFromContacts: texts };
    }
    const answered = await this.acquire(id, holder, until, now);
    if (answered === false) return false;
    const rows = await this.db.rows(this.#q.newer, params);
    return { answered, newerFromContacts: rows.map((row) => row[1] as string) };
  }

  async renew(id: string, holder: string, until: string): Promise<boolean> {
    return (await this.db.run(this.#q.renew, { id, holder, until })) === 1;
  }

  async release(id: string, holder: string, answered: string | null): Promise<void> {
    await this.db.run(this.#q.release, { id, holder, answered });
  }
}
