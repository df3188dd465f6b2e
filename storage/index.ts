export { createEmbeddedStore, type EmbeddedStoreOptions } from './embedded/store.js';
export type * from './types.js';
