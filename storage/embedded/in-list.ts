import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './database.js';

/** Values bound per `IN (…)` list at most: SQLite binds a bounded number of parameters. */
const IN_CHUNK = 500;

/**
 * Raw rows of `sql(marks)`, where the SQL holds `IN (marks)` for `values`, run in chunks of at most
 * IN_CHUNK values; `before` and `after` are the parameters around the list. Statements are prepared
 * once per text (so per chunk size) and kept in `cache`.
 */
export function allIn(
  db: SqliteDatabase,
  cache: Map<string, Statement<unknown[]>>,
  sql: (marks: string) => string,
  before: unknown[],
  values: readonly string[],
  after: unknown[] = [],
): unknown[][] {
  const out: unknown[][] = [];
  for (let start = 0; start < values.length; start += IN_CHUNK) {
    const chunk = values.slice(start, start + IN_CHUNK);
    const text = sql(chunk.map(() => '?').join(', '));
    let statement = cache.get(text);
    if (!statement) {
      statement = db.prepare(text).raw(true) as Statement<unknown[]>;
      cache.set(text, statement);
    }
    for (const row of statement.all(...before, ...chunk, ...after)) out.push(row as unknown[]);
  }
  return out;
}
