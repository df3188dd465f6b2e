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
import { statementNamesGiven } from '../../storage/postgres/executor.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import type { Store } from '../../core/repositories.js';
import { CONVERSATIONS, conversationQueries } from '../../storage/sql/conversation-queries.js';
import { DELIVERIES, deliveryQueries } from '../../storage/sql/delivery-queries.js';
import { OUTBOX, outboxQueries } from '../../storage/sql/outbox.js';
import { bind } from '../../storage/sql/prepared-query.js';
import { withPostgresDatabase } from '../helpers/postgres.js';

const database = await withPostgresDatabase();

/** A parameter as an SQL literal (arrays in PostgreSQL's text form), for EXECUTE. */
function literal(client: pg.Client, value: unknown): string {
  return client.escapeLiteral(
    Array.isArray(value) ? `{${value.map((v) => `"${v}"`).join(',')}}` : String(value),
  );
}

/** `work` with a store and a client of its own on the test database, both closed after it. */
async function withStoreAndClient(work: (store: Store, client: pg.Client) => Promise<void>): Promise<void> {
  const store = await createPostgresStore({ url: database!.url, maxConnections: 2 });
  const client = new pg.Client({ connectionString: database!.url });
  await client.connect();
  try {
    await work(store, client);
  } finally {
    await client.end();
    await store.close();
  }
}

/** `count` contacts with ids `${prefix}1`…, written in one statement. */
async function insertContacts(client: pg.Client, prefix: string, count: number): Promise<void> {
  await client.query(
    `INSERT INTO contacts (id, name, tags, search_text, created_at, updated_at)
     SELECT $1 || i, $1, '[]', $1, '2026-01-01', '2026-01-01' FROM generate_series(1, $2::int) i`,
    [prefix, count],
  );
}

/** The plan PostgreSQL shows for `statement` (an EXECUTE, or a query with its values). */
async function planOf(client: pg.Client, statement: string, values?: unknown[]): Promise<string> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${statement}`, values);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

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
    await withStoreAndClient(async (store, client) => {
      // A first campaign to new recipients: the table grows in seconds, before autovacuum analyses it.
      // A plan made on the small table and kept (a prepared statement's) read the whole grown table
      // per group: ~30 ms a group, the campaign dispatch at 2,500 a second instead of 3,500. So the
      // statement is planned at each run, and its plan must go by the contacts' index whatever the
      // column statistics say (an unknown column counts 0.5 % NULL: the live conversations' partial
      // index looked selective; the list of contacts counted as every row).
      await client.query('ALTER TABLE conversations SET (autovacuum_enabled = false)');
      await client.query('ANALYZE conversations');
      await insertContacts(client, 'p', 20_000);
      await client.query(
        `INSERT INTO conversations (id, kind, title, contact_id, channel, mode, handoff, created_at, updated_at)
       SELECT 'c' || i, 'assistant', 'T', 'p' || i, 'web', 'standard', false, '2026-01-01', '2026-01-01'
       FROM generate_series(1, 20000) i`,
      );
      const query = conversationQueries(postgresDialect, CONVERSATIONS).latestAssistantOn;
      expect(query.planEachRun).toBe(true);
      const contacts = Array.from({ length: 200 }, (_, i) => `p${i * 97 + 1}`);
      const plan = await planOf(client, query.sql, bind(query, { channel: 'web', contacts }));
      expect(plan).toContain('conversations_contact');
      expect(plan).not.toMatch(/conversations_of_kind|conversations_recent|Seq Scan on conversations/);
      const named = statementNamesGiven();
      const found = await store.conversations.latestAssistantOn('web', ['p1', 'p19999', 'nobody']);
      expect(Object.keys(found).sort()).toEqual(['p1', 'p19999']);
      // Run unnamed: no plan kept on the connection.
      expect(statementNamesGiven()).toBe(named);
    });
  });

  it('reads a campaign group’s identities by the contact index while the table has no statistics', async () => {
    await withStoreAndClient(async (store, client) => {
      // Contacts imported a moment before a campaign: 20,000 identities on one channel, not yet
      // analysed. By the primary key (channel, external_id), a plan read all of them per group.
      await client.query('ALTER TABLE channel_identities SET (autovacuum_enabled = false)');
      await insertContacts(client, 'q', 20_000);
      await client.query(
        `INSERT INTO channel_identities (channel, external_id, contact_id, created_at)
       SELECT 'web', 'x' || i, 'q' || i, '2026-01-01' FROM generate_series(1, 20000) i`,
      );
      const query = deliveryQueries(postgresDialect, DELIVERIES).identitiesOn;
      expect(query.planEachRun).toBe(true);
      const contacts = JSON.stringify(Array.from({ length: 200 }, (_, i) => `q${i * 97 + 1}`));
      const plan = await planOf(client, query.sql, bind(query, { channel: 'web', contacts }));
      expect(plan).toContain('channel_identities_contact');
      expect(plan).not.toMatch(/channel_identities_pkey|Seq Scan on channel_identities/);
      expect([...(await store.deliveries.identitiesOn('web', ['q1', 'q19999', 'nobody']))].sort()).toEqual([
        ['q1', 'x1'],
        ['q19999', 'x19999'],
      ]);
    });
  });

  it('writes back sends by key through a statement prepared once and run many times, while the tables are small', async () => {
    await withStoreAndClient(async (_store, client) => {
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
      const execute = (n: number) =>
        `EXECUTE sent(${paramsFor(n)
          .map((value) => literal(client, value))
          .join(', ')})`;
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
    });
  });
});
