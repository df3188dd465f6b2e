import type { Statement } from 'better-sqlite3';
import type { AdminSession, AdminUser } from '../../core/types.js';
import type { AdminUserRepository, LoginAttemptRepository, SessionRepository } from '../types.js';
import { SqliteCrudRepository } from './crud.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';

export class SqliteAdminUserRepository
  extends SqliteCrudRepository<AdminUser>
  implements AdminUserRepository
{
  readonly #byEmail: RowsStatement<[string]>;
  readonly #count: Statement<[]>;

  constructor(db: SqliteDatabase, now: () => Date) {
    super(
      db,
      {
        table: 'admin_users',
        columns: {
          id: ['id'],
          email: ['email'],
          name: ['name'],
          role: ['role'],
          passwordHash: ['password_hash'],
          createdAt: ['created_at'],
          updatedAt: ['updated_at'],
        },
        derived: { email_key: (user) => user.email.toLowerCase() },
      },
      now,
    );
    this.#byEmail = this.table.select('WHERE email_key = ?');
    this.#count = db.prepare('SELECT count(*) FROM admin_users').pluck();
  }

  async getByEmail(email: string): Promise<AdminUser | null> {
    return this.table.first(this.#byEmail.get(email.toLowerCase()));
  }

  async count(): Promise<number> {
    return this.#count.get() as number;
  }
}

export class SqliteSessionRepository implements SessionRepository {
  readonly #table: EntityTable<AdminSession>;
  readonly #deleteForUser: Statement<[string]>;
  readonly #deleteExpired: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#table = new EntityTable<AdminSession>(db, {
      table: 'admin_sessions',
      columns: {
        id: ['id'],
        userId: ['user_id'],
        ip: ['ip'],
        createdAt: ['created_at'],
        expiresAt: ['expires_at'],
      },
    });
    this.#deleteForUser = db.prepare('DELETE FROM admin_sessions WHERE user_id = ?');
    this.#deleteExpired = db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?');
  }

  async create(session: AdminSession): Promise<void> {
    this.#table.insert(session);
  }

  async get(id: string): Promise<AdminSession | null> {
    return this.#table.find(id);
  }

  async delete(id: string): Promise<void> {
    this.#table.remove(id);
  }

  async deleteForUser(userId: string): Promise<void> {
    this.#deleteForUser.run(userId);
  }

  /** A session whose expiry is at or before `now` is expired. */
  async deleteExpired(now: string): Promise<number> {
    return this.#deleteExpired.run(now).changes;
  }
}

export class SqliteLoginAttemptRepository implements LoginAttemptRepository {
  readonly #record: Statement<[string, string]>;
  readonly #count: Statement<[string, string]>;
  readonly #clear: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#record = db.prepare('INSERT INTO login_attempts (key, at) VALUES (?, ?)');
    this.#count = db.prepare(
      'SELECT count(*) AS count, min(at) AS oldest FROM login_attempts WHERE key = ? AND at >= ?',
    );
    this.#clear = db.prepare('DELETE FROM login_attempts WHERE key = ?');
  }

  async record(key: string, at: string): Promise<void> {
    this.#record.run(key, at);
  }

  async count(key: string, since: string): Promise<{ count: number; oldest: string | null }> {
    return this.#count.get(key, since) as { count: number; oldest: string | null };
  }

  async clear(key: string): Promise<void> {
    this.#clear.run(key);
  }
}
