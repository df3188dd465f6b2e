/**
 * A promise opened from outside, for tests that pause work at a point (a unit of work between two
 * queries) and act while it waits: `await latch.opened` waits until `latch.open()` is called.
 */
export interface Latch {
  open(): void;
  readonly opened: Promise<void>;
}

export function latch(): Latch {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
