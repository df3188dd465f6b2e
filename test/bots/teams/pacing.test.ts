/**
 * Teams pacing with concurrency: many sends fired at once, their real send times checked against every
 * window (limits scaled down so that the test takes about two seconds).
 */
import { describe, expect, it } from 'vitest';
import {
  sharedConversationRates,
  TEAMS_LIMITS,
  TeamsPacer,
  type TeamsLimits,
  waitForRoom,
} from '../../../bots/teams/pacing.js';

const LIMITS: TeamsLimits = {
  conversation: [
    { count: 3, perMs: 200 },
    { count: 5, perMs: 1_000 },
  ],
  app: [{ count: 4, perMs: 200 }],
};
/** Timers may fire a millisecond or two early relative to Date.now. */
const SLACK_MS = 5;

interface Sent {
  conversation: string;
  n: number;
  /** Order of starting. */
  seq: number;
  start: number;
  end: number;
}

/**
 * A send reaches Teams somewhere between its start and its end. No window of `perMs` can then hold
 * more than `count` arrivals exactly when, for every send, fewer than `count` sends started before it
 * were still unfinished within `perMs` before its start.
 */
function expectWithin(sent: Sent[], count: number, perMs: number) {
  for (const k of sent) {
    const before = sent.filter((j) => j.seq < k.seq && j.end > k.start - perMs + SLACK_MS);
    expect(before.length).toBeLessThan(count);
  }
}

describe('waitForRoom', () => {
  it('is 0 while every window has room, else the time until the oldest send of a full window leaves it', () => {
    const limits = [{ count: 2, perMs: 100 }];
    expect(waitForRoom([], limits, 1_000)).toBe(0);
    expect(waitForRoom([950], limits, 1_000)).toBe(0);
    expect(waitForRoom([940, 960], limits, 1_000)).toBe(40);
    expect(waitForRoom([890, 960], limits, 1_000)).toBe(0);
  });

  it('counts sends in flight as happening now, and waits a whole window when they fill it', () => {
    const limits = [{ count: 2, perMs: 100 }];
    expect(waitForRoom([], limits, 1_000, 1)).toBe(0);
    expect(waitForRoom([950], limits, 1_000, 1)).toBe(50);
    expect(waitForRoom([], limits, 1_000, 2)).toBe(100);
  });
});

describe('TeamsPacer', () => {
  it('keeps each conversation under both of its limits and the app under its own, in order, when sends arrive at once', async () => {
    const pacer = new TeamsPacer(LIMITS);
    const sent: Sent[] = [];
    let seq = 0;
    // Each send takes 0-40 ms, as a request to the connector does; its arrival is somewhere in between.
    const fire = (conversation: string, n: number) =>
      pacer.run(`${conversation}-${n}`, conversation, async () => {
        const record = { conversation, n, seq: seq++, start: Date.now(), end: 0 };
        sent.push(record);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
        record.end = Date.now();
      });
    await Promise.all([
      ...Array.from({ length: 11 }, (_, n) => fire('a', n)),
      ...Array.from({ length: 6 }, (_, n) => fire('b', n)),
    ]);
    for (const conversation of ['a', 'b']) {
      const mine = sent.filter((s) => s.conversation === conversation);
      expect(mine.map((s) => s.n)).toEqual([...mine.keys()]);
      expectWithin(mine, 3, 200);
      expectWithin(mine, 5, 1_000);
    }
    expectWithin(sent, 4, 200);
    expect(sent).toHaveLength(17);
  });

  it('joins a send already waiting under the same idempotency key instead of sending twice', async () => {
    const pacer = new TeamsPacer(LIMITS);
    let calls = 0;
    const send = async () => ++calls;
    const [first, second] = await Promise.all([pacer.run('m1', 'a', send), pacer.run('m1', 'a', send)]);
    expect(calls).toBe(1);
    expect(first).toBe(second);
  });

  it('holds a conversation for its Retry-After after a 429, and only that conversation', async () => {
    const pacer = new TeamsPacer(LIMITS);
    pacer.pause('a', 300);
    const started = Date.now();
    let otherAt = 0;
    let pausedAt = 0;
    await Promise.all([
      pacer.run('1', 'a', async () => {
        pausedAt = Date.now();
      }),
      pacer.run('2', 'b', async () => {
        otherAt = Date.now();
      }),
    ]);
    expect(pausedAt - started).toBeGreaterThanOrEqual(300 - SLACK_MS);
    expect(otherAt - started).toBeLessThan(100);
  });

  it('does not make a paced send (campaigns) wait for the app limit again, and keeps the conversation limit', async () => {
    const pacer = new TeamsPacer(LIMITS);
    const started = Date.now();
    // Four sends fill the app window (4 per 200 ms).
    await Promise.all(['w', 'x', 'y', 'z'].map((c) => pacer.run(c, c, async () => undefined)));
    let pacedAt = 0;
    let unpacedAt = 0;
    await Promise.all([
      pacer.run(
        'p',
        'p',
        async () => {
          pacedAt = Date.now();
        },
        true,
      ),
      pacer.run('u', 'u', async () => {
        unpacedAt = Date.now();
      }),
    ]);
    expect(pacedAt - started).toBeLessThan(100);
    // The unpaced one still waits for the app window.
    expect(unpacedAt - started).toBeGreaterThanOrEqual(200 - SLACK_MS);
    const conversation = await Promise.all(
      [0, 1, 2, 3].map((n) => pacer.run(`c${n}`, 'c', async () => Date.now(), true)),
    );
    expect(conversation[3]! - conversation[0]!).toBeGreaterThanOrEqual(200 - SLACK_MS);
  });

  it('forgets conversations that have been idle longer than their longest window', async () => {
    let now = 0;
    const pacer = new TeamsPacer({ ...LIMITS, app: [{ count: 1_000, perMs: 200 }] }, () => now);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => pacer.run(`m${i}`, `c${i}`, async () => undefined)),
    );
    now = 1_001;
    expect(pacer.tracked).toBe(0);
  });
});

describe('the conversation windows as shared token rows', () => {
  it('keeps a full burst and one window of tokens within nine tenths of every window, for any count', () => {
    for (let count = 1; count <= 200; count++) {
      for (const perMs of [200, 1_000, 30_000]) {
        const [spec] = sharedConversationRates({ conversation: [{ count, perMs }], app: [] });
        const label = JSON.stringify({ count, perMs, spec });
        expect(spec!.burst, label).toBeGreaterThanOrEqual(1);
        expect(spec!.rate, label).toBeGreaterThan(0);
        // At most the burst at once and one token per interval after it, in any window of perMs.
        expect(spec!.burst! + spec!.rate, label).toBeLessThanOrEqual(Math.max(count * 0.9, 1.1));
      }
    }
    const [second, halfMinute] = sharedConversationRates(TEAMS_LIMITS);
    expect(second).toMatchObject({ perMs: 1_000, burst: 1 });
    expect(second!.rate).toBeCloseTo(5.3, 9);
    expect(halfMinute).toEqual({ rate: 48, perMs: 30_000, burst: 6 });
  });
});
