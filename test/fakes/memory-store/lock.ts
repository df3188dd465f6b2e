type Waiter = { exclusive: false; run: () => void } | { exclusive: true; grant: () => void };

/**
 * The fake's transaction lock, served in arrival order like the embedded store's: while a transaction
 * holds it, plain calls and other transactions queue; on release, queued plain calls run back to back
 * until the next queued transaction takes the lock.
 */
export class FifoLock {
  #held = false;
  readonly #queue: Waiter[] = [];

  /** Runs the synchronous `body` once the lock is free (at once when it already is). */
  whenFree<T>(body: () => T): Promise<T> {
    if (!this.#held) return new Promise<T>((resolve) => resolve(body()));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        exclusive: false,
        run: () => {
          try {
            resolve(body());
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

  release(): void {
    this.#held = false;
    for (let waiter = this.#queue.shift(); waiter; waiter = this.#queue.shift()) {
      if (waiter.exclusive) {
        this.#held = true;
        waiter.grant();
        return;
      }
      waiter.run();
    }
  }
}
