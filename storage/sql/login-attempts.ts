import type { LoginAttempt, LoginAttemptRepository, LoginAttemptReservation } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const KEY = { table: 'login_attempts' };

const queries = perDialect((dialect, _key: typeof KEY) => ({
  // A slot is taken when free or when its attempt left the window: the unique (key, slot) decides
  // between racing callers, on SQLite as on PostgreSQL (ON CONFLICT … DO UPDATE … WHERE).
  take: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('login_attempts')
        .values({ key: slot('key'), slot: slot('slot'), id: slot('id'), at: slot('at') })
        .onConflict((conflict) =>
          conflict
            .columns(['key', 'slot'])
            .doUpdateSet((eb) => ({ id: eb.ref('excluded.id'), at: eb.ref('excluded.at') }))
            .where('login_attempts.at', '<', slot('since')),
        ),
    { mayConflict: false },
  ),
  held: prepare(dialect, (db, slot) =>
    db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('at').as('oldest')])
      .where('key', '=', slot('key'))
      .where('at', '>=', slot('since')),
  ),
  release: prepare(dialect, (db, slot) =>
    db.deleteFrom('login_attempts').where('key', '=', slot('key')).where('id', '=', slot('id')),
  ),
  clear: prepare(dialect, (db, slot) => db.deleteFrom('login_attempts').where('key', '=', slot('key'))),
}));

/** Throttle slots per key: see LoginAttemptRepository. */
export class SqlLoginAttemptRepository implements LoginAttemptRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = queries(db.dialect, KEY);
  }

  async reserve(attempt: LoginAttempt, since: string, limit: number): Promise<LoginAttemptReservation> {
    for (let slot = 0; slot < limit; slot++) {
      const params = { key: attempt.key, slot, id: attempt.id, at: attempt.at, since };
      if ((await this.db.run(this.#q.take, params)) === 1) return { reserved: true };
    }
    return { reserved: false, oldest: (await this.count(attempt.key, since)).oldest };
  }

  async release(key: string, id: string): Promise<void> {
    await this.db.run(this.#q.release, { key, id });
  }

  async count(key: string, since: string): Promise<{ count: number; oldest: string | null }> {
    const [row] = await this.db.rows(this.#q.held, { key, since });
    return { count: Number(row![0]), oldest: (row![1] as string | null) ?? null };
  }

  async clear(key: string): Promise<void> {
    await this.db.run(this.#q.clear, { key });
  }
}
