/** `npm run bench`: every benchmark, one JSON line per figure. */
import { runIngest } from './ingest.js';
import { runServer } from './server.js';

await runIngest();
await runServer();
