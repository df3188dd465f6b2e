/**
 * Microsoft Teams counts a bot's sends per app (50 a second) and per conversation (7 a second, 60 in
 * 30 seconds), whichever process makes them: two processes (two pools on one PostgreSQL database, each
 * its own Teams pacer with the store's shared limits, as the Teams plug-in makes it) sending at once
 * stay within each limit together. Here the limits are smaller, so the tests are short.
 */
import { describe, expect, it } from 'vitest';
import { storeRateLimits } from '../../core/rate-limits.js';
import { TeamsPacer } from '../../bots/teams/pacing.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const LIMITS = {
  conversation: [{ count: 7, perMs: 1_000 }],
  app: [{ count: 10, perMs: 1_000 }],
};
const EACH = 15;

/**
 * More than `count` sends (and one more, for a send made late: a loaded machine delays a process past
 * its slot) within some `perMs`, said; null when there are none. Two processes, each with its own
 * windows, put about twice the count in one.
 */
function overLimit(times: number[], { count, perMs } = LIMITS.app[0]!): string | null {
  const sorted = [...times].sort((x, y) => x - y);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! - sorted[i]! < perMs) j++;
    if (j - i + 1 > count + 1)
      return `${j - i + 1} sends within ${sorted[j]! - sorted[i]!} ms (limit ${count}/${perMs} ms)`;
  }
  return null;
}

describe.runIf(reachable)('Teams app limit across processes', () => {
  it('keeps two processes within the app’s one limit', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 2);
    const sent: number[] = [];
    const pacer = (rates: ReturnType<typeof storeRateLimits>) => new TeamsPacer(LIMITS, Date.now, rates);
    const first = pacer(storeRateLimits(a.rateBuckets));
    const second = pacer(storeRateLimits(b.rateBuckets));
    const send = async () => {
      sent.push(Date.now());
    };
    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: EACH }, (_, i) => first.run(`a-${i}`, `conversation-a${i}`, send)),
      ...Array.from({ length: EACH }, (_, i) => second.run(`b-${i}`, `conversation-b${i}`, send)),
    ]);
    expect(sent).toHaveLength(2 * EACH);
    expect(overLimit(sent)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    await cleanup();
  });
});

describe.runIf(reachable)('Teams conversation limits across processes', () => {
  // Per conversation 5 in 500 ms and 10 in 2 s; the app's limit far away.
  const CONVERSATION = {
    conversation: [
      { count: 5, perMs: 500 },
      { count: 10, perMs: 2_000 },
    ],
    app: [{ count: 1_000, perMs: 1_000 }],
  };

  it('keeps two processes sending to one conversation within each of its windows', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 2);
    const sent: number[] = [];
    const first = new TeamsPacer(CONVERSATION, Date.now, storeRateLimits(a.rateBuckets));
    const second = new TeamsPacer(CONVERSATION, Date.now, storeRateLimits(b.rateBuckets));
    const send = async () => {
      sent.push(Date.now());
    };
    await Promise.all([
      ...Array.from({ length: 7 }, (_, i) => first.run(`a-${i}`, 'conversation-x', send)),
      ...Array.from({ length: 7 }, (_, i) => second.run(`b-${i}`, 'conversation-x', send)),
    ]);
    expect(sent).toHaveLength(14);
    for (const window of CONVERSATION.conversation) expect(overLimit(sent, window)).toBeNull();
    await cleanup();
  });
});
