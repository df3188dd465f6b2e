/** One PostgreSQL schema step: applied in ascending order, never edited once released. */
export interface PostgresMigration {
  version: number;
  name: string;
  /** SQL script, run in one transaction together with its schema_migrations row. */
  up: string;
}
