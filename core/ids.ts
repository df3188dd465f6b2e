/**
 * Time-ordered ids (ULID layout: 48-bit millisecond time + 80 random bits, Crockford base32).
 * Ids sort by creation time, so "messages before X" is an index range, and they are monotonic
 * within one process even inside one millisecond.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface IdGenerator {
  next(): string;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** Random digits drawn in blocks: one getRandomValues call per 256 ids instead of one per id. */
function randomDigits(): (target: Uint8Array) => void {
  const pool = new Uint8Array(4_096);
  let offset = pool.length;
  return (target) => {
    if (offset + target.length > pool.length) {
      globalThis.crypto.getRandomValues(pool);
      offset = 0;
    }
    for (let i = 0; i < target.length; i++) target[i] = (pool[offset + i] ?? 0) % 16; // room to increment
    offset += target.length;
  };
}

/**
 * The smallest id made at `ms` (or later): ids made in [a, b) sort in [idFloor(a), idFloor(b)), so a
 * time window over rows keyed by these ids is a range of their primary key, with no index on the time.
 */
export function idFloor(ms: number): string {
  return `${encodeTime(Math.max(0, Math.floor(ms)))}0000000000000000`;
}

export function createUlidGenerator(clock: Clock = systemClock): IdGenerator {
  let lastTime = -1;
  const random = new Uint8Array(16);
  const fill = randomDigits();
  return {
    next() {
      const time = Math.max(clock.now().getTime(), lastTime);
      if (time === lastTime) {
        // Same millisecond: increment the random part so ids stay strictly increasing.
        let i = 15;
        while (i >= 0) {
          const digit = random[i] ?? 0;
          if (digit < 31) {
            random[i] = digit + 1;
            break;
          }
          random[i] = 0;
          i--;
        }
      } else {
        fill(random);
        lastTime = time;
      }
      let out = encodeTime(time);
      for (const digit of random) out += ALPHABET[digit];
      return out;
    },
  };
}
