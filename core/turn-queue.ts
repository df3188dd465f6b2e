/** Runs work for one conversation one at a time, in arrival order; conversations run independently. */
export class TurnQueue {
  readonly #tails = new Map<string, Promise<void>>();
  /** Turns queued per key and not started yet. */
  readonly #waiting = new Map<string, number>();

  /**
   * Queues `work`; it is told whether a later turn for the same key is already waiting (it may then
   * leave the answer to that turn, which sees everything this one would).
   */
  run(key: string, work: (superseded: boolean) => Promise<void>): Promise<void> {
    this.#waiting.set(key, (this.#waiting.get(key) ?? 0) + 1);
    const start = () => {
      const left = (this.#waiting.get(key) ?? 1) - 1;
      if (left === 0) this.#waiting.delete(key);
      else this.#waiting.set(key, left);
      return work(left > 0);
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

  /** Resolves when every queued turn has finished. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
