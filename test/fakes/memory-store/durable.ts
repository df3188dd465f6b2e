import type { EarlyReportRepository } from '../../../core/repositories.js';
import { copy, type Gate, key, type MemoryState } from './state.js';

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
