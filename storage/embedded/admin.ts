import type { Statement } from 'better-sqlite3';
import type { AdminSession, AdminUser } from '../../core/types.js';
import type {
  AdminUserRepository,
  LoginAttempt,
  LoginAttemptRepository,
  LoginAttemptReservation,
  SessionRepository,
} from '../types.js';
import { SqliteCrudRepository } from './crud.js';
import type { SqliteDatabase } from './database.js';
import { EntityTable, type RowsStatement } from './entity-table.js';

export class SqliteAdminUserRepository
  extends SqliteCrudRepository<AdminUser>
  implements AdminUserRepository
{
  readonly #byEmail: RowsStatement<[string]>;
  readonly #count: Statement<[]>;
  readonly #useTotpStep: Statement<[number, string, number]>;
  readonly #clearCodes: Statement<[string]>;
  readonly #addCode: Statement<[string, string]>;
  readonly #useCode: Statement<[string, string]>;
  readonly #countCodes: Statement<[string]>;

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
          totpSecret: ['totp_secret'],
          totpEnabledAt: ['totp_enabled_at'],
          totpLastStep: ['totp_last_step'],
          createdAt: ['created_at'],
          updatedAt: ['updated_at'],
        },
        derived: { email_key: (user) => user.email.toLowerCase() },
      },
      now,
    );
    this.#byEmail = this.table.select('WHERE email_key = ?');
    this.#count = db.prepare('SELECT count(*) FROM admin_users').pluck();
    // One statement compares and sets: two logins racing with the same code cannot both pass.
    this.#useTotpStep = db.prepare(
      'UPDATE admin_users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
    );
    this.#clearCodes = db.prepare('DELETE FROM admin_recovery_codes WHERE user_id = ?');
    this.#addCode = db.prepare(
      'INSERT OR IGNORE INTO admin_recovery_codes (user_id, code_hash) VALUES (?, ?)',
    );
    this.#useCode = db.prepare('DELETE FROM admin_recovery_codes WHERE user_id = ? AND code_hash = ?');
    this.#countCodes = db.prepare('SELECT count(*) FROM admin_recovery_codes WHERE user_id = ?').pluck();
  }

  override async delete(id: string): Promise<boolean> {
    return this.table.db.transaction(() => {
      this.#clearCodes.run(id);
      return this.table.remove(id);
    })();
  }

  async useTotpStep(id: string, step: number): Promise<boolean> {
    return this.#useTotpStep.run(step, id, step).changes === 1;
  }

  async setRecoveryCodes(id: string, hashes: string[]): Promise<void> {
    this.table.db.transaction(() => {
      this.#clearCodes.run(id);
      for (const hash of hashes) this.#addCode.run(id, hash);
    })();
  }

  async useRecoveryCode(id: string, hash: string): Promise<boolean> {
    return this.#useCode.run(id, hash).changes === 1;
  }

  async countRecoveryCodes(id: string): Promise<number> {
    return this.#countCodes.get(id) as number;
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
  readonly #take: Statement<[string, number, string, string, string]>;
  readonly #oldest: Statement<[string, string]>;
  readonly #release: Statement<[string, string]>;
  readonly #count: Statement<[string, string]>;
  readonly #clear: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    // A slot is taken when free or when its attempt left the window: the unique (key, slot) decides
    // between racing callers, on SQLite as on PostgreSQL (ON CONFLICT ... DO UPDATE ... WHERE).
    this.#take = db.prepare(
      `INSERT INTO login_attempts (key, slot, id, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key, slot) DO UPDATE SET id = excluded.id, at = excluded.at WHERE login_attempts.at < ?`,
    );
    this.#oldest = db.prepare('SELECT min(at) AS oldest FROM login_attempts WHERE key = ? AND at >= ?');
    this.#release = db.prepare('DELETE FROM login_attempts WHERE key = ? AND id = ?');
    this.#count = db.prepare(
      'SELECT count(*) AS count, min(at) AS oldest FROM login_attempts WHERE key = ? AND at >= ?',
    );
    this.#clear = db.prepare('DELETE FROM login_attempts WHERE key = ?');
  }

  async reserve(attempt: LoginAttempt, since: string, limit: number): Promise<LoginAttemptReservation> {
    for (let slot = 0; slot < limit; slot++) {
      if (this.#take.run(attempt.key, slot, attempt.id, attempt.at, since).changes === 1) {
        return { reserved: true };
      }
    }
    const { oldest } = this.#oldest.get(attempt.key, since) as { oldest: string | null };
    return { reserved: false, oldest };
  }

  async release(key: string, id: string): Promise<void> {
    this.#release.run(key, id);
  }

  async count(key: string, since: string): Promise<{ count: number; oldest: string | null }> {
    return this.#count.get(key, since) as { count: number; oldest: string | null };
  }

  async clear(key: string): Promise<void> {
    this.#clear.run(key);
  }
}
