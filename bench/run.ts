/**
 * `npm run bench`: every benchmark, one JSON line per figure. `npm run bench -- fanout` (or
 * `node --import tsx bench/run.ts fanout`) runs only the ones named; options (`--messages 200000`)
 * follow the names and are read by the benchmarks themselves.
 */
import { runFanout } from './fanout.js';
import { runFlood } from './flood.js';
import { runGrowth } from './growth.js';
import { runGuard } from './guard.js';
import { runCampaign } from './campaign.js';
import { runColdStart } from './cold-start.js';
import { runCrossProcess } from './cross-process.js';
import { runIngest } from './ingest.js';
import { runIngestPostgres } from './ingest-postgres.js';
import { runOutboxWindow } from './outbox-window.js';
import { runPostgres } from './postgres.js';
import { runQueryLayer } from './query-layer.js';
import { runSearchCatchUp } from './search-catch-up.js';
import { runServer } from './server.js';

const benchmarks: Record<string, () => Promise<void>> = {
  ingest: runIngest,
  'ingest-postgres': runIngestPostgres,
  server: runServer,
  'cold-start': runColdStart,
  fanout: runFanout,
  campaign: runCampaign,
  'outbox-window': runOutboxWindow,
  flood: runFlood,
  'cross-process': runCrossProcess,
  guard: runGuard,
  'query-layer': runQueryLayer,
  growth: runGrowth,
  postgres: runPostgres,
  'search-catch-up': runSearchCatchUp,
};
const args = process.argv.slice(2);
const firstOption = args.findIndex((arg) => arg.startsWith('--'));
const chosen = firstOption < 0 ? args : args.slice(0, firstOption);
for (const name of chosen) {
  if (!(name in benchmarks))
    throw new Error(`unknown benchmark ${name}: one of ${Object.keys(benchmarks).join(', ')}`);
}
/** Long runs (a store of 1,000,000 messages, PostgreSQL) and comparisons of builds: only when named. */
const onlyWhenNamed = new Set(['growth', 'postgres', 'cold-start', 'search-catch-up']);
for (const [name, run] of Object.entries(benchmarks))
  if (chosen.includes(name) || (chosen.length === 0 && !onlyWhenNamed.has(name))) await run();
