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
