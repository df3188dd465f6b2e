/**
 * Migration 065 on data written before it: two live group conversations for one WhatsApp group (two
 * processes opened it at once) become one, the oldest, holding both members and both messages.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../storage/embedded/database.js';
import { MIGRATIONS, migrate } from '../../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../../storage/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function seedDuplicates(dataDir: string): void {
  const db = openDatabase({ dataDir, filename: 'kora.db' });
  migrate(
    db,
    () => new Date(),
    MIGRATIONS.filter((migration) => migration.version < 65),
  );
  const contact = db.prepare(
    `INSERT INTO contacts (id, name, email, phone, tags, search_text, created_at, updated_at)
     VALUES (?, ?, NULL, NULL, '[]', '', 't', 't')`,
  );
  const group = db.prepare(
    `INSERT INTO conversations (id, kind, title, contact_id, channel, external_chat_id, link_id, mode,
       handoff, created_at, updated_at, last_message_at)
     VALUES (?, 'group', 'Run club', NULL, 'whatsapp', ?, NULL, 'standard', 0, ?, ?, ?)`,
  );
  const member = db.prepare(
    `INSERT INTO conversation_members (conversation_id, contact_id, last_read_message_id, joined_at)
     VALUES (?, ?, NULL, 't')`,
  );
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, text, channel, status,
       created_at) VALUES (?, ?, 'contact', ?, 'X', 'Bonjour', 'whatsapp', 'received', 't')`,
  );
  for (const id of ['ana', 'ben']) contact.run(id, id);
  group.run('old', '120363@g.us', '2026-01-01T00:00:00.000Z', 't', '2026-01-01T00:00:00.000Z');
  group.run('new', '120363@g.us', '2026-01-01T00:00:00.001Z', 't', '2026-01-02T00:00:00.000Z');
  group.run('other', '999@g.us', '2026-01-01T00:00:00.002Z', 't', null);
  member.run('old', 'ana');
  member.run('new', 'ana');
  member.run('new', 'ben');
  message.run('m1', 'old', 'ana');
  message.run('m2', 'new', 'ben');
  db.close();
}

it('merges duplicate group conversations of one chat into the oldest, then keys them', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-065-'));
  dirs.push(dataDir);
  seedDuplicates(dataDir);
  const store = await createEmbeddedStore({ dataDir });
  const kept = await store.conversations.findByExternalChat('whatsapp', '120363@g.us', 'group');
  expect(kept).toMatchObject({ id: 'old', lastMessageAt: '2026-01-02T00:00:00.000Z' });
  expect(await store.conversations.get('new')).toBeNull();
  expect(await store.conversations.get('other')).not.toBeNull();
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
});
