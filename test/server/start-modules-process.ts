/**
 * Starts Kora as `npm start` would, on the environment it is given, until /readyz answers, and prints
 * what the start loaded: the URLs the ESM loader loaded (loaded-modules-hooks.mjs) and the files in
 * the CommonJS cache, and how many worker threads it started by the time it is ready. Run by start-modules.test.ts in a process of its own (a fresh module graph).
 */
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => loaded.add(url));
register('./loaded-modules-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const { loadConfig } = await import('../../server/config.js');
const { startKora } = await import('../../server/app.js');
const { silentLogger } = await import('../../core/logger.js');
// Threads before the start (the module hooks' own thread among them), to count the start's.
const threads = () => (process.report.getReport() as { workers: unknown[] }).workers.length;
const before = threads();
const kora = await startKora({ ...loadConfig(process.env), port: 0 }, { logger: silentLogger });
const ready = await fetch(`${kora.url}/readyz`);
// Threads the start began, once ready (the embedded store's checkpoint thread starts later).
const workers = threads() - before;
await kora.close();
// The hooks' thread posts as it loads; a turn of the event loop delivers what is still in flight.
await new Promise((resolve) => setTimeout(resolve, 100));
port1.close();
const cjs = Object.keys(createRequire(import.meta.url).cache);
// The hooks' thread would hold the process open for half a minute more: it is done, leave.
process.stdout.write(
  `MODULES ${JSON.stringify({ ready: ready.status, workers, modules: [...loaded, ...cjs] })}\n`,
  () => process.exit(0),
);
