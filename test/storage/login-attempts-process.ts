/**
 * One process of test/storage/login-attempts-processes.test.ts: opens the shared embedded store, waits
 * for the common start time, reserves login attempts as fast as it can and prints how many it got.
 */
import { createEmbeddedStore } from '../../storage/index.js';

const [dataDir, startAt, tries] = process.argv.slice(2);
const store = await createEmbeddedStore({ dataDir });
while (Date.now() < Number(startAt)) await new Promise((resolve) => setTimeout(resolve, 1));
let reserved = 0;
for (let i = 0; i < Number(tries); i++) {
  const attempt = { key: 'email:coach@example.com', id: `${process.pid}-${i}`, at: new Date().toISOString() };
  if ((await store.loginAttempts.reserve(attempt, new Date(Date.now() - 60_000).toISOString(), 5)).reserved) {
    reserved++;
  }
}
await store.close();
process.stdout.write(`RESERVED ${reserved}\n`);
