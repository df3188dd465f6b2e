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
import { deferred, makeContact, makeLink, settle } from './contract/fixtures.js';

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
