import { sql } from 'kysely';
import type { RateBucketRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepareRaw } from './prepared-query.js';

const BUCKETS = { table: 'rate_buckets' };

const queries = perDialect((dialect, _key: typeof BUCKETS) => ({
  // One statement per reservation: the row's next free time moves by the tokens taken, from now less
  // the burst at the earliest (tokens saved up while idle), whatever other processes reserve at once.
  reserve: prepareRaw(
    dialect,
    (slot, f) => sql`INSERT INTO rate_buckets (key, next_free_at) VALUES (${slot('key')}, ${slot('first')})
      ON CONFLICT (key) DO UPDATE SET
        next_free_at = ${f.greatest(sql`rate_buckets.next_free_at`, slot('floor'))} + ${slot('span')}
      RETURNING next_free_at`,
    { returnsRows: true },
  ),
  pause: prepareRaw(
    dialect,
    (slot, f) => sql`INSERT INTO rate_buckets (key, next_free_at) VALUES (${slot('key')}, ${slot('until')})
      ON CONFLICT (key) DO UPDATE SET
        next_free_at = ${f.greatest(sql`rate_buckets.next_free_at`, sql`excluded.next_free_at`)}`,
    { returnsRows: false },
  ),
  forget: prepareRaw(
    dialect,
    (slot) => sql`DELETE FROM rate_buckets WHERE next_free_at < ${slot('before')}`,
    {
      returnsRows: false,
    },
  ),
}));

export class SqlRateBucketRepository implements RateBucketRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, BUCKETS);
  }

  async reserve(
    key: string,
    intervalMs: number,
    burstMs: number,
    tokens: number,
    now: number,
  ): Promise<number> {
    // The first token is free at `floor` at the earliest: `burstMs` saved up while idle.
    const floor = now - burstMs + intervalMs;
    const span = intervalMs * Math.max(1, tokens);
    const [row] = await this.db.rows(this.#q.reserve, { key, first: floor + span, floor, span });
    return Number(row![0]) - intervalMs;
  }

  async pauseUntil(key: string, until: number): Promise<void> {
    await this.db.run(this.#q.pause, { key, until });
  }

  forgetIdle(before: number): Promise<number> {
    return this.db.run(this.#q.forget, { before });
  }
}
