import type { Statement } from 'better-sqlite3';
import type { ChannelStateRepository, Lease, LeaseRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';

export class SqliteChannelStateRepository implements ChannelStateRepository {
  readonly #db: SqliteDatabase;
  readonly #get: Statement<[string, string]>;
  readonly #put: Statement<[string, string, string, string]>;
  readonly #delete: Statement<[string, string]>;
  readonly #clear: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#get = db.prepare('SELECT value FROM channel_state WHERE namespace = ? AND key = ?').pluck(true);
    this.#put = db.prepare(
      `INSERT INTO channel_state (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare('DELETE FROM channel_state WHERE namespace = ? AND key = ?');
    this.#clear = db.prepare('DELETE FROM channel_state WHERE namespace = ?');
  }

  async get(namespace: string, keys: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const value = this.#get.get(namespace, key) as string | undefined;
      if (value !== undefined) out[key] = value;
    }
    return out;
  }

  async set(namespace: string, entries: Record<string, string | null>, now: string): Promise<void> {
    this.#db.transaction(() => {
      for (const [key, value] of Object.entries(entries)) {
        if (value === null) this.#delete.run(namespace, key);
        else this.#put.run(namespace, key, value, now);
      }
    })();
  }

  async clear(namespace: string): Promise<number> {
    return this.#clear.run(namespace).changes;
  }
}

type LeaseRow = [name: string, holder: string, expiresAt: string];

export class SqliteLeaseRepository implements LeaseRepository {
  readonly #acquire: Statement<[string, string, string, string, string]>;
  readonly #release: Statement<[string, string]>;
  readonly #get: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    // One statement: insert, or take over an expired lease, or renew our own; nothing otherwise.
    this.#acquire = db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at <= ? OR leases.holder = ?`,
    );
    this.#release = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
    this.#get = db.prepare('SELECT name, holder, expires_at FROM leases WHERE name = ?').raw(true);
  }

  async acquire(name: string, holder: string, expiresAt: string, now: string): Promise<boolean> {
    return this.#acquire.run(name, holder, expiresAt, now, holder).changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.#release.run(name, holder);
  }

  async get(name: string): Promise<Lease | null> {
    const row = this.#get.get(name) as LeaseRow | undefined;
    return row ? { name: row[0], holder: row[1], expiresAt: row[2] } : null;
  }
}
