import { query } from './crud.js';
import { fetchJson } from './fetch-json.js';
import type { AuditEntry, Page } from './types.js';

/** An entry as the API names it: who did it and what it touched. */
export type NamedAuditEntry = AuditEntry & {
  user: { id: string; name: string } | null;
  targetName: string | null;
};

export interface AuditFilter {
  userId?: string;
  area?: string;
  /** Calendar days (YYYY-MM-DD) in the browser's time zone; `to` is included. */
  fromDay?: string;
  toDay?: string;
}

/** Local midnight of a YYYY-MM-DD day, as an instant; `next` gives the following midnight. */
function midnight(day: string, next = false): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + (next ? 1 : 0)).toISOString();
}

export const listAuditLog = (filter: AuditFilter, page: number, limit = 50) =>
  fetchJson<Page<NamedAuditEntry>>(
    `/api/admin/audit-log${query({
      page,
      limit,
      userId: filter.userId,
      area: filter.area,
      from: filter.fromDay ? midnight(filter.fromDay) : undefined,
      to: filter.toDay ? midnight(filter.toDay, true) : undefined,
    })}`,
  );
