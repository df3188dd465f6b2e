import type { Statement } from 'better-sqlite3';
import type { EntryLink } from '../../core/types.js';
import type { LinkRepository } from '../types.js';
import { SqliteCrudRepository } from './crud.js';
import type { SqliteDatabase } from './database.js';

export class SqliteLinkRepository extends SqliteCrudRepository<EntryLink> implements LinkRepository {
  readonly #byToken: Statement<[string]>;
  readonly #byCode: Statement<[string]>;

  constructor(db: SqliteDatabase, now: () => Date) {
    super(
      db,
      {
        table: 'links',
        columns: {
          id: ['id'],
          name: ['name'],
          mode: ['mode'],
          customPrompt: ['custom_prompt'],
          token: ['token'],
          code: ['code'],
          createdAt: ['created_at'],
          updatedAt: ['updated_at'],
        },
        derived: { code_key: (link) => link.code.toLowerCase() },
      },
      now,
    );
    this.#byToken = db.prepare('SELECT * FROM links WHERE token = ?');
    this.#byCode = db.prepare('SELECT * FROM links WHERE code_key = ?');
  }

  async getByToken(token: string): Promise<EntryLink | null> {
    return this.one(this.#byToken, token);
  }

  async getByCode(code: string): Promise<EntryLink | null> {
    return this.one(this.#byCode, code.toLowerCase());
  }
}
