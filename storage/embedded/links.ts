import type { EntryLink } from '../../core/types.js';
import type { LinkRepository } from '../types.js';
import { SqliteCrudRepository } from './crud.js';
import type { SqliteDatabase } from './database.js';
import type { RowsStatement } from './entity-table.js';

export class SqliteLinkRepository extends SqliteCrudRepository<EntryLink> implements LinkRepository {
  readonly #byToken: RowsStatement<[string]>;
  readonly #byCode: RowsStatement<[string]>;

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
    this.#byToken = this.table.select('WHERE token = ?');
    this.#byCode = this.table.select('WHERE code_key = ?');
  }

  async getByToken(token: string): Promise<EntryLink | null> {
    return this.table.first(this.#byToken.get(token));
  }

  async getByCode(code: string): Promise<EntryLink | null> {
    return this.table.first(this.#byCode.get(code.toLowerCase()));
  }
}
