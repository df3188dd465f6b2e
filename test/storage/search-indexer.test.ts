/**
 * The embedded store fills the message search index in the background, in short batches with the
 * event loop running between them: after an upgrade that rebuilt the index (migration 073) or a
 * large import, no search has to index every message in its request (which froze the process for
 * seconds), and searches still see every message stored before them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { seedGroupMessages } from '../helpers/group-messages-store.js';
import type { SearchIndexProgress } from '../../storage/embedded/search-indexer.js';
import { openBackends } from '../../server/backends.js';
import { loadConfig } from '../../server/config.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { makeMessage, searchPassages } from './contract/fixtures.js';

const MESSAGES = 30_000;
const dirs: string[] = [];
const readers: Database.Database[] = [];
afterEach(() => {
  for (const reader of readers.splice(0)) reader.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A store of `MESSAGES` messages in one group, none of them indexed (as after migration 073). */
function seedUnindexed(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-indexer-'));
  dirs.push(dataDir);
  const texts = Array.from({ length: MESSAGES }, (_, i) =>
    i === 0 ? 'premierancien, bonjour' : `bonjour, message ${i}`,
  );
  seedGroupMessages(dataDir, texts, { width: 5 });
  return dataDir;
}

/** The index's marker, read by a connection of its own (what the store has committed). */
function markerReader(dataDir: string): () => number {
  const reader = new Database(path.join(dataDir, 'kora.db'), { readonly: true });
  readers.push(reader);
  const read = reader.prepare("SELECT last_rowid FROM search_state WHERE name = 'messages'").pluck();
  return () => read.get() as number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 3_000 && !check(); i++) await sleep(10);
  expect(check()).toBe(true);
}

it('indexes every stored message in the background, with no search made; searches then find old and new', async () => {
  const dataDir = seedUnindexed();
  const marker = markerReader(dataDir);
  const progress: SearchIndexProgress[] = [];
  const store = await createEmbeddedStore({ dataDir, searchIndex: { onProgress: (p) => progress.push(p) } });
  // The open is not held up: indexing begins at the next turn.
  expect(marker()).toBe(0);
  await until(() => progress.some((p) => p.done));
  expect(marker()).toBe(MESSAGES);
  expect(progress.at(-1)).toMatchObject({ indexed: MESSAGES, total: MESSAGES, done: true });

  await store.messages.insert(makeMessage('c1', { text: 'nouveaumot arrivé après' }));
  const old = await searchPassages(store, 'premierancien', ['group']);
  expect(old.c1?.text).toBe('premierancien, bonjour');
  expect((await searchPassages(store, 'nouveaumot', ['group'])).c1?.text).toBe('nouveaumot arrivé après');
  const listed = await store.conversations.list({ query: 'premierancien', kinds: ['group'] });
  expect(listed.items.map((c) => c.id)).toEqual(['c1']);
  // Messages arriving later are indexed in the background too, without a search.
  await store.messages.insert(makeMessage('c1', { text: 'encore un' }));
  await until(() => marker() === MESSAGES + 2);
  await store.close();
});

it('lets the event loop and other store calls run between its batches', async () => {
  const dataDir = seedUnindexed();
  const marker = markerReader(dataDir);
  const store = await createEmbeddedStore({ dataDir, searchIndex: { maxRows: 500 } });
  // A heartbeat: each turn of the event loop it makes a store call and notes how far the index is.
  const seen: number[] = [];
  // Bounded, so an indexer that never starts fails the test instead of hanging it.
  for (let turn = 0; marker() < MESSAGES && turn < 200_000; turn++) {
    await nextTurn();
    expect((await store.conversations.get('c1'))?.id).toBe('c1');
    seen.push(marker());
  }
  expect(marker()).toBe(MESSAGES);
  const during = new Set(seen.filter((last) => last > 0 && last < MESSAGES));
  // At most 500 rows a batch: at least 60 batches, and the heartbeat ran between them.
  expect(during.size).toBeGreaterThanOrEqual(MESSAGES / 500 - 1);
  await store.close();
});

it('answers many searches made during the catch-up with every message stored before each', async () => {
  const dataDir = seedUnindexed();
  const store = await createEmbeddedStore({ dataDir, searchIndex: { maxRows: 500 } });
  // Words none of which is the start of another (a typed word is a prefix).
  const word = (k: number) => `tardif${String.fromCharCode(97 + k)}`;
  const searches = Array.from({ length: 12 }, async (_, k) => {
    await store.messages.insert(makeMessage('c1', { text: `${word(k)} et bonjour` }));
    const [late, old, listed] = await Promise.all([
      searchPassages(store, word(k), ['group']),
      searchPassages(store, 'premierancien', ['group']),
      store.conversations.list({ query: word(k), kinds: ['group'] }),
    ]);
    return [late.c1?.text, old.c1?.text, listed.total];
  });
  // Inside a transaction a search cannot wait for the indexer: it indexes what is left itself.
  const inside = store.transaction(
    async (tx) => (await searchPassages(tx, 'premierancien', ['group'])).c1?.text,
  );
  expect(await Promise.all(searches)).toEqual(
    Array.from({ length: 12 }, (_, k) => [`${word(k)} et bonjour`, 'premierancien, bonjour', 1]),
  );
  expect(await inside).toBe('premierancien, bonjour');
  await store.close();
});

it('stops on close during a catch-up: no error, no write after, no search left waiting', async () => {
  const dataDir = seedUnindexed();
  const marker = markerReader(dataDir);
  const errors: unknown[] = [];
  const store = await createEmbeddedStore({
    dataDir,
    searchIndex: { maxRows: 500, idleMs: 5, onError: (error) => errors.push(error) },
  });
  await until(() => marker() > 0);
  const waiting = searchPassages(store, 'premierancien', ['group']).then(
    () => 'answered',
    (error: Error) => error.message,
  );
  const closing = store.close();
  const atClose = marker();
  await closing;
  expect(atClose).toBeLessThan(MESSAGES);
  // The search waiting for the index is not left hanging, nor does it index the rest as the store closes.
  expect(await waiting).toMatch(/closed/);
  for (let i = 0; i < 10; i++) await nextTurn();
  await sleep(50);
  expect(marker()).toBe(atClose);
  expect(errors).toEqual([]);
});

it("shows a long catch-up in the server's log", async () => {
  const dataDir = seedUnindexed();
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const record =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  const logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  const backends = await openBackends(loadConfig({ DATA_DIR: dataDir }), logger);
  await until(() => lines.some((line) => line.msg === 'Message search index caught up'));
  expect(lines.find((line) => line.msg === 'Message search index caught up')?.obj).toMatchObject({
    indexed: MESSAGES,
  });
  expect(lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
  await backends.store.close();
  await backends.close();
});

it('merges the index between its batches, FTS5 merging nothing at a commit', async () => {
  const dataDir = seedUnindexed();
  const db = new Database(path.join(dataDir, 'kora.db'));
  const automerge = db.prepare("SELECT v FROM messages_fts_config WHERE k = 'automerge'").pluck();
  expect(automerge.get()).toBe(0);
  db.close();
  const progress: SearchIndexProgress[] = [];
  const store = await createEmbeddedStore({
    dataDir,
    searchIndex: { maxRows: 500, idleMs: 20, onProgress: (p) => progress.push(p) },
  });
  await until(() => progress.some((p) => p.done));
  // Searches index what they find left: the indexer's next look merges their segments too.
  for (let k = 0; k < 12; k++) {
    await store.messages.insert(makeMessage('c1', { text: `recherche ${k}` }));
    expect(Object.keys(await searchPassages(store, 'recherche', ['group']))).toEqual(['c1']);
  }
  // Its looks come every idleMs (20): a few merge steps of ≤ 8 ms each. 300 ms was too short while
  // the machine ran a 1,000,000-message build beside the suite (67 pages were left to merge).
  await sleep(1_500);
  await store.close();
  // No level left with 4 segments or more (FTS5's usermerge): a merge step finds no work.
  const after = new Database(path.join(dataDir, 'kora.db'));
  const changes = after.prepare('SELECT total_changes()').pluck();
  after.prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('merge', 16)").run();
  expect(changes.get()).toBeLessThan(2);
  after.close();
});
