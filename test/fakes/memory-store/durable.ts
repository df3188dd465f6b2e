import type {
  EarlyReportRepository,
  RateBucketRepository,
  TurnLeaseRepository,
  TurnTaken,
} from '../../../core/repositories.js';
import { compare, copy, type Gate, key, type MemoryState } from './state.js';

export function createEarlyReportRepository(state: MemoryState, gate: Gate): EarlyReportRepository {
  const table = state.earlyReports;
  return {
    hold: (report, rank, now) =>
      gate(() => {
        const id = key(report.channel, report.externalMessageId);
        const held = table.get(id);
        if (held && held.rank >= rank && held.report.until > now) return;
        table.set(id, { report: copy(report), rank });
      }),
    take: (channel, externalMessageId, now) =>
      gate(() => {
        const id = key(channel, externalMessageId);
        const held = table.get(id);
        table.delete(id);
        return held && held.report.until > now ? copy(held.report) : null;
      }),
    purge: (now) =>
      gate(() => {
        let count = 0;
        for (const [id, held] of table)
          if (held.report.until <= now) {
            table.delete(id);
            count++;
          }
        return count;
      }),
  };
}

/** `turns.acquireAfter`, already inside the gate (an inbound write takes the lease with its message). */
export function takeTurnNow(
  state: MemoryState,
  id: string,
  holder: string,
  leaseUntil: string,
  now: string,
  after: string,
): TurnTaken | false {
  const table = state.turns;
  const row = table.get(id) ?? { holder: null, leaseUntil: null, answeredThrough: null };
  const free = row.holder === null || (row.leaseUntil !== null && row.leaseUntil <= now);
  if (!free && row.holder !== holder) return false;
  table.set(id, { ...row, holder, leaseUntil });
  const newer = [...state.messages.values()]
    .filter((m) => m.conversationId === id && m.id > after && m.sender.type === 'contact' && !m.kind)
    .sort((a, b) => compare(a.id, b.id))
    .slice(0, 50);
  return { answered: row.answeredThrough, newerFromContacts: newer.map((m) => m.text) };
}

export function createTurnLeaseRepository(state: MemoryState, gate: Gate): TurnLeaseRepository {
  const table = state.turns;
  const holds = (id: string, holder: string) => table.get(id)?.holder === holder;
  return {
    acquire: (id, holder, leaseUntil, now) =>
      gate(() => {
        const row = table.get(id) ?? { holder: null, leaseUntil: null, answeredThrough: null };
        const free = row.holder === null || (row.leaseUntil !== null && row.leaseUntil <= now);
        if (!free && row.holder !== holder) return false;
        table.set(id, { ...row, holder, leaseUntil });
        return row.answeredThrough;
      }),
    acquireAfter: (id, holder, leaseUntil, now, after) =>
      gate(() => takeTurnNow(state, id, holder, leaseUntil, now, after)),
    renew: (id, holder, leaseUntil) =>
      gate(() => {
        if (!holds(id, holder)) return false;
        table.set(id, { ...table.get(id)!, leaseUntil });
        return true;
      }),
    release: (id, holder, answered) =>
      gate(() => {
        const row = table.get(id);
        if (!row || row.holder !== holder) return;
        const newer = answered !== null && (row.answeredThrough === null || row.answeredThrough < answered);
        table.set(id, {
          holder: null,
          leaseUntil: null,
          answeredThrough: newer ? answered : row.answeredThrough,
        });
      }),
  };
}

export function createRateBucketRepository(state: MemoryState, gate: Gate): RateBucketRepository {
  const table = state.rateBuckets;
  return {
    reserve: (key, intervalMs, burstMs, tokens, now) =>
      gate(() => {
        const floor = now - burstMs + intervalMs;
        const next = Math.max(table.get(key) ?? floor, floor) + intervalMs * Math.max(1, tokens);
        table.set(key, next);
        return next - intervalMs;
      }),
    pauseUntil: (key, until) =>
      gate(() => {
        table.set(key, Math.max(table.get(key) ?? until, until));
      }),
    forgetIdle: (before) =>
      gate(() => {
        const idle = [...table].filter(([, next]) => next < before).map(([key]) => key);
        for (const key of idle) table.delete(key);
        return idle.length;
      }),
  };
}
