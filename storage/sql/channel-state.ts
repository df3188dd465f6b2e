import { sql } from 'kysely';
import type { ChannelStateRepository, Lease, LeaseRepository } from '../types.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const CHANNEL_STATE = { table: 'channel_state' };

const stateQueries = perDialect((dialect, _key: typeof CHANNEL_STATE) => ({
  get: prepare(dialect, (db, slot) =>
    db
      .selectFrom('channel_state')
      .select(['key', 'value'])
      .where('namespace', '=', slot('namespace'))
      .where(sql<boolean>`key IN ${dialect.fragments.jsonList(slot('keys'))}` as never),
  ),
  put: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('channel_state')
        .values({
          namespace: slot('namespace'),
          key: slot('key'),
          value: slot('value'),
          updated_at: slot('now'),
        })
        .onConflict((conflict) =>
          conflict.columns(['namespace', 'key']).doUpdateSet((eb) => ({
            value: eb.ref('excluded.value'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        ),
    { mayConflict: false },
  ),
  delete: prepare(dialect, (db, slot) =>
    db.deleteFrom('channel_state').where('namespace', '=', slot('namespace')).where('key', '=', slot('key')),
  ),
  clear: prepare(dialect, (db, slot) =>
    db.deleteFrom('channel_state').where('namespace', '=', slot('namespace')),
  ),
}));

export class SqlChannelStateRepository implements ChannelStateRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = stateQueries(db.dialect, CHANNEL_STATE);
  }

  async get(namespace: string, keys: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    if (keys.length === 0) return out;
    for (const [key, value] of await this.db.rows(this.#q.get, { namespace, keys: JSON.stringify(keys) }))
      out[key as string] = value as string;
    return out;
  }

  /** The writes of one call are one atomic unit. */
  set(namespace: string, entries: Record<string, string | null>, now: string): Promise<void> {
    return this.db.atomic(async (db) => {
      for (const [key, value] of Object.entries(entries)) {
        if (value === null) await db.run(this.#q.delete, { namespace, key });
        else await db.run(this.#q.put, { namespace, key, value, now });
      }
    });
  }

  clear(namespace: string): Promise<number> {
    return this.db.run(this.#q.clear, { namespace });
  }
}

const LEASES = { table: 'leases' };

const leaseQueries = perDialect((dialect, _key: typeof LEASES) => ({
  // One statement: insert, or take over an expired lease, or renew our own; nothing otherwise.
  acquire: prepare(
    dialect,
    (db, slot) =>
      db
        .insertInto('leases')
        .values({ name: slot('name'), holder: slot('holder'), expires_at: slot('expiresAt') })
        .onConflict((conflict) =>
          conflict
            .column('name')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              expires_at: eb.ref('excluded.expires_at'),
            }))
            .where((eb) =>
              eb.or([eb('leases.expires_at', '<=', slot('now')), eb('leases.holder', '=', slot('holder'))]),
            ),
        ),
    { mayConflict: false },
  ),
  release: prepare(dialect, (db, slot) =>
    db.deleteFrom('leases').where('name', '=', slot('name')).where('holder', '=', slot('holder')),
  ),
  get: prepare(dialect, (db, slot) =>
    db.selectFrom('leases').select(['name', 'holder', 'expires_at']).where('name', '=', slot('name')),
  ),
}));

export class SqlLeaseRepository implements LeaseRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = leaseQueries(db.dialect, LEASES);
  }

  async acquire(name: string, holder: string, expiresAt: string, now: string): Promise<boolean> {
    return (await this.db.run(this.#q.acquire, { name, holder, expiresAt, now })) === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db.run(this.#q.release, { name, holder });
  }

  async get(name: string): Promise<Lease | null> {
    const [row] = await this.db.rows(this.#q.get, { name });
    return row ? { name: row[0] as string, holder: row[1] as string, expiresAt: row[2] as string } : null;
  }
}
