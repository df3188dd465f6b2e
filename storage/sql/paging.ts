import { idFloor } from '../../core/ids.js';
import type { PageQuery } from '../types.js';
import type { SqlDialect } from './dialect.js';

/** LIMIT and OFFSET for a page query: an absent limit returns every row. */
export function pageParams(dialect: SqlDialect, query: PageQuery): { limit: number | null; offset: number } {
  return { limit: query.limit ?? dialect.noLimit, offset: query.offset ?? 0 };
}

/** A minute either side: an id is made in the same call as its created_at, never a minute apart. */
const ID_MARGIN_MS = 60_000;

/**
 * Bounds on time-ordered ids (core/ids) that hold every row created in [from, to): the window reads as
 * a primary-key range, and a condition on created_at makes it exact.
 */
export function idWindow(from: string, to: string): { fromId: string; toId: string } {
  return {
    fromId: idFloor(Date.parse(from) - ID_MARGIN_MS),
    toId: idFloor(Date.parse(to) + ID_MARGIN_MS),
  };
}
