import type { PostgresMigration } from './migration.js';

/**
 * Trigram indexes for the searches inside text (a conversation's title, a customer's name, email and
 * phone): `contains` is a LIKE on PostgreSQL (storage/postgres/dialect.ts), which pg_trgm's GIN
 * indexes answer without reading every row (at 1,000,000 messages, 100,000 conversations and as many
 * customers were read on each inbox search). pg_trgm ships with PostgreSQL and is a trusted extension
 * (a database owner may create it); where it cannot be created, the searches stay correct and read
 * every row, as before (docs/DECISIONS.md).
 */
export const trigramSearch: PostgresMigration = {
  version: 59,
  name: 'trigram-search',
  // The extension is the database's, not a schema's: made in `public` where it may be (a store in a
  // schema of its own, as the tests make them, must not take it along when that schema is dropped),
  // and its operator class named by the schema it is in (made earlier elsewhere, e.g. `extensions`).
  up: `
DO $$
DECLARE
  home text;
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  EXCEPTION WHEN OTHERS THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
      RAISE NOTICE 'pg_trgm not created (%): searches inside titles and customers read every row', SQLERRM;
    END;
  END;
  SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
  IF home IS NOT NULL THEN
    EXECUTE format('CREATE INDEX conversations_title_trigrams ON conversations USING gin (title_search %I.gin_trgm_ops)', home);
    EXECUTE format('CREATE INDEX contacts_search_trigrams ON contacts USING gin (search_text %I.gin_trgm_ops)', home);
  END IF;
END $$;`,
};
