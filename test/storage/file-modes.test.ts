/**
 * What the embedded store keeps on disk is readable by its owner only: a DATA_DIR it creates is 0700,
 * kora.db and the -wal and -shm files SQLite makes beside it later are 0600, whatever the umask
 * (tested with the usual 022, which would leave them 0644).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../../storage/index.js';
import { makeContact } from './contract/fixtures.js';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const DB_FILES = ['kora.db', 'kora.db-shm', 'kora.db-wal'];

let root: string;
let umask: number;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-modes-'));
  umask = process.umask(0o022);
});

afterEach(() => {
  process.umask(umask);
  fs.rmSync(root, { recursive: true, force: true });
});

/** Every entry of the folder with its mode, e.g. { 'kora.db': 0o600 }. */
function modes(dir: string): Record<string, number> {
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, mode(path.join(dir, name))]));
}

describe('embedded store file modes', () => {
  it('creates a missing DATA_DIR 0700 and kora.db, -wal and -shm 0600, again after a reopen', async () => {
    const dataDir = path.join(root, 'new', 'data');
    const store = await createEmbeddedStore({ dataDir });
    await store.contacts.create(makeContact());
    expect(mode(dataDir)).toBe(0o700);
    expect(modes(dataDir)).toEqual({ 'kora.db': 0o600, 'kora.db-shm': 0o600, 'kora.db-wal': 0o600 });
    await store.close();

    // Closing removes the WAL and SHM files; SQLite makes them again on the next write.
    const reopened = await createEmbeddedStore({ dataDir });
    await reopened.contacts.create(makeContact());
    expect(modes(dataDir)).toEqual({ 'kora.db': 0o600, 'kora.db-shm': 0o600, 'kora.db-wal': 0o600 });
    await reopened.close();
  });

  it('tightens kora.db, -wal and -shm that an older version left 0644', async () => {
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    // An older Kora (still running, or crashed): its database with a WAL, all created 0644.
    const older = new Database(path.join(dataDir, 'kora.db'));
    older.pragma('journal_mode = WAL');
    older.exec('CREATE TABLE older (x); INSERT INTO older VALUES (1);');
    for (const name of DB_FILES) expect(mode(path.join(dataDir, name))).toBe(0o644);

    const store = await createEmbeddedStore({ dataDir });
    await store.contacts.create(makeContact());
    for (const name of DB_FILES) expect(mode(path.join(dataDir, name)), name).toBe(0o600);
    await store.close();
    older.close();
  });

  it('leaves the mode of a DATA_DIR it did not create (the server warns about a loose one)', async () => {
    const dataDir = path.join(root, 'shared');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    const store = await createEmbeddedStore({ dataDir });
    await store.contacts.create(makeContact());
    expect(mode(dataDir)).toBe(0o755);
    expect(modes(dataDir)).toEqual({ 'kora.db': 0o600, 'kora.db-shm': 0o600, 'kora.db-wal': 0o600 });
    await store.close();
  });
});
