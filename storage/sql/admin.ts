import type { AdminSession, AdminUser } from '../../core/types.js';
import type { AdminUserRepository, SessionRepository } from '../types.js';
import { queriesOf, SqlCrudRepository } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const ADMIN_USERS: EntitySpec<AdminUser> = {
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
  derived: { email_key: { from: ['email'], derive: (user) => user.email.toLowerCase() } },
};

const userQueries = perDialect((dialect, spec: EntitySpec<AdminUser>) => {
  const q = queriesOf(dialect, spec);
  return {
    byEmail: q.select((query, slot) => query.where('email_key', '=', slot('email'))),
    count: prepare(dialect, (db) => db.selectFrom('admin_users').select((eb) => eb.fn.countAll().as('n'))),
    // One statement compares and sets: two logins racing with the same code cannot both pass.
    useTotpStep: prepare(dialect, (db, slot) =>
      db
        .updateTable('admin_users')
        .set({ totp_last_step: slot('step') })
        .where('id', '=', slot('id'))
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', slot('step'))])),
    ),
    clearCodes: prepare(dialect, (db, slot) =>
      db.deleteFrom('admin_recovery_codes').where('user_id', '=', slot('id')),
    ),
    addCode: prepare(
      dialect,
      (db, slot) =>
        db
          .insertInto('admin_recovery_codes')
          .values({ user_id: slot('id'), code_hash: slot('hash') })
          .onConflict((conflict) => conflict.doNothing()),
      { mayConflict: false },
    ),
    useCode: prepare(dialect, (db, slot) =>
      db
        .deleteFrom('admin_recovery_codes')
        .where('user_id', '=', slot('id'))
        .where('code_hash', '=', slot('hash')),
    ),
    countCodes: prepare(dialect, (db, slot) =>
      db
        .selectFrom('admin_recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', slot('id')),
    ),
  };
});

export class SqlAdminUserRepository extends SqlCrudRepository<AdminUser> implements AdminUserRepository {
  readonly #q;

  constructor(db: SqlExecutor, now: () => Date) {
    super(db, ADMIN_USERS, now);
    this.#q = userQueries(db.dialect, ADMIN_USERS);
  }

  /** The user and their recovery codes, together. */
  override delete(id: string): Promise<boolean> {
    return this.db.atomic(async (db) => {
      await db.run(this.#q.clearCodes, { id });
      return (await db.run(this.q.remove, { id })) > 0;
    });
  }

  async useTotpStep(id: string, step: number): Promise<boolean> {
    return (await this.db.run(this.#q.useTotpStep, { id, step })) === 1;
  }

  setRecoveryCodes(id: string, hashes: string[]): Promise<void> {
    return this.db.atomic(async (db) => {
      await db.run(this.#q.clearCodes, { id });
      for (const hash of hashes) await db.run(this.#q.addCode, { id, hash });
    });
  }

  async useRecoveryCode(id: string, hash: string): Promise<boolean> {
    return (await this.db.run(this.#q.useCode, { id, hash })) === 1;
  }

  async countRecoveryCodes(id: string): Promise<number> {
    const [row] = await this.db.rows(this.#q.countCodes, { id });
    return Number(row![0]);
  }

  async getByEmail(email: string): Promise<AdminUser | null> {
    return this.q.decoder.first(await this.db.rows(this.#q.byEmail, { email: email.toLowerCase() }));
  }

  async count(): Promise<number> {
    const [row] = await this.db.rows(this.#q.count, NO_PARAMS);
    return Number(row![0]);
  }
}

const SESSIONS: EntitySpec<AdminSession> = {
  table: 'admin_sessions',
  columns: {
    id: ['id'],
    userId: ['user_id'],
    ip: ['ip'],
    createdAt: ['created_at'],
    expiresAt: ['expires_at'],
  },
};

const sessionQueries = perDialect((dialect, _spec: EntitySpec<AdminSession>) => ({
  deleteForUser: prepare(dialect, (db, slot) =>
    db.deleteFrom('admin_sessions').where('user_id', '=', slot('user')),
  ),
  deleteExpired: prepare(dialect, (db, slot) =>
    db.deleteFrom('admin_sessions').where('expires_at', '<=', slot('now')),
  ),
}));

export class SqlSessionRepository implements SessionRepository {
  readonly #table;
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#table = queriesOf(db.dialect, SESSIONS);
    this.#q = sessionQueries(db.dialect, SESSIONS);
  }

  async create(session: AdminSession): Promise<void> {
    await this.db.run(this.#table.insert, this.#table.params(session));
  }

  async get(id: string): Promise<AdminSession | null> {
    return this.#table.decoder.first(await this.db.rows(this.#table.byId, { id }));
  }

  async delete(id: string): Promise<void> {
    await this.db.run(this.#table.remove, { id });
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.run(this.#q.deleteForUser, { user: userId });
  }

  /** A session whose expiry is at or before `now` is expired. */
  async deleteExpired(now: string): Promise<number> {
    return this.db.run(this.#q.deleteExpired, { now });
  }
}
