/**
 * A list of ids bound as one JSON parameter (`fragments.jsonList`) must be read by the table's index
 * on PostgreSQL. Straight from jsonb_array_elements_text the planner counted on 100 ids and hashed
 * them against a scan of the whole table: the outbox writing back a few sends read every message
 * (PostgreSQL ingest fell from 490 to 233 messages a second as the table grew). The hot lists
 * (`fragments.inList`) are one array parameter: each plan knows how many ids there are, so a store
 * younger than its statistics reads them by key too.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresDialect } from '../../storage/postgres/dialect.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import { CONVERSATIONS, conversationQueries } from '../../storage/sql/conversation-queries.js';
import { OUTBOX, outboxQueries } from '../../storage/sql/outbox.js';
import { bind } from '../../storage/sql/prepared-query.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();

describe.skipIf(!database)('postgres: id lists', () => {
  it('reads a listed few of 20,000 rows by the primary key, for a SELECT and an UPDATE', async () => {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE items (id text PRIMARY KEY, status text NOT NULL)');
      await client.query(
        "INSERT INTO items SELECT 'i' || lpad(i::text, 8, '0'), 'queued' FROM generate_series(1, 20000) i",
      );
      await client.query('ANALYZE items');
      const ids = sql`${JSON.stringify(['i00000001', 'i00000002', 'i00019999'])}`;
      const list = postgresDialect.fragments.jsonList(ids);
      for (const statement of [
        sql`SELECT id FROM items WHERE id IN ${list}`,
        sql`UPDATE items SET status = 'sent' WHERE id IN ${list}`,
      ]) {
        const compiled = sql`EXPLAIN ${statement}`.compile(postgresDialect.builder);
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(compiled.sql, [...compiled.parameters]);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan).toMatch(/Index (Only )?Scan using items_pkey/);
        expect(plan).not.toContain('Seq Scan on items');
      }
      await client.query(
        sql`UPDATE items SET status = 'sent' WHERE id IN ${list}`.compile(postgresDialect.builder).sql,
        [JSON.stringify(['i00000001', 'i00000002', 'i00019999'])],
      );
      const { rows } = await client.query("SELECT count(*)::int AS n FROM items WHERE status = 'sent'");
      expect(rows[0].n).toBe(3);
    } finally {
      await client.end();
    }
  });

  it('reads a campaign group’s conversations by the contacts’ index while statistics say the table is empty', async () => {
    const store = await createPostgresStore({ url: database!.url, maxConnections: 2 });
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      // A first campaign to new recipients: the table grows in seconds, before autovacuum analyses it.
      await client.query('ALTER TABLE conversations SET (autovacuum_enabled = false)');
      await client.query('ANALYZE conversations');
      await client.query(
        `INSERT INTO contacts (id, name, tags, search_text, created_at, updated_at)
         SELECT 'p' || i, 'P', '[]', 'p', '2026-01-01', '2026-01-01' FROM generate_series(1, 20000) i`,
      );
      await client.query(
        `INSERT INTO conversations (id, kind, title, contact_id, channel, mode, handoff, created_at, updated_at)
         SELECT 'c' || i, 'assistant', 'T', 'p' || i, 'web', 'standard', false, '2026-01-01', '2026-01-01'
         FROM generate_series(1, 20000) i`,
      );
      const query = conversationQueries(postgresDialect, CONVERSATIONS).latestAssistantOn;
      const params = { channel: 'web', contacts: postgresDialect.encodeList(['p1', 'p2', 'p19999']) };
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${query.sql}`,
        bind(query, params),
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).toContain('conversations_contact');
      expect(plan).not.toMatch(/Index Scan using conversations_of_kind|Seq Scan on conversations/);
      const found = await store.conversations.latestAssistantOn('web', ['p1', 'p19999', 'nobody']);
      expect(Object.keys(found).sort()).toEqual(['p1', 'p19999']);
    } finally {
      await client.end();
      await store.close();
    }
  });

  it('writes back sends by key through a statement prepared once and run many times, while the tables are small', async () => {
    const store = await createPostgresStore({ url: database!.url, maxConnections: 2 });
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      // A new installation's first few hundred messages: counted on ten ids (all a generic plan can
      // assume), scanning the table looked cheaper than ten reads by key, and under concurrent writers
      // cost 1-3 ms a call (measured in bench/postgres's ingest, 0.4 ms of PostgreSQL's time per message).
      await client.query(
        `INSERT INTO contacts (id, name, tags, search_text, created_at, updated_at) VALUES ('p', 'P', '[]', 'p', '2026-01-01', '2026-01-01');
         INSERT INTO conversations (id, kind, title, contact_id, channel, mode, handoff, created_at, updated_at)
         VALUES ('c', 'assistant', 'T', 'p', 'web', 'standard', false, '2026-01-01', '2026-01-01')`,
      );
      const fill = async (from: number, to: number) => {
        await client.query(
          `INSERT INTO messages (id, conversation_id, sender_type, sender_name, text, channel, status, created_at)
           SELECT 'm' || lpad(i::text, 8, '0'), 'c', 'assistant', 'A', 'Bonjour', 'web', 'queued', '2026-01-01'
           FROM generate_series($1::int, $2::int) i`,
          [from, to],
        );
        await client.query(
          `INSERT INTO outbox (id, message_id, conversation_id, channel, recipient, status, attempts, next_attempt_at, created_at, updated_at)
           SELECT 'o' || lpad(i::text, 8, '0'), 'm' || lpad(i::text, 8, '0'), 'c', 'web', 'p', 'sending', 1, '2026-01-01', '2026-01-01', '2026-01-01'
           FROM generate_series($1::int, $2::int) i`,
          [from, to],
        );
      };
      await fill(1, 600);
      await client.query('ANALYZE messages; ANALYZE outbox');
      const query = outboxQueries(postgresDialect, OUTBOX).bothSent!;
      const paramsFor = (n: number) => {
        const id = String(n).padStart(8, '0');
        return bind(query, {
          ids: postgresDialect.encodeList([`o${id}`]),
          messageIds: postgresDialect.encodeList([`m${id}`]),
          externalIds: JSON.stringify({}),
          now: '2026-01-02',
        });
      };
      // One prepared statement run again and again, as the store runs it: PostgreSQL may switch it to a
      // generic plan after its fifth run.
      await client.query(`PREPARE sent AS ${query.sql}`);
      const literal = (value: unknown) =>
        client.escapeLiteral(
          Array.isArray(value) ? `{${value.map((v) => `"${v}"`).join(',')}}` : String(value),
        );
      const execute = (n: number) => `EXECUTE sent(${paramsFor(n).map(literal).join(', ')})`;
      for (let n = 1; n <= 10; n++) await client.query(execute(n));
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${execute(11)}`);
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).not.toMatch(/Seq Scan on (messages|outbox)/);
      expect(plan).toContain('messages_pkey');
      expect(plan).toContain('outbox_pkey');
      const written = await client.query(
        "SELECT (SELECT count(*)::int FROM messages WHERE status = 'sent') AS messages, (SELECT count(*)::int FROM outbox WHERE status = 'sent') AS outbox",
      );
      expect(written.rows[0]).toEqual({ messages: 10, outbox: 10 });
    } finally {
      await client.end();
      await store.close();
    }
  });
});
