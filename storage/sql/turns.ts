import { sql } from 'kysely';
import type { TurnLeaseRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepareRaw } from './prepared-query.js';

const TURNS = { table: 'turns' };

const queries = perDialect((dialect, _key: typeof TURNS) => ({
  // One statement: insert, or take a free or expired lease, or renew our own; no row otherwise.
  acquire: prepareRaw(
    dialect,
    (slot) => sql`INSERT INTO turns (conversation_id, holder, lease_until, answered_through)
      VALUES (${slot('id')}, ${slot('holder')}, ${slot('until')}, NULL)
      ON CONFLICT (conversation_id) DO UPDATE SET holder = excluded.holder, lease_until = excluded.lease_until
      WHERE turns.holder IS NULL OR turns.lease_until <= ${slot('now')} OR turns.holder = excluded.holder
      RETURNING answered_through`,
    { returnsRows: true },
  ),
  renew: prepareRaw(
    dialect,
    (slot) => sql`UPDATE turns SET lease_until = ${slot('until')}
      WHERE conversation_id = ${slot('id')} AND holder = ${slot('holder')}`,
    { returnsRows: false },
  ),
  release: prepareRaw(
    dialect,
    (slot, f) => sql`UPDATE turns SET holder = NULL, lease_until = NULL,
        answered_through = CASE WHEN answered_through IS NULL OR answered_through < ${f.text(slot('answered'))}
          THEN coalesce(${f.text(slot('answered'))}, answered_through) ELSE answered_through END
      WHERE conversation_id = ${slot('id')} AND holder = ${slot('holder')}`,
    { returnsRows: false },
  ),
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

  async renew(id: string, holder: string, until: string): Promise<boolean> {
    return (await this.db.run(this.#q.renew, { id, holder, until })) === 1;
  }

  async release(id: string, holder: string, answered: string | null): Promise<void> {
    await this.db.run(this.#q.release, { id, holder, answered });
  }
}
