import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedBackend } from '../../scheduler/backend.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { createMemoryStore } from '../fakes/memory-store.js';
import { runJobBackendSuite } from './jobs-suite.js';

runJobBackendSuite('embedded (SQLite file)', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-jobs-'));
  const store = await createEmbeddedStore({ dataDir });
  return {
    backend: new EmbeddedBackend(store),
    cleanup: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

runJobBackendSuite('memory fake store', async () => {
  const store = createMemoryStore();
  return { backend: new EmbeddedBackend(store), cleanup: async () => {} };
});
