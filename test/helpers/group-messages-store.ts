/**
 * An embedded store written straight through SQLite (no repository, so no search index is filled):
 * one web group holding messages of the given texts, with ids `m` + the index padded to `width`.
 */
import { openDatabase } from '../../storage/embedded/database.js';
import { migrate } from '../../storage/embedded/migrations.js';
import type { Migration } from '../../storage/embedded/migrations/migration.js';

export function seedGroupMessages(
  dataDir: string,
  texts: readonly string[],
  options: { width: number; migrations?: readonly Migration[] },
): void {
  const db = openDatabase({ dataDir, filename: 'kora.db' });
  migrate(db, () => new Date(), options.migrations);
  db.prepare(
    `INSERT INTO conversations (id, kind, title, contact_id, channel, external_chat_id, link_id, mode,
       handoff, created_at, updated_at, last_message_at)
     VALUES ('c1', 'group', 'Club', NULL, 'web', NULL, NULL, 'standard', 0, 't', 't', 't')`,
  ).run();
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, text, channel, status,
       created_at) VALUES (?, 'c1', 'contact', NULL, 'X', ?, 'web', 'received', 't')`,
  );
  db.transaction(() => {
    texts.forEach((text, i) => {
      message.run(`m${String(i).padStart(options.width, '0')}`, text);
    });
  })();
  db.close();
}
