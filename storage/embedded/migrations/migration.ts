import type { SqliteDatabase } from '../database.js';

/** One schema step. Versions are applied in ascending order and never edited once released. */
export interface Migration {
  version: number;
  name: string;
  /** SQL script run in one transaction together with its schema_migrations row. */
  up: string;
  /** Data work SQL cannot do (run after `up`, in the same transaction). */
  run?: (db: SqliteDatabase) => void;
}
