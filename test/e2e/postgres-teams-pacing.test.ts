/**
 * Microsoft Teams counts a bot's sends per app (50 a second), whichever process makes them: two
 * processes (two pools on one PostgreSQL database, each its own Teams pacer with the store's shared
 * app limit, as the Teams plug-in makes it) sending to many conversations at once stay within that one
 * limit together. Here the app limit is 10 a second (the shared bucket at 9) so the test is short.
 */
import { describe, expect, it } from 'vitest';
import { storeRateLimits } from '../../core/rate-limits.js';
import { sharedAppRate, TeamsPacer } from '../../bots/teams/pacing.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const LIMITS = {
  conversation: [{ count: 7, perMs: 1_000 }],
  app: [{ count: 10, perMs: 1_000 }],
};
const EACH = 15;

/** The most sends in any 1,000 ms beyond the app's 10. */
function overLimit(times: number[]): string | null {
  const sorted = [...times].sort((x, y) => x - y);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! - sorted[i]! < 1_000) j++;
    if (j - i + 1 > LIMITS.app[0]!.count) return `${j - i + 1} sends within ${sorted[j]! - sorted[i]!} ms`;
  }
  return null;
}

describe.runIf(reachable)('Teams app limit across processes', () => {
  it('keeps two processes within the app’s one limit', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 2);
    const sent: number[] = [];
    const pacer = (rates: ReturnType<typeof storeRateLimits>) =>
      new TeamsPacer(LIMITS, Date.now, rates('teams:app', sharedAppRate(LIMITS)));
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
