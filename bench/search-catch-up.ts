/**
 * bench/search-catch-up: how long the event loop stands still while the embedded store's message
 * search index catches up on N messages none of which is indexed (after migration 073 rebuilt it, or
 * a large import): `npm run bench -- search-catch-up [--messages 200000]`.
 *
 * before: the one synchronous catch-up the first search made (`MessageSearchIndex.catchUp`);
 * after: the store's background indexer, from the open until it reports it is caught up, with a
 * search made one second in (it waits for the catch-up; a one-conversation lookup, so that its own
 * cost is not counted as the indexer's) and a store call every 5 ms beside it.
 * The longest block is read two ways: `monitorEventLoopDelay`'s maximum and the longest gap between
 * ticks of a 1 ms interval.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startCheckpointer } from '../storage/embedded/checkpointer.js';
import { openDatabase } from '../storage/embedded/database.js';
import { MessageSearchIndex } from '../storage/embedded/message-search.js';
import { migrate } from '../storage/embedded/migrations.js';
import { createEmbeddedStore } from '../storage/embedded/store.js';
import { customerText, PER_CONVERSATION } from './growth-build.js';
import { nowMs, report, round } from './lib.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** `messages` customer messages in conversations of PER_CONVERSATION, none indexed. */
function seed(dataDir: string, messages: number): void {
  const db = openDatabase({ dataDir });
  migrate(db, () => new Date());
  const conversation = db.prepare(
    `INSERT INTO conversations (id, kind, title, contact_id, channel, external_chat_id, link_id, mode,
       handoff, created_at, updated_at, last_message_at)
     VALUES (?, 'group', ?, NULL, 'web', NULL, NULL, 'standard', 0, 't', 't', 't')`,
  );
  const message = db.prepare(
    `INSERT INTO messages (id, conversation_id, sender_type, sender_id, sender_name, text, channel, status,
       created_at) VALUES (?, ?, 'contact', NULL, 'X', ?, 'web', 'received', 't')`,
  );
  db.transaction(() => {
    for (let i = 0; i < messages; i++) {
      const n = Math.floor(i / PER_CONVERSATION);
      if (i % PER_CONVERSATION === 0) conversation.run(`c${n}`, `Groupe ${n}`);
      message.run(`m${String(i).padStart(9, '0')}`, `c${n}`, customerText(n, i % PER_CONVERSATION));
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Runs `work` and reports how long the event loop was blocked meanwhile (ms). */
async function blocked(
  work: () => Promise<void>,
): Promise<{ ms: number; maxDelayMs: number; maxGapMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let previous = nowMs();
  let maxGap = 0;
  const ticker = setInterval(() => {
    const now = nowMs();
    maxGap = Math.max(maxGap, now - previous);
    previous = now;
  }, 1);
  histogram.enable();
  const start = nowMs();
  await work();
  const ms = nowMs() - start;
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  clearInterval(ticker);
  return { ms: round(ms), maxDelayMs: round(histogram.max / 1e6), maxGapMs: round(maxGap) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function before(dataDir: string): Promise<void> {
  const db = openDatabase({ dataDir });
  const checkpointer = startCheckpointer(db.name);
  const index = new MessageSearchIndex(db);
  const figure = await blocked(async () => {
    await pause(20);
    index.catchUp();
  });
  report({ bench: 'search-catch-up', version: 'before: first search indexes synchronously', ...figure });
  await checkpointer.stop();
  db.close();
}

async function after(dataDir: string): Promise<void> {
  let caughtUp: () => void = () => {};
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  let progressLines = 0;
  const store = await createEmbeddedStore({
    dataDir,
    searchIndex: { onProgress: (p) => (p.done ? caughtUp() : progressLines++) },
  });
  let searchMs = 0;
  let slowestCallMs = 0;
  const figure = await blocked(async () => {
    const search = pause(1_000).then(async () => {
      const start = nowMs();
      // A search: cheap once the index is current, so the figure is its wait.
      await store.conversations.list({ query: 'bonjour', kinds: ['group'], limit: 50 });
      searchMs = nowMs() - start;
    });
    const calls = setInterval(() => {
      const start = nowMs();
      void store.conversations.get('c0').then(() => {
        slowestCallMs = Math.max(slowestCallMs, nowMs() - start);
      });
    }, 5);
    await Promise.all([done, search]);
    clearInterval(calls);
  });
  report({
    bench: 'search-catch-up',
    version: 'after: background indexer',
    ...figure,
    searchMadeAt1sMs: round(searchMs),
    slowestStoreCallMs: round(slowestCallMs),
    progressLines,
  });
  await store.close();
}

export async function runSearchCatchUp(): Promise<void> {
  const messages = Number(option('messages') ?? 200_000);
  if (!Number.isInteger(messages) || messages < 1_000) throw new Error('--messages: a whole number >= 1000');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-bench-catch-up-'));
  try {
    const seeded = path.join(root, 'seed');
    seed(seeded, messages);
    for (const [name, run] of [
      ['before', before],
      ['after', after],
    ] as const) {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      fs.copyFileSync(path.join(seeded, 'kora.db'), path.join(dir, 'kora.db'));
      await run(dir);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
