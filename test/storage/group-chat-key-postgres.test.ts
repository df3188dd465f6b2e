/**
 * PostgreSQL migration 049 on data written before it: two live group conversations for one WhatsApp
 * group become one, the oldest, holding both members and both messages (embedded 065 is
 * group-chat-key-migration.test.ts); then the key holds.
 */
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS, migratePostgres } from '../../storage/postgres/migrations.js';
import { createPostgresStore } from '../../storage/postgres/store.js';
import { createTestDatabase, postgresReachable } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const database = reachable ? await createTestDatabase() : null;
afterAll(async () => {
  await database?.drop();
});

it.runIf(reachable)(
  'merges duplicate group conversations of one chat into the oldest, then keys them',
  async () => {
    const { url, drop } = await database!.freshSchema();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const now = () => new Date();
    await migratePostgres(
      pool,
      now,
      POSTGRES_MIGRATIONS.filter((migration) => migration.version < 49),
    );
    const run = (text: string, values: unknown[]) => pool.query(text, values);
    for (const id of ['ana', 'ben'])
      await run(
        `INSERT INTO contacts (id, name, tags, search_text, created_at, updated_at)
       VALUES ($1, $1, '[]', '', 't', 't')`,
        [id],
      );
    const group = `INSERT INTO conversations (id, kind, title, channel, external_chat_id, mode, handoff,
      created_at, updated_at, last_message_at)
    VALUES ($1, 'group', 'Run club', 'whatsapp', $2, 'standard', false, $3, 't', $4)`;
    await run(group, ['old', '120363@g.us', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    await run(group, ['new', '120363@g.us', '2026-01-01T00:00:00.001Z', '2026-01-02T00:00:00.000Z']);
    const member = `INSERT INTO conversation_members (conversation_id, contact_id, joined_at) VALUES ($1, $2, 't')`;
    await run(member, ['old', 'ana']);
    await run(member, ['new', 'ana']);
    await run(member, ['new', 'ben']);
    await run(
      `INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, text, channel, status,
       created_at) VALUES ('m2', 'new', 'contact', 'ben', 'Ben', 'Salut', 'whatsapp', 'received', 't')`,
      [],
    );
    await pool.end();

    const store = await createPostgresStore({ url, maxConnections: 2 });
    const kept = await store.conversations.findByExternalChat('whatsapp', '120363@g.us', 'group');
    expect(kept).toMatchObject({ id: 'old', lastMessageAt: '2026-01-02T00:00:00.000Z' });
    expect(await store.conversations.get('new')).toBeNull();
    expect((await store.conversations.listMembers('old')).map((m) => m.contactId).sort()).toEqual([
      'ana',
      'ben',
    ]);
    expect((await store.messages.get('m2'))?.conversationId).toBe('old');
    expect(await store.conversations.openGroup({ ...kept!, id: 'third' })).toMatchObject({
      created: false,
      conversation: { id: 'old' },
    });
    await store.close();
    await drop();
  },
);
