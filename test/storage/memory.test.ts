import { createMemoryStore } from '../fakes/memory-store.js';
import { runStorageContract } from './contract.js';

runStorageContract('memory fake', async () => ({ store: createMemoryStore(), cleanup: async () => {} }));
