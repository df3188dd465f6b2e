/**
 * Login throttling: 5 failed logins for one email or one address within 15 minutes → 429 with
 * Retry-After until the oldest failure leaves the window. Kept in the store so it holds across processes.
 */
import { RateLimitedError } from '../../../core/errors.js';
import type { Store } from '../../../core/repositories.js';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

function keys(email: string, ip: string | null): string[] {
  const out = [`email:${email.trim().toLowerCase()}`];
  if (ip) out.push(`ip:${ip}`);
  return out;
}

export async function assertNotThrottled(
  store: Store,
  email: string,
  ip: string | null,
  now: Date,
): Promise<void> {
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  for (const key of keys(email, ip)) {
    const { count, oldest } = await store.loginAttempts.count(key, since);
    if (count >= MAX_FAILURES && oldest) {
      const retryAfter = Math.max(1, Math.ceil((Date.parse(oldest) + WINDOW_MS - now.getTime()) / 1000));
      throw new RateLimitedError('too many failed logins: try again later', retryAfter);
    }
  }
}

export async function recordFailure(
  store: Store,
  email: string,
  ip: string | null,
  now: Date,
): Promise<void> {
  for (const key of keys(email, ip)) await store.loginAttempts.record(key, now.toISOString());
}

export async function clearFailures(store: Store, email: string): Promise<void> {
  await store.loginAttempts.clear(keys(email, null)[0]!);
}
