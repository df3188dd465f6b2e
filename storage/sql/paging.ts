import type { PageQuery } from '../types.js';
import type { SqlDialect } from './dialect.js';

/** LIMIT and OFFSET for a page query: an absent limit returns every row. */
export function pageParams(dialect: SqlDialect, query: PageQuery): { limit: number | null; offset: number } {
  return { limit: query.limit ?? dialect.noLimit, offset: query.offset ?? 0 };
}
