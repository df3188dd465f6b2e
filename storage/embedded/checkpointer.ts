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

export function startCheckpointer(
  file: string,
  intervalMs = 500,
  onError: (message: string) => void = () => {},
) {
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
  } satisfies Checkpointer;
}
