import type { PageQuery } from '../types.js';

/** SQLite's LIMIT/OFFSET for a page query; LIMIT -1 means no limit, so an absent limit returns all. */
export function pageBounds(query: PageQuery): { limit: number; offset: number } {
  return { limit: query.limit ?? -1, offset: query.offset ?? 0 };
}
