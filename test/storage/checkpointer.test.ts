/**
 * The embedded store's checkpoint thread (storage/embedded/checkpointer.ts) starts after the store
 * opens, not with it: a start does not spend its CPU before the server listens, and a store opened
 * for a moment never starts it. Once started it checkpoints the WAL; closing the store ends it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createEmbeddedStore } from '../../storage/index.js';
import { makeContact } from './contract/fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-checkpointer-'));
  dirs.push(dir);
  return dir;
}

/** Worker threads of this process (Node's diagnostic report lists them). */
const workerThreads = () => (process.report.getReport() as { workers: unknown[] }).workers.length;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('starts no checkpoint thread with the store: one opened and closed at once never has one', async () => {
  const before = workerThreads();
  const store = await createEmbeddedStore({ dataDir: tempDir() });
  await store.contacts.create(makeContact());
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(workerThreads()).toBe(before);
  await store.close();
  expect(workerThreads()).toBe(before);
});

it('starts the checkpoint thread once the delay has passed; it checkpoints the WAL until the store closes', async () => {
  const dataDir = tempDir();
  const before = workerThreads();
  const store = await createEmbeddedStore({ dataDir, checkpointAfterMs: 100 });
  for (let i = 0; i < 50; i++) await store.contacts.create(makeContact());
  await until(() => workerThreads() === before + 1);
  // Every frame the writes left in the WAL is copied back by the thread (PASSIVE, every 500 ms):
  // a reader's own PASSIVE checkpoint then finds them all done already.
  const reader = new Database(path.join(dataDir, 'kora.db'));
  try {
    await until(() => {
      const [state] = reader.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
      return state!.log > 0 && state!.checkpointed === state!.log;
    });
  } finally {
    reader.close();
  }
  await store.close();
  await until(() => workerThreads() === before);
});
