export { createEmbeddedStore, type EmbeddedStoreOptions } from './embedded/store.js';
export type * from './types.js';
export { ensurePrivateDir, ensurePrivateFile, tightenFile } from './embedded/private-files.js';
export { createPostgresStore, type PostgresStoreOptions } from './postgres/store.js';
