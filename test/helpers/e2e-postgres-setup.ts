/** Setup file of the end-to-end run on PostgreSQL (vitest.config.ts): drops each file's databases. */
import { afterAll } from 'vitest';
import { dropE2eDatabases } from './e2e-store.js';

afterAll(async () => {
  await dropE2eDatabases();
}, 30_000);
