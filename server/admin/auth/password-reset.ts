/**
 * Password reset by email (when email is on): `POST /api/admin/auth/password-reset {email}` mails a link
 * valid 30 minutes; `POST /api/admin/auth/password-reset/confirm {token, password}` sets the password
 * once. The token is stateless: the user id, its expiry and an HMAC (SECRET_KEY) over both and the
 * user's current password hash. Setting a password changes that hash, so the link works once, and a
 * password changed any other way also voids it; the check and the write share one transaction, so
 * two confirmations racing each other set it once. The request answers the same whether the address
 * is an admin's or not (no enumeration), and is limited to 3 an hour per address and per client.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConflictError, ForbiddenError, RateLimitedError } from '../../../core/errors.js';
import { BoundedRateLimiter } from '../../../core/rate-limiter.js';
import type { AdminUser } from '../../../core/types.js';
import { type Actor, type AdminDeps, audit } from '../context.js';
import { hashPassword } from './passwords.js';

export const RESET_TTL_MS = 30 * 60_000;

/** What the server gives the admin API when email is on. */
export interface PasswordResetMailer {
  secretKey: string;
  send(email: { to: string; subject: string; text: string; idempotencyKey: string }): Promise<void>;
}

function mac(secretKey: string, userId: string, expires: number, passwordHash: string): Buffer {
  return createHmac('sha256', secretKey)
    .update(`kora-password-reset\u0000${userId}\u0000${expires}\u0000${passwordHash}`)
    .digest();
}

export function resetToken(secretKey: string, user: AdminUser, expires: number): string {
  const signature = mac(secretKey, user.id, expires, user.passwordHash).toString('base64url');
  return `${Buffer.from(user.id).toString('base64url')}.${expires}.${signature}`;
}

/** The user id the token names, when it is well formed and not expired (its MAC is checked later). */
function parseToken(
  token: string,
  now: number,
): { userId: string; expires: number; signature: Buffer } | null {
  const [id, expiresText, signature, extra] = token.split('.');
  if (!id || !expiresText || !signature || extra !== undefined || !/^\d{1,15}$/.test(expiresText))
    return null;
  const expires = Number(expiresText);
  if (expires <= now) return null;
  return {
    userId: Buffer.from(id, 'base64url').toString('utf8'),
    expires,
    signature: Buffer.from(signature, 'base64url'),
  };
}

export function tokenMatches(secretKey: string, user: AdminUser, token: string, now: number): boolean {
  const parsed = parseToken(token, now);
  if (!parsed || parsed.userId !== user.id) return false;
  const expected = mac(secretKey, user.id, parsed.expires, user.passwordHash);
  return parsed.signature.length === expected.length && timingSafeEqual(parsed.signature, expected);
}

/** Reset requests per address and per client: 3 an hour (a bounded memory of 10,000 keys). */
export function resetRequestLimiter(): BoundedRateLimiter {
  return new BoundedRateLimiter({ rate: 3, perMs: 60 * 60_000 }, 10_000);
}

function mailerOf(deps: AdminDeps): PasswordResetMailer {
  if (!deps.passwordReset) {
    throw new ConflictError('email is not configured: ask the owner to reset your password in the panel');
  }
  return deps.passwordReset;
}

export async function requestReset(
  deps: AdminDeps,
  limiter: BoundedRateLimiter,
  email: string,
  actor: Actor,
): Promise<void> {
  const mailer = mailerOf(deps);
  const now = deps.clock.now().getTime();
  const address = email.trim().toLowerCase();
  if (!limiter.take(`email ${address}`, now) || !limiter.take(`ip ${actor.ip}`, now)) {
    throw new RateLimitedError('too many reset requests: try again later', 3_600);
  }
  const user = await deps.store.adminUsers.getByEmail(address);
  if (!user) return;
  const token = resetToken(mailer.secretKey, user, now + RESET_TTL_MS);
  const link = `${deps.publicUrl}/admin/reset-password?token=${encodeURIComponent(token)}`;
  await mailer.send({
    to: user.email,
    subject: 'Reset your Kora password',
    text: `Hello ${user.name},\n\nTo choose a new password, open this link within 30 minutes:\n${link}\n\nIt works once. If you did not ask for it, ignore this email: your password stays as it is.`,
    idempotencyKey: `password-reset-${createHmac('sha256', mailer.secretKey).update(token).digest('base64url')}`,
  });
  await audit(deps, { ...actor, user }, 'auth.password_reset_requested', user.id);
}

export async function confirmReset(
  deps: AdminDeps,
  input: { token: string; password: string },
  actor: Actor,
) {
  const mailer = mailerOf(deps);
  const invalid = () =>
    new ForbiddenError('this reset link is invalid, used or expired', 'invalid_reset_token');
  const parsed = parseToken(input.token, deps.clock.now().getTime());
  if (!parsed) throw invalid();
  const passwordHash = await hashPassword(input.password);
  const user = await deps.store.transaction(async (tx) => {
    const current = await tx.adminUsers.get(parsed.userId);
    if (!current || !tokenMatches(mailer.secretKey, current, input.token, deps.clock.now().getTime()))
      return null;
    const updated = await tx.adminUsers.update(current.id, {
      passwordHash,
      updatedAt: deps.clock.now().toISOString(),
    });
    await tx.sessions.deleteForUser(current.id);
    return updated;
  });
  if (!user) throw invalid();
  deps.live.userSessionsEnded(user.id);
  await audit(deps, { ...actor, user }, 'auth.password_reset', user.id);
}
