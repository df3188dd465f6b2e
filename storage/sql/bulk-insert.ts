import type { SqlDialect } from './dialect.js';
import type { SqlExecutor } from './executor.js';
import { type PreparedQuery, perDialect, prepare } from './prepared-query.js';

/**
 * A table's multi-row INSERT: its columns, and whether a row that hits a unique key is left out. Its
 * statements are compiled once per description object: keep one per table (a module constant, or
 * `perDialect`), never one per call.
 */
export interface BulkTable {
  table: string;
  columns: readonly string[];
  onConflict: 'fail' | 'ignore';
}

/** Rows per statement at most (PostgreSQL takes 65,535 values a statement, SQLite 32,766). */
const LARGEST = 128;

/**
 * Many rows of one table in a few statements: n rows go as one multi-row INSERT per power of two in n
 * (200 = 128 + 64 + 8), each size compiled once per process, so every statement stays a prepared one
 * (PostgreSQL names it per connection) and a process meets at most eight sizes per table. A row's
 * values are its columns' (as TableQueries.params gives them). How many rows were inserted.
 */
export async function insertRows(
  db: SqlExecutor,
  spec: BulkTable,
  rows: readonly Record<string, unknown>[],
): Promise<number> {
  const queries = bulkQueries(db.dialect, spec);
  let inserted = 0;
  let at = 0;
  while (at < rows.length) {
    // In process (SQLite), one prepared row after the other.
    const size = db.dialect.roundTrips ? chunkSize(rows.length - at) : 1;
    const params: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) {
      const row = rows[at + i]!;
      for (const column of spec.columns) params[`${column}.${i}`] = row[column] ?? null;
    }
    inserted += await db.run(queries.of(size), params);
    at += size;
  }
  return inserted;
}

/** The largest power of two not above `left`, at most LARGEST. */
function chunkSize(left: number): number {
  let size = LARGEST;
  while (size > left) size >>= 1;
  return size;
}

const bulkQueries = perDialect((dialect: SqlDialect, spec: BulkTable) => {
  const bySize = new Map<number, PreparedQuery>();
  return {
    of(size: number): PreparedQuery {
      let query = bySize.get(size);
      if (!query) {
        query = prepare(
          dialect,
          (db, slot) => {
            const insert = db
              .insertInto(spec.table)
              .values(
                Array.from({ length: size }, (_, i) =>
                  Object.fromEntries(spec.columns.map((column) => [column, slot(`${column}.${i}`)])),
                ),
              );
            return spec.onConflict === 'ignore'
              ? insert.onConflict((conflict) => conflict.doNothing())
              : insert;
          },
          // Rows with new ids (or left out on conflict): nothing to catch, no savepoint.
          { mayConflict: false },
        );
        bySize.set(size, query);
      }
      return query;
    },
  };
});
