import type { EntryLink } from '../../core/types.js';
import type { LinkRepository } from '../types.js';
import { SqlCrudRepository } from './crud.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { type PreparedQuery, perDialect } from './prepared-query.js';
import { queriesOf } from './crud.js';

const LINKS: EntitySpec<EntryLink> = {
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
  // Codes are matched ignoring case through a unique lowercased key.
  derived: { code_key: { from: ['code'], derive: (link) => link.code.toLowerCase() } },
};

const lookups = perDialect((dialect, spec: EntitySpec<EntryLink>) => {
  const q = queriesOf(dialect, spec);
  return {
    byToken: q.select((query, slot) => query.where('token', '=', slot('token'))),
    byCode: q.select((query, slot) => query.where('code_key', '=', slot('code'))),
  } satisfies Record<string, PreparedQuery>;
});

export class SqlLinkRepository extends SqlCrudRepository<EntryLink> implements LinkRepository {
  readonly #lookups;

  constructor(db: SqlExecutor, now: () => Date) {
    super(db, LINKS, now);
    this.#lookups = lookups(db.dialect, LINKS);
  }

  async getByToken(token: string): Promise<EntryLink | null> {
    return this.q.decoder.first(await this.db.rows(this.#lookups.byToken, { token }));
  }

  async getByCode(code: string): Promise<EntryLink | null> {
    return this.q.decoder.first(await this.db.rows(this.#lookups.byCode, { code: code.toLowerCase() }));
  }
}
