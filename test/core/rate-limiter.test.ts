import { describe, expect, it } from 'vitest';
import { BoundedRateLimiter, KeyedRateLimiter, TokenBucket } from '../../core/rate-limiter.js';

describe('TokenBucket', () => {
  it('lets a burst through, then paces at the rate', () => {
    const bucket = new TokenBucket({ rate: 30, perMs: 1000 });
    const waits = Array.from({ length: 32 }, () => bucket.reserve(10_000));
    expect(waits.slice(0, 30).every((w) => w < 1)).toBe(true);
    expect(waits[30]).toBeCloseTo(1000 / 30, 5);
    expect(waits[31]).toBeCloseTo(2000 / 30, 5);
  });

  it('holds the rate over a long run', () => {
    const bucket = new TokenBucket({ rate: 5, perMs: 1000, burst: 1 });
    let last = 0;
    for (let i = 0; i < 100; i++) last = bucket.reserve(0);
    expect(last).toBeCloseTo(99 * 200, 5);
  });

  it('refills while idle, no more than the burst', () => {
    const bucket = new TokenBucket({ rate: 1, perMs: 1000, burst: 2 });
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(1000);
    // Long idle: only 2 saved up.
    expect(bucket.reserve(100_000)).toBe(0);
    expect(bucket.reserve(100_000)).toBe(0);
    expect(bucket.reserve(100_000)).toBe(1000);
  });

  it('pauses for a Retry-After', () => {
    const bucket = new TokenBucket({ rate: 10, perMs: 1000 });
    bucket.pauseUntil(5_000);
    expect(bucket.reserve(1_000)).toBe(4_000);
  });

  it('refuses a rate that cannot be', () => {
    expect(() => new TokenBucket({ rate: 0, perMs: 1000 })).toThrow(RangeError);
    expect(() => new KeyedRateLimiter({ rate: 1, perMs: -1 })).toThrow(RangeError);
  });
});

describe('KeyedRateLimiter', () => {
  it('keeps one bucket per key and forgets idle ones', () => {
    const limiter = new KeyedRateLimiter({ rate: 1, perMs: 1000 });
    expect(limiter.reserve('a', 0)).toBe(0);
    expect(limiter.reserve('a', 0)).toBe(1000);
    expect(limiter.reserve('b', 0)).toBe(0);
    expect(limiter.size).toBe(2);
    limiter.sweep(500);
    expect(limiter.size).toBe(2);
    limiter.sweep(10_000);
    expect(limiter.size).toBe(0);
  });
});

describe('BoundedRateLimiter', () => {
  it('refuses beyond the burst without taking, then refills at the rate', () => {
    const limiter = new BoundedRateLimiter({ rate: 1, perMs: 1000, burst: 3 }, 10);
    const taken = Array.from({ length: 5 }, () => limiter.take('a', 0));
    expect(taken).toEqual([true, true, true, false, false]);
    expect(limiter.take('b', 0)).toBe(true);
    expect(limiter.take('a', 999)).toBe(false);
    expect(limiter.take('a', 1000)).toBe(true);
    expect(limiter.take('a', 1000)).toBe(false);
  });

  it('holds at most `capacity` keys, forgetting the least recently used', () => {
    const limiter = new BoundedRateLimiter({ rate: 1, perMs: 60_000, burst: 1 }, 100);
    expect(limiter.take('kept', 0)).toBe(true);
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`flood-${i}`, 0);
      if (i % 50 === 0) limiter.take('kept', 0); // recently used: never the one evicted
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    expect(limiter.take('kept', 0)).toBe(false);
    expect(limiter.take('flood-0', 0)).toBe(true); // forgotten long ago: a fresh bucket
  });
});
