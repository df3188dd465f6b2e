/** `npm run bench`: every benchmark, one JSON line per figure. */
import { cleanupIngest, runIngest } from './ingest.js';
import { runServer } from './server.js';

await runIngest();
cleanupIngest();
await runServer();
