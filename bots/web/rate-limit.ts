/** A sliding window per member: at most `limit` sends within `windowMs` (CONTRACT.md: 10 in 10 s). */
export class SlidingWindowLimiter {
  readonly #hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a hit and returns true, or returns false (recording nothing) when over the limit. */
  take(key: string, now: number): boolean {
    const since = now - this.windowMs;
    const hits = (this.#hits.get(key) ?? []).filter((at) => at > since);
    if (hits.length >= this.limit) {
      this.#hits.set(key, hits);
      return false;
    }
    hits.push(now);
    this.#hits.set(key, hits);
    return true;
  }

  /** Drops members idle for a whole window, so the map does not grow forever. */
  sweep(now: number): void {
    for (const [key, hits] of this.#hits)
      if ((hits.at(-1) ?? 0) <= now - this.windowMs) this.#hits.delete(key);
  }
}
