/**
 * Resend takes 5 requests a second per API key, whichever process makes them: two processes (two
 * pools on one PostgreSQL database, each its own email batcher, as the email plug-in makes it with the
 * store's shared limits) sending at once stay within that one limit together, not one each.
 */
import { describe, expect, it } from 'vitest';
import { storeRateLimits } from '../../core/rate-limits.js';
import { EmailBatcher, RESEND_REQUEST_RATE } from '../../bots/email/batcher.js';
import type { EmailPayload } from '../../bots/email/client.js';
import { postgresReachable, twoPostgresStores, usePostgresStores } from '../helpers/postgres-stores.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const EACH = 10;

const email = (i: number): EmailPayload => ({
  from: 'Coach <hello@example.com>',
  to: `person${i}@example.org`,
  subject: 'Hello',
  text: `Message ${i}`,
  html: `<p>Message ${i}</p>`,
});

/**
 * More calls in some second than Resend's 5 (and the bucket's burst of one) allow, said; null when
 * none. A second, as Resend counts: a call made late (a loaded machine delays a process past its slot)
 * bunches with the next, so one more is allowed; two processes each at the full rate make about 10.
 */
function overLimit(times: number[]): string | null {
  const sorted = [...times].sort((x, y) => x - y);
  const allowed = (RESEND_REQUEST_RATE.burst ?? 1) + RESEND_REQUEST_RATE.rate + 1;
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1]! - sorted[i]! < RESEND_REQUEST_RATE.perMs) j++;
    if (j - i + 1 > allowed) return `${j - i + 1} calls within ${sorted[j]! - sorted[i]!} ms`;
  }
  return null;
}

describe.runIf(reachable)('email requests across processes', () => {
  it('keeps two processes within Resend’s one request rate', async () => {
    const { a, b, cleanup } = await twoPostgresStores(freshStore, 2);
    const calls: number[] = [];
    // One email per call (as emails with attachments go), so every send is a request.
    const batcher = (rates: ReturnType<typeof storeRateLimits>) =>
      new EmailBatcher(
        async (emails) => {
          calls.push(Date.now());
          return emails.map((_, i) => `id-${calls.length}-${i}`);
        },
        { maxSize: 1, requests: rates('email:requests', RESEND_REQUEST_RATE) },
      );
    const first = batcher(storeRateLimits(a.rateBuckets));
    const second = batcher(storeRateLimits(b.rateBuckets));
    const started = Date.now();
    await Promise.all([
      ...Array.from({ length: EACH }, (_, i) => first.submit(email(i), `a-${i}`)),
      ...Array.from({ length: EACH }, (_, i) => second.submit(email(EACH + i), `b-${i}`)),
    ]);
    expect(calls).toHaveLength(2 * EACH);
    expect(overLimit(calls)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(((2 * EACH - 2) * 1_000) / RESEND_REQUEST_RATE.rate);
    await cleanup();
  });
});
