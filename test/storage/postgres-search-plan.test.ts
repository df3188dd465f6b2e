/**
 * The message search on PostgreSQL tests each message's stored words (migration 058), kept by a
 * trigger on insert, instead of folding and parsing the text of every message it reads.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../storage/postgres/dialect.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();

describe.skipIf(!database)('postgres: message search', () => {
  it('tests the stored words the trigger wrote, folding no message text while it searches', async () => {
    const store = await createPostgresStore({ url: database!.url, maxConnections: 2 });
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO contacts (id, name, tags, search_text, created_at, updated_at) VALUES ('p', 'P', '[]', 'p', '2026', '2026');
         INSERT INTO conversations (id, kind, title, contact_id, channel, mode, handoff, created_at, updated_at)
           VALUES ('c', 'assistant', 'T', 'p', 'web', 'standard', false, '2026', '2026')`,
      );
      await client.query(
        `INSERT INTO messages (id, conversation_id, sender_type, sender_name, text, channel, status, created_at)
         SELECT lpad(i::text, 8, '0'), 'c', 'contact', 'P',
           CASE WHEN i % 8 = 0 THEN 'Bonjour, la RETRAITE yoga' ELSE 'Combien coûte le cours ?' END, 'web', 'sent', '2026'
         FROM generate_series(1, 50000) i`,
      );
      await client.query('ANALYZE messages');
      // The trigger folded the text as the search folds what is typed.
      const { rows: stored } = await client.query(`SELECT words::text FROM messages WHERE id = '00000008'`);
      expect(stored[0].words).toBe("'bonjour':1 'la':2 'retraite':3 'yoga':4");
      const words = postgresDialect.searchWords('bonjour')!;
      // The dialect's own query, as the conversation search runs it.
      const newest = postgresDialect.fragments.newestMatching(sql`${words}`, sql`${2000}`);
      const compiled = sql`EXPLAIN ${newest}`.compile(postgresDialect.builder);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(compiled.sql, [...compiled.parameters]);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      // Which scan depends on the table's size (off the primary key backwards at 300,000, measured in
      // docs/DECISIONS.md); whichever it is tests the stored words and folds nothing.
      expect(plan).toMatch(/words @@ /);
      expect(plan).not.toMatch(/kora_fold|to_tsvector/);
      // And through the store: the newest matches, found by a prefix typed with accents and capitals.
      const page = await store.conversations.list({ query: 'RETRAÎ', limit: 10 });
      expect(page.items.map((conversation) => conversation.id)).toEqual(['c']);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
