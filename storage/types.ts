/**
 * The repository interfaces every store implements. They are core's ports (core/repositories.ts), so
 * core depends on no storage code; this module is the storage layer's view of them.
 */
export type * from '../core/repositories.js';
