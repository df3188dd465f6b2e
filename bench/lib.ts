import fs from 'node:fs';

/** Small helpers shared by the benchmarks: timing, percentiles, one JSON line per figure. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function report(figure: Record<string, unknown>): void {
  console.log(JSON.stringify(figure));
}

export const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export function nowMs(): number {
  return performance.now();
}

/**
 * The benchmarks play a reverse proxy in front of many visitors: the server is started with
 * TRUST_PROXY=127.0.0.1 and visitor `n` comes from its own address (per-address limits are the flood
 * benchmark's subject, not a cap on how many members the others open).
 */
export const BENCH_TRUST_PROXY = { TRUST_PROXY: '127.0.0.1' };
export function visitorHeaders(n: number): Record<string, string> {
  return { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
}

/** CPU time (user + system) a process has used so far, in ms (Linux: /proc/<pid>/stat, in clock ticks). */
export function processCpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name; 100 ticks/s.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
