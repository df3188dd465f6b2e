/**
 * The message index's prefix indexes (migration 073): a typed word is read as one doclist, newest
 * first, stopped at the search's limit, whatever the number of messages that hold it; an existing
 * store's index is rebuilt and finds what it found before; nothing typed becomes an FTS5 phrase
 * (which `detail = none` refuses).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedGroupMessages } from '../helpers/group-messages-store.js';
import { openDatabase, type SqliteDatabase } from '../../storage/embedded/database.js';
import { MessageSearchIndex, toFtsQuery } from '../../storage/embedded/message-search.js';
import { MIGRATIONS, migrate } from '../../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { SEARCH_CANDIDATES } from '../../storage/sql/conversation-list.js';
import { searchPassages } from './contract/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-073-'));
  dirs.push(dir);
  return dir;
}

/** The newest matches of what was typed, as `newestMatching` reads them (rowids). */
function newest(db: SqliteDatabase, typed: string, limit = SEARCH_CANDIDATES): number[] {
  return db
    .prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(toFtsQuery(typed), limit) as number[];
}

const LONG = 'anticonstitutionnellementinterminablement'; // 41 letters: past the longest prefix index
const TEXTS = [
  'Bonjour, combien coûte le cours de yoga ?',
  'bonjours à tous, la méditation du soir',
  'Je voudrais parler à un humain, svp',
  `Un mot très long : ${LONG}`,
  'Yogi et yogini au Bon Marché',
  'ÉTÉ 2026 : retraite à la montagne, 12 places',
  'Rendez-vous demain matin ? Merci !',
  'Bonjour encore, et la souplesse du dos ?',
];
const QUERIES = [
  'bonjour',
  'bon',
  'b',
  'YOG',
  'méditation',
  'meditation soir',
  'ete 2026',
  'bonjour yoga',
  LONG.slice(0, 31),
  LONG.slice(0, 32),
  LONG,
  'rendez vous',
  'humains',
  'xyz',
];

function seedOldStore(dataDir: string): void {
  seedGroupMessages(
    dataDir,
    Array.from({ length: 400 }, (_, i) => TEXTS[(i * 7) % TEXTS.length]!),
    { width: 4, migrations: MIGRATIONS.filter((migration) => migration.version < 73) },
  );
}

it('rebuilds the index of an existing store, which then finds what it found before', async () => {
  const dataDir = tempDir();
  seedOldStore(dataDir);
  const before = openDatabase({ dataDir, filename: 'kora.db' });
  new MessageSearchIndex(before).catchUp();
  const found = new Map(QUERIES.map((typed) => [typed, newest(before, typed, 50)]));
  expect(found.get('bonjour')!.length).toBe(50);
  expect(found.get(LONG.slice(0, 32))!.length).toBeGreaterThan(0);
  expect(found.get('xyz')).toEqual([]);
  before.close();

  const store = await createEmbeddedStore({ dataDir });
  // The list's search catches the new index up (lazily, from the first message).
  const listed = await store.conversations.list({ query: 'bonjour', kinds: ['group'] });
  expect(listed.items.map((c) => c.id)).toEqual(['c1']);
  expect(Object.keys(await searchPassages(store, LONG.slice(0, 32), ['group']))).toEqual(['c1']);
  await store.close();

  const after = openDatabase({ dataDir, filename: 'kora.db' });
  const definition = after.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").pluck().get();
  expect(definition).toMatch(/detail = none/);
  expect(definition).toMatch(/prefix = '1 2 3 [0-9 ]* 30 31'/);
  expect(after.prepare("SELECT last_rowid FROM search_state WHERE name = 'messages'").pluck().get()).toBe(
    400,
  );
  for (const typed of QUERIES) expect([typed, newest(after, typed, 50)]).toEqual([typed, found.get(typed)]);
  after.close();
});

/** Median ms of `run`, after a warm-up. */
function _medianMs(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[7]!;
}

it('reads a common word as a prefix from its own index: the newest matches, every length indexed', () => {
  const db = openDatabase({ dataDir: tempDir(), filename: 'kora.db' });
  migrate(db, () => new Date());
  const insert = db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
  // 150,000 messages, every one with "bonjour" and one of a few words after it: before the prefix
  // indexes, `"bonjour"*` merged all 150,000 entries before the limit of 2,000 applied.
  db.transaction(() => {
    for (let i = 1; i <= 150_000; i++) insert.run(i, `Bonjour ${['yoga', 'bonjours', 'prix'][i % 3]} ${i}`);
  })();
  const exact = db
    .prepare(
      `SELECT rowid FROM messages_fts WHERE messages_fts MATCH '"bonjour"' ORDER BY rowid DESC LIMIT ${SEARCH_CANDIDATES}`,
    )
    .pluck();
  expect(newest(db, 'bonjour')).toEqual(exact.all());
  // "bonjours" is in one message of three (i % 3 === 1): the newest 2,000 of them.
  expect(newest(db, 'bonjours')).toEqual(
    Array.from({ length: SEARCH_CANDIDATES }, (_, i) => 149_998 - 3 * i),
  );
  // How fast is the growth bench's business (no timed assertion here); what makes it fast is that
  // every typed word up to 31 characters is one prefix index's doclist, read newest first.
  const declared = db
    .prepare("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'")
    .pluck()
    .get() as string;
  const lengths = /prefix\s*=\s*'([\d ]+)'/.exec(declared)?.[1]?.split(' ').map(Number);
  expect(lengths).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  expect(declared).toMatch(/detail\s*=\s*'?none/);
  db.close();
});

it('never makes an FTS5 phrase of a typed word: letters the tokenizer splits on separate words', () => {
  const db = openDatabase({ dataDir: tempDir(), filename: 'kora.db' });
  migrate(db, () => new Date());
  db.prepare('INSERT INTO messages_fts (rowid, text) VALUES (1, ?)').run('a\u19b0b et c\u1cf2d');
  const refused: string[] = [];
  for (let code = 0x80; code < 0x30000; code++) {
    if (code >= 0xd800 && code < 0xe000) continue;
    const query = toFtsQuery(`a${String.fromCodePoint(code)}b`);
    if (!query) continue;
    try {
      db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?').all(query);
    } catch {
      refused.push(code.toString(16));
    }
  }
  expect(refused).toEqual([]);
  expect(newest(db, 'a\u19b0b')).toEqual([1]);
  expect(newest(db, 'c\u1cf2d')).toEqual([1]);
  db.close();
});
