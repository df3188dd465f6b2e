import { uniqueConflict } from '../sql/conflicts.js';

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** Turns a SQLite unique violation into a ConflictError naming the field; other errors pass through. */
export function toConflict(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !UNIQUE_CODES.has(code)) return error;
  // SQLite names the columns as "UNIQUE constraint failed: table.col1, table.col2".
  const failed = /constraint failed: (.+)$/.exec((error as Error).message)?.[1] ?? '';
  const columns = failed.split(', ').map((name) => name.split('.'));
  return uniqueConflict(
    columns[0]?.[0] ?? '',
    columns.map((parts) => parts[1] ?? 'id'),
  );
}

/** Runs a write, reporting unique violations as ConflictError. */
export function writing<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw toConflict(error);
  }
}
