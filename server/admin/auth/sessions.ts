/**
 * Admin sessions: a random token in an HttpOnly, SameSite=Strict cookie; the database keeps only its
 * sha256, so a copy of the database yields no live session. `__Host-` prefix and Secure when
 * PUBLIC_URL is https (browsers refuse `__Host-` cookies without Secure, so plain http uses `kora_session`).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../../../core/repositories.js';
import type { AdminSession, AdminUser } from '../../../core/types.js';

export const SESSION_TTL_MS = 7 * 24 * 3_600_000;

export interface CookiePolicy {
  secure: boolean;
}

export function sessionCookieName(policy: CookiePolicy): string {
  return policy.secure ? '__Host-kora_session' : 'kora_session';
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function sessionCookie(policy: CookiePolicy, token: string | null): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (policy.secure) attributes.push('Secure');
  attributes.push(token ? `Max-Age=${SESSION_TTL_MS / 1000}` : 'Max-Age=0');
  return [`${sessionCookieName(policy)}=${token ?? ''}`, ...attributes].join('; ');
}

/** A new session (a new id at every login: no fixation). Returns the cookie value. */
export async function createSession(
  store: Store,
  user: AdminUser,
  ip: string | null,
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.sessions.create({
    id: hashToken(token),
    userId: user.id,
    ip,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
  });
  return token;
}

/** The session's id in the store: the sha256 of the cookie's token. */
export function sessionIdOf(token: string): string {
  return hashToken(token);
}

/** The live session behind a cookie token and its user, or null (unknown, expired, user gone). */
export async function openSession(
  store: Store,
  token: string,
  now: Date,
): Promise<{ session: AdminSession; user: AdminUser } | null> {
  const session = await store.sessions.get(hashToken(token));
  if (!session) return null;
  if (session.expiresAt <= now.toISOString()) {
    await store.sessions.delete(session.id);
    return null;
  }
  const user = await store.adminUsers.get(session.userId);
  return user ? { session, user } : null;
}

export async function readSession(store: Store, token: string, now: Date): Promise<AdminUser | null> {
  return (await openSession(store, token, now))?.user ?? null;
}

export async function endSession(store: Store, token: string): Promise<void> {
  await store.sessions.delete(hashToken(token));
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}
