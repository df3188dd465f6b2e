/**
 * WAL checkpoints off the main thread. A checkpoint copies the WAL back into the database file and
 * syncs it: tens of milliseconds that, run inline by SQLite's autocheckpoint, stall every request
 * behind the commit that triggered it. A worker thread with its own connection runs PASSIVE
 * checkpoints (they never block the writer) every `intervalMs` instead; the main connection keeps a
 * high autocheckpoint only as a safety net should the worker die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * The checkpoint thread, started `afterMs` from now rather than at once: it is a Node isolate that
 * loads better-sqlite3 (~40 ms of CPU), which a start would otherwise spend while the server is not yet
 * listening, and a store opened for a moment (a CLI command, a test) never needs it. Until then the
 * WAL grows by what the first writes add; the inline autocheckpoint stays the safety net.
 */
export function startCheckpointer(
  file: string,
  options: { intervalMs?: number; afterMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  const onError = options.onError ?? (() => {});
  let running: Checkpointer | null = null;
  const timer = setTimeout(() => {
    running = checkpointThread(file, options.intervalMs ?? 500, onError);
  }, options.afterMs ?? 0);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
      return running?.stop() ?? Promise.resolve();
    },
  };
}

function checkpointThread(
  file: string,
  intervalMs: number,
  onError: (message: string) => void,
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let stopped: Promise<void> | null = null;
  const finished = new Promise<void>((resolve) => {
    worker.on('message', (message: string) => {
      if (message === 'stopped') resolve();
      else onError(message);
    });
    worker.once('exit', () => resolve());
    worker.once('error', (error) => onError(String(error)));
  });
  return {
    stop() {
      stopped ??= (async () => {
        worker.postMessage('stop');
        await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 2_000))]);
        await worker.terminate();
      })();
      return stopped;
    },
  };
}
