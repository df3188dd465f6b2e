type Waiter = { exclusive: false; run: () => void } | { exclusive: true; grant: () => void };

/**
 * The store's transaction lock. better-sqlite3 has one connection, so an open transaction would see
 * (and commit) any statement run meanwhile: while a transaction holds the lock, other callers queue.
 * Waiters are served in arrival order; plain calls run back to back until the next transaction.
 */
export class StoreLock {
  #held = false;
  #queue: (Waiter | undefined)[] = [];
  #head = 0;

  get held(): boolean {
    return this.#held;
  }

  /** Whether anyone is queued for the lock. */
  get contended(): boolean {
    return this.#queue[this.#head] !== undefined;
  }

  /** Runs `call` once the lock is free (at once when it already is). */
  whenFree<T>(call: () => Promise<T>): Promise<T> {
    if (!this.#held) return call();
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        exclusive: false,
        run: () => {
          try {
            resolve(call());
          } catch (error) {
            reject(error);
          }
        },
      });
    });
  }

  /** Takes the lock for a transaction; pair with `release()`. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise<void>((grant) => this.#queue.push({ exclusive: true, grant }));
  }

  /**
   * Passes the held lock straight to the transaction at the head of the queue, if the head is one
   * (group commit keeps the physical transaction open for it). False when the head is a plain call
   * or the queue is empty: the caller then ends the batch and releases.
   */
  handOff(): boolean {
    const head = this.#queue[this.#head];
    if (!head?.exclusive) return false;
    this.#shift();
    head.grant();
    return true;
  }

  release(): void {
    this.#held = false;
    for (let waiter = this.#shift(); waiter; waiter = this.#shift()) {
      if (waiter.exclusive) {
        this.#held = true;
        waiter.grant();
        return;
      }
      waiter.run();
      // That call opened a unit of its own (a multi-statement method): the rest wait for it.
      if (this.#held) return;
    }
  }

  #shift(): Waiter | undefined {
    const waiter = this.#queue[this.#head];
    if (waiter === undefined) {
      // Drained: reset instead of shifting, which is O(n) per call on a long queue.
      this.#queue = [];
      this.#head = 0;
      return undefined;
    }
    this.#queue[this.#head] = undefined;
    this.#head++;
    return waiter;
  }
}
