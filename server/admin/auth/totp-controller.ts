/**
 * Two-factor sign-in (TOTP) for the signed-in admin: set-up (a pending secret), enable (a code
 * confirms it, recovery codes are shown once), new recovery codes and disable (each with the password
 * and a code), and the second factor the login checks; an owner's reset of someone else's. The secret
 * is sealed with SECRET_KEY, bound to the user's id.
 */
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../../core/errors.js';
import type { AdminUser } from '../../../core/types.js';
import { type Actor, type AdminDeps, audit, publicUser } from '../context.js';
import type { totpConfirmSchema, totpEnableSchema } from '../schemas.js';
import { verifyPassword } from './passwords.js';
import { generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode } from './recovery-codes.js';
import { releaseAttempt, reserveAttempt } from './throttle.js';
import { base32Decode, generateSecret, matchTotp, otpauthUrl } from './totp.js';
import type { z } from 'zod';

const ISSUER = 'Kora';

const sealName = (userId: string) => `totp:${userId}`;

async function currentUser(deps: AdminDeps, actor: Actor): Promise<AdminUser> {
  const user = actor.user && (await deps.store.adminUsers.get(actor.user.id));
  if (!user) throw new UnauthorizedError('sign in first');
  return user;
}

/** The secret's bytes, or null when it does not open (SECRET_KEY changed): recovery codes still work. */
function secretOf(deps: AdminDeps, user: AdminUser): Buffer | null {
  if (!user.totpSecret) return null;
  try {
    return base32Decode(deps.totpSecrets.open(sealName(user.id), user.totpSecret));
  } catch {
    deps.logger.warn({ userId: user.id }, 'a TOTP secret does not open: was SECRET_KEY changed?');
    return null;
  }
}

/** Checks and uses up a TOTP code (one use per time step) or a recovery code (one use). */
export async function verifySecondFactor(
  deps: AdminDeps,
  user: AdminUser,
  code: string,
  actor: Actor,
): Promise<boolean> {
  const compact = code.replace(/\s+/g, '');
  if (/^\d{6}$/.test(compact)) {
    const secret = secretOf(deps, user);
    const step = secret && matchTotp(secret, compact, deps.clock.now().getTime(), user.totpLastStep);
    return step !== null && (await deps.store.adminUsers.useTotpStep(user.id, step));
  }
  if (!looksLikeRecoveryCode(code)) return false;
  if (!(await deps.store.adminUsers.useRecoveryCode(user.id, hashRecoveryCode(code)))) return false;
  const remaining = await deps.store.adminUsers.countRecoveryCodes(user.id);
  await audit(deps, { ...actor, user }, 'totp.recovery_code_used', user.id, { remaining });
  return true;
}

export async function totpStatus(deps: AdminDeps, actor: Actor) {
  const user = await currentUser(deps, actor);
  return {
    enabled: user.totpEnabledAt !== null,
    enabledAt: user.totpEnabledAt,
    recoveryCodesLeft: user.totpEnabledAt ? await deps.store.adminUsers.countRecoveryCodes(user.id) : 0,
  };
}

/** A new pending secret (replacing any earlier pending one); 2FA stays off until `enable`. */
export async function setupTotp(deps: AdminDeps, actor: Actor) {
  const user = await currentUser(deps, actor);
  if (user.totpEnabledAt) {
    throw new ConflictError('two-factor sign-in is already on: turn it off first to set it up again');
  }
  const secret = generateSecret();
  await deps.store.adminUsers.update(user.id, {
    totpSecret: deps.totpSecrets.seal(sealName(user.id), secret),
    totpLastStep: null,
    updatedAt: deps.clock.now().toISOString(),
  });
  return { secret, otpauthUrl: otpauthUrl(ISSUER, user.email, secret) };
}

export async function enableTotp(deps: AdminDeps, input: z.output<typeof totpEnableSchema>, actor: Actor) {
  const user = await currentUser(deps, actor);
  if (user.totpEnabledAt) throw new ConflictError('two-factor sign-in is already on');
  if (!user.totpSecret) throw new ConflictError('no set-up in progress: start the set-up first', 'code');
  if (!(await verifySecondFactor(deps, user, input.code, actor))) {
    throw new ValidationError('code: wrong code, type the one your app shows now', 'code', 'invalid_code');
  }
  const recoveryCodes = generateRecoveryCodes();
  const now = deps.clock.now().toISOString();
  const updated = await deps.store.transaction(async (tx) => {
    await tx.adminUsers.setRecoveryCodes(user.id, recoveryCodes.map(hashRecoveryCode));
    return tx.adminUsers.update(user.id, { totpEnabledAt: now, updatedAt: now });
  });
  await audit(deps, actor, 'totp.enable', user.id);
  return { recoveryCodes, user: publicUser(updated ?? user) };
}

/**
 * The password and a code (app or recovery) of the signed-in user, so a session left open is not
 * enough. Wrong answers count toward the login throttle: this is a password check too.
 */
async function confirmWithPasswordAndCode(
  deps: AdminDeps,
  input: z.output<typeof totpConfirmSchema>,
  actor: Actor,
): Promise<AdminUser> {
  const user = await currentUser(deps, actor);
  if (!user.totpEnabledAt) throw new ConflictError('two-factor sign-in is not on');
  // Reserved before the hash, kept by a failure, as at login.
  const attempt = await reserveAttempt(deps, user.email, actor.ip);
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    throw new ValidationError('password: wrong password', 'password', 'invalid_password');
  }
  if (!(await verifySecondFactor(deps, user, input.code, actor))) {
    throw new ValidationError('code: wrong code', 'code', 'invalid_code');
  }
  await releaseAttempt(deps, attempt);
  return user;
}

/** Turns the user's own 2FA off: secret and recovery codes are gone. */
export async function disableTotp(deps: AdminDeps, input: z.output<typeof totpConfirmSchema>, actor: Actor) {
  const user = await confirmWithPasswordAndCode(deps, input, actor);
  await clearTotp(deps, user.id, false);
  await audit(deps, actor, 'totp.disable', user.id);
}

/** Ten new recovery codes, shown once; the ones left before stop working. */
export async function renewRecoveryCodes(
  deps: AdminDeps,
  input: z.output<typeof totpConfirmSchema>,
  actor: Actor,
) {
  const user = await confirmWithPasswordAndCode(deps, input, actor);
  const recoveryCodes = generateRecoveryCodes();
  await deps.store.adminUsers.setRecoveryCodes(user.id, recoveryCodes.map(hashRecoveryCode));
  await audit(deps, actor, 'totp.recovery_codes_renewed', user.id);
  return { recoveryCodes };
}

/**
 * An owner turns someone else's 2FA off (a lost phone and lost recovery codes): their sessions end too,
 * and they set it up again once signed in. Their own goes through `disableTotp`, which asks for more.
 */
export async function resetTotpOf(deps: AdminDeps, userId: string, actor: Actor) {
  if (actor.user?.id === userId) {
    throw new ConflictError('turn your own two-factor sign-in off from the Security page', 'id');
  }
  const user = await deps.store.adminUsers.get(userId);
  if (!user) throw new NotFoundError('user not found');
  if (!user.totpEnabledAt) throw new ConflictError('two-factor sign-in is not on for this user');
  const updated = await clearTotp(deps, user.id, true);
  deps.live.userSessionsEnded(user.id);
  await audit(deps, actor, 'totp.reset', user.id, { email: user.email });
  return publicUser(updated ?? user);
}

async function clearTotp(deps: AdminDeps, userId: string, endSessions: boolean) {
  return deps.store.transaction(async (tx) => {
    await tx.adminUsers.setRecoveryCodes(userId, []);
    if (endSessions) await tx.sessions.deleteForUser(userId);
    return tx.adminUsers.update(userId, {
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      updatedAt: deps.clock.now().toISOString(),
    });
  });
}
