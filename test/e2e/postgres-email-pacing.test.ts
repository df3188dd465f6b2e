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

/** The most calls in any span of T ms beyond Resend's 5 a second (one more for a call made late). */
function overLimit(times: number[]): string | null {
  const sorted = [...times].sort((x, y) => x - y);
  for (let i = 0; i < sorted.length; i++)
    for (let j = i; j < sorted.length; j++) {
      const span = sorted[j]! - sorted[i]!;
      const allowed = 1 + (RESEND_REQUEST_RATE.rate * span) / RESEND_REQUEST_RATE.perMs + 1;
      if (j - i + 1 > allowed) return `${j - i + 1} calls in ${span} ms`;
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
