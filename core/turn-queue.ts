/** Runs work for one conversation one at a time, in arrival order; conversations run independently. */
export class TurnQueue {
  readonly #tails = new Map<string, Promise<void>>();
  /** The triggers of the turns queued per key and not started yet (undefined: a turn without one). */
  readonly #waiting = new Map<string, (string | undefined)[]>();

  /**
   * Queues `work`; it is told whether a later turn for the same key already waits with a newer
   * trigger (`trigger`: the id of the message it answers; ids sort by time), so that it may leave the
   * answer to that turn, which sees everything this one would. By the trigger, not by arrival: a
   * process that stores two messages of one conversation at once may queue the older one's turn last,
   * and that turn must not silence the newer one's (it would leave the answer to it in turn:
   * core/burst-owner.ts). Turns without a trigger are superseded by any turn waiting behind them.
   */
  run(key: string, work: (superseded: boolean) => Promise<void>, trigger?: string): Promise<void> {
    const waiting = this.#waiting.get(key) ?? [];
    waiting.push(trigger);
    this.#waiting.set(key, waiting);
    const start = () => {
      waiting.splice(waiting.indexOf(trigger), 1);
      if (waiting.length === 0 && this.#waiting.get(key) === waiting) this.#waiting.delete(key);
      const superseded = waiting.some(
        (other) => trigger === undefined || other === undefined || other > trigger,
      );
      return work(superseded);
    };
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(start, start);
    const tail = next.catch(() => {});
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }

  /** Whether a turn for `key` is queued or running (or has only just finished). */
  busy(key: string): boolean {
    return this.#tails.has(key);
  }

  /** Resolves when every queued turn has finished. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
