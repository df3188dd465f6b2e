/**
 * Migration 016 on data written before it: phones are verified only where the contact wrote from
 * them, and the WhatsApp/SMS identities that a typed number had attached to a web or Telegram contact
 * are removed, while imported contacts and real WhatsApp/SMS senders keep theirs.
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

type Seed = {
  id: string;
  phone: string;
  identities: [channel: string, externalId: string][];
  /** Channels on which the contact wrote from `phone` (a conversation there with their message). */
  wroteOn?: string[];
};

const SEEDS: Seed[] = [
  {
    id: 'visitor',
    phone: '+41790000001',
    identities: [
      ['web', 'visitor'],
      ['whatsapp', '+41790000001'],
      ['sms', '+41790000001'],
    ],
  },
  {
    id: 'telegram',
    phone: '+41790000002',
    identities: [
      ['telegram', '42'],
      ['whatsapp', '+41790000002'],
      ['sms', '+41790000002'],
    ],
  },
  {
    id: 'taken',
    phone: '+41790000003',
    identities: [
      ['web', 'taken'],
      ['whatsapp', '+41790000003'],
      ['sms', '+41790000003'],
    ],
    wroteOn: ['whatsapp'],
  },
  {
    id: 'imported',
    phone: '+41790000004',
    identities: [
      ['whatsapp', '+41790000004'],
      ['sms', '+41790000004'],
    ],
  },
  {
    id: 'sender',
    phone: '+41790000005',
    identities: [
      ['sms', '+41790000005'],
      ['whatsapp', '+41790000005'],
    ],
    wroteOn: ['sms'],
  },
];

function seedBefore016(dataDir: string): void {
  const db = openDatabase({ dataDir, filename: 'kora.db' });
  migrate(
    db,
    () => new Date(),
    MIGRATIONS.filter((migration) => migration.version < 16),
  );
  const contact = db.prepare(
    `INSERT INTO contacts (id, name, email, phone, tags, search_text, created_at, updated_at)
     VALUES (?, ?, NULL, ?, '[]', '', 't', 't')`,
  );
  const identity = db.prepare(
    'INSERT INTO channel_identities (channel, external_id, contact_id, created_at) VALUES (?, ?, ?, ?)',
  );
  const conversation = db.prepare(
    `INSERT INTO conversations (id, kind, title, contact_id, channel, external_chat_id, link_id, mode,
       handoff, created_at, updated_at, last_message_at)
     VALUES (?, 'assistant', 'A', ?, ?, ?, NULL, 'standard', 0, 't', 't', NULL)`,
  );
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, text, channel, status,
       created_at) VALUES (?, ?, 'contact', ?, 'X', 'Bonjour', ?, 'received', 't')`,
  );
  for (const seed of SEEDS) {
    contact.run(seed.id, seed.id, seed.phone);
    for (const [channel, externalId] of seed.identities) identity.run(channel, externalId, seed.id, 't');
    for (const channel of seed.wroteOn ?? []) {
      conversation.run(`c-${seed.id}`, seed.id, channel, seed.phone);
      message.run(`m-${seed.id}`, `c-${seed.id}`, seed.id, channel);
    }
  }
  db.close();
}

it('verifies only the numbers people wrote from, and drops the identities typed numbers had made', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-016-'));
  dirs.push(dataDir);
  seedBefore016(dataDir);
  const store = await createEmbeddedStore({ dataDir });
  const channels = async (id: string) =>
    (await store.contacts.listIdentities(id)).map((identity) => identity.channel).sort();
  const verified = async (id: string) => (await store.contacts.get(id))?.phoneVerified;

  expect(await channels('visitor')).toEqual(['web']);
  expect(await channels('telegram')).toEqual(['telegram']);
  expect(await channels('taken')).toEqual(['web', 'whatsapp']);
  expect(await channels('imported')).toEqual(['sms', 'whatsapp']);
  expect(await channels('sender')).toEqual(['sms', 'whatsapp']);
  expect(await verified('visitor')).toBe(false);
  expect(await verified('telegram')).toBe(false);
  expect(await verified('taken')).toBe(true);
  expect(await verified('imported')).toBe(false);
  expect(await verified('sender')).toBe(true);
  expect((await store.contacts.get('visitor'))?.emailVerified).toBe(false);
  await store.close();
});
