/**
 * Login throttling: at most 5 password or code checks for one email and for one address within
 * 15 minutes; past that, 429 with Retry-After until the oldest leaves the window. Each check first
 * reserves its attempt in the store (one atomic step per key, before the slow hash), so parallel
 * requests cannot all pass a count taken before any of them failed; the store keeps it across processes.
 * A failure keeps its reservation; a success gives it back (and clears the email's failures).
 */
import { RateLimitedError } from '../../../core/errors.js';
import type { Clock, IdGenerator } from '../../../core/ids.js';
import type { Store } from '../../../core/repositories.js';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;

interface ThrottleDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
}

/** An attempt holding a slot on its email's key and, when known, its address's key. */
export interface ReservedAttempt {
  emailKey: string;
  held: { key: string; id: string }[];
}

function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/** Reserves one attempt for the email and the address, or throws 429 when either is at its limit. */
export async function reserveAttempt(
  deps: ThrottleDeps,
  email: string,
  ip: string | null,
): Promise<ReservedAttempt> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - WINDOW_MS).toISOString();
  const attempt: ReservedAttempt = { emailKey: emailKey(email), held: [] };
  for (const key of ip ? [attempt.emailKey, `ip:${ip}`] : [attempt.emailKey]) {
    const id = deps.ids.next();
    const result = await deps.store.loginAttempts.reserve(
      { key, id, at: now.toISOString() },
      since,
      MAX_FAILURES,
    );
    if (!result.reserved) {
      // The other key's slot was not used: an attempt refused here is no failure.
      await releaseAttempt(deps, attempt);
      const until = result.oldest ? Date.parse(result.oldest) + WINDOW_MS : now.getTime();
      const retryAfter = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
      throw new RateLimitedError('too many failed logins: try again later', retryAfter);
    }
    attempt.held.push({ key, id });
  }
  return attempt;
}

/** The attempt was not a failure (the password was right and a code is asked next, or all was right). */
export async function releaseAttempt(deps: ThrottleDeps, attempt: ReservedAttempt): Promise<void> {
  for (const { key, id } of attempt.held) await deps.store.loginAttempts.release(key, id);
}

/** A complete sign-in: the email's failures go, the address keeps its other failures. */
export async function loginSucceeded(deps: ThrottleDeps, attempt: ReservedAttempt): Promise<void> {
  await releaseAttempt(deps, attempt);
  await deps.store.loginAttempts.clear(attempt.emailKey);
}
