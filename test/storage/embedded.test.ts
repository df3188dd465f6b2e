import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../core/errors.js';
import { openDatabase } from '../../storage/embedded/database.js';
import { MIGRATIONS, migrate } from '../../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { runStorageContract } from './contract.js';
import {
  deferred,
  makeContact,
  makeLink,
  makeMessage,
  seedConversation,
  settle,
} from './contract/fixtures.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kora-'));
}

runStorageContract('embedded (SQLite file)', async () => {
  const dataDir = tempDir();
  const store = await createEmbeddedStore({ dataDir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

describe('embedded store', () => {
  const dirs: string[] = [];
  const open = (dataDir: string) => createEmbeddedStore({ dataDir });
  const freshDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };

  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  function readMigrations(dataDir: string): { version: number; applied_at: string }[] {
    const db = new Database(path.join(dataDir, 'kora.db'), { readonly: true });
    try {
      return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all() as {
        version: number;
        applied_at: string;
      }[];
    } finally {
      db.close();
    }
  }

  it('records each migration once and does not re-apply it on reopen', async () => {
    const dataDir = freshDir();
    const applied = new Date('2024-03-01T10:00:00.000Z');
    await (await createEmbeddedStore({ dataDir, now: () => applied })).close();
    const expected = MIGRATIONS.map((migration) => ({
      version: migration.version,
      applied_at: applied.toISOString(),
    }));
    expect(readMigrations(dataDir)).toEqual(expected);
    await (await open(dataDir)).close();
    expect(readMigrations(dataDir)).toEqual(expected);
  });

  it('applies only the migrations not yet recorded, in version order', () => {
    const db = openDatabase({ filename: ':memory:' });
    const now = () => new Date('2024-03-01T10:00:00.000Z');
    const last = MIGRATIONS.at(-1)!.version;
    const extra = [
      { version: last + 2, name: 'later', up: 'CREATE TABLE later (id TEXT)' },
      { version: last + 1, name: 'next', up: 'CREATE TABLE next (id TEXT)' },
    ];
    expect(migrate(db, now)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(migrate(db, now, [...MIGRATIONS, ...extra])).toEqual([last + 1, last + 2]);
    expect(migrate(db, now, [...MIGRATIONS, ...extra])).toEqual([]);
    db.close();
  });

  it('keeps a failed migration out entirely', () => {
    const db = openDatabase({ filename: ':memory:' });
    const broken = {
      version: MIGRATIONS.at(-1)!.version + 1,
      name: 'broken',
      up: 'CREATE TABLE half (id TEXT); SELECT nonsense FROM nowhere',
    };
    expect(() => migrate(db, () => new Date(), [...MIGRATIONS, broken])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(
      MIGRATIONS.at(-1)!.version,
    );
    db.close();
  });

  it('keeps data across close and reopen', async () => {
    const dataDir = freshDir();
    const contact = makeContact({ tags: ['kept'] });
    const first = await open(dataDir);
    await first.contacts.create(contact);
    await first.settings.setValue('instance.id', 'kora-1');
    await first.close();
    const second = await open(dataDir);
    expect(await second.contacts.get(contact.id)).toEqual(contact);
    expect(await second.settings.getValue('instance.id')).toBe('kora-1');
    await second.close();
  });

  it('opens the file in WAL mode with foreign keys on', () => {
    const db = openDatabase({ dataDir: freshDir() });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('works in memory', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    const contact = await store.contacts.create(makeContact());
    expect(await store.contacts.get(contact.id)).toEqual(contact);
    expect(store.kind).toBe('embedded');
    await store.close();
  });

  it('hashes the dedupe keys already stored when migrating to the hashed dedupe index', async () => {
    const dataDir = freshDir();
    const db = openDatabase({ dataDir, filename: 'kora.db' });
    migrate(
      db,
      () => new Date(),
      MIGRATIONS.filter((migration) => migration.version < 14),
    );
    db.exec(
      `INSERT INTO conversations (id, kind, title, contact_id, channel, external_chat_id, link_id, mode,
         handoff, created_at, updated_at, last_message_at)
       VALUES ('c1', 'assistant', 'A', NULL, 'web', NULL, NULL, 'standard', 0, 't', 't', NULL)`,
    );
    const insert = db.prepare(
      `INSERT INTO messages (id, conversation_id, sender_type, sender_name, text, channel, status,
         dedupe_key, created_at) VALUES (?, 'c1', 'contact', 'Aïcha', ?, 'web', 'received', ?, 't')`,
    );
    // More than one page of the backfill (10,000 rows), and a message without a key.
    const insertMany = db.transaction(() => {
      for (let i = 0; i < 10_001; i++)
        insert.run(`m${String(i).padStart(5, '0')}`, `text ${i}`, `c:web:k1:${i}`);
      insert.run('m-nokey', 'no key', null);
    });
    insertMany();
    db.close();

    const store = await open(dataDir);
    const last = await store.messages.findByDedupeKey('c:web:k1:10000');
    expect(last).toMatchObject({ id: 'm10000', text: 'text 10000' });
    const retry = await store.messages.insert(makeMessage('c1', { id: 'm-retry' }), 'c:web:k1:3');
    expect(retry).toMatchObject({ duplicate: true, message: { id: 'm00003', text: 'text 3' } });
    expect(await store.messages.get('m-retry')).toBeNull();
    await store.close();
    const check = new Database(path.join(dataDir, 'kora.db'), { readonly: true });
    expect(check.prepare('SELECT count(*) FROM messages WHERE dedupe_hash IS NULL').pluck().get()).toBe(1);
    check.close();
  });

  it('compares the whole dedupe key when two keys share a hash', async () => {
    const dataDir = freshDir();
    const store = await open(dataDir);
    const { conversation } = await seedConversation(store);
    const first = await store.messages.insert(makeMessage(conversation.id), 'c:web:contact:two');
    // A collision: the stored message's key is another one with the same hash.
    const db = new Database(path.join(dataDir, 'kora.db'));
    db.prepare(`UPDATE messages SET dedupe_key = 'c:web:contact:one' WHERE id = ?`).run(first.message.id);
    db.close();
    const second = await store.messages.insert(makeMessage(conversation.id), 'c:web:contact:two');
    expect(second.duplicate).toBe(false);
    expect(second.message.id).not.toBe(first.message.id);
    expect((await store.messages.findByDedupeKey('c:web:contact:two'))?.id).toBe(second.message.id);
    expect(await store.messages.get(first.message.id)).toEqual(first.message);
    const again = await store.messages.insert(makeMessage(conversation.id), 'c:web:contact:two');
    expect(again).toEqual({ duplicate: true, message: second.message });
    await store.close();
  });

  it('names the field in conflict messages', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    await store.links.create(makeLink({ token: 'same' }));
    const error = await store.links
      .create(makeLink({ token: 'same' }))
      .catch((rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toBe('A link with this token already exists');
    await store.close();
  });

  it('runs transactions and waiting calls in arrival order', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    const events: string[] = [];
    const gate = deferred();
    const first = store.transaction(async (tx) => {
      events.push('first:start');
      await tx.settings.setValue('x', '1');
      await gate.promise;
      events.push('first:end');
    });
    await settle();
    const call = store.settings.getValue('x');
    const second = store.transaction(async (tx) => {
      events.push('second:start');
      await tx.settings.setValue('x', '2');
    });
    const laterCall = store.settings.getValue('x');
    gate.resolve();
    // Each call sees exactly the transactions that arrived before it.
    expect(await Promise.all([call, laterCall])).toEqual(['1', '2']);
    await Promise.all([first, second]);
    expect(events).toEqual(['first:start', 'first:end', 'second:start']);
    await store.close();
  });

  it('waits for an open transaction before closing', async () => {
    const dataDir = freshDir();
    const store = await open(dataDir);
    const contact = makeContact();
    const gate = deferred();
    const unit = store.transaction(async (tx) => {
      await tx.contacts.create(contact);
      await gate.promise;
    });
    await settle();
    const closed = store.close();
    gate.resolve();
    await Promise.all([unit, closed]);
    const reopened = await open(dataDir);
    expect(await reopened.contacts.get(contact.id)).toEqual(contact);
    await reopened.close();
  });
});

/** One connection: an open unit keeps outside calls waiting, so they never run inside it. */
describe('embedded store: outside calls wait for an open unit', () => {
  it('makes an outside call wait for the transaction, then see what it committed', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    const contact = makeContact();
    const gate = deferred();
    const unit = store.transaction(async (tx) => {
      await tx.contacts.create(contact);
      await gate.promise;
    });
    await settle();
    let seen: unknown = 'pending';
    const outside = store.contacts.get(contact.id).then((found) => {
      seen = found;
    });
    await settle();
    expect(seen).toBe('pending');
    gate.resolve();
    await unit;
    await outside;
    expect(seen).toEqual(contact);
    await store.close();
  });

  it('makes an outside call wait for a rolled back transaction, then see nothing', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    const contact = makeContact();
    const gate = deferred();
    const unit = store.transaction(async (tx) => {
      await tx.contacts.create(contact);
      await gate.promise;
      throw new Error('abort');
    });
    await settle();
    const outside = store.contacts.get(contact.id);
    gate.resolve();
    await expect(unit).rejects.toThrow('abort');
    expect(await outside).toBeNull();
    await store.close();
  });

  it('makes an outside update wait for the open unit, then apply on what it committed', async () => {
    const store = await createEmbeddedStore({ filename: ':memory:' });
    const link = await store.links.create(makeLink({ code: 'First' }));
    const gate = deferred();
    const unit = store.transaction(async (tx) => {
      await tx.links.update(link.id, { code: 'Second' });
      await gate.promise;
    });
    await settle();
    let seen: unknown = 'pending';
    const outside = store.links.update(link.id, { name: 'Renamed' }).then((updated) => {
      seen = updated?.code;
    });
    await settle();
    expect(seen).toBe('pending');
    gate.resolve();
    await unit;
    await outside;
    expect(seen).toBe('Second');
    expect((await store.links.getByCode('second'))?.name).toBe('Renamed');
    await store.close();
  });
});
