/** Login, logout and first-start setup, apart from express (the routes only translate HTTP). */
import { ForbiddenError, UnauthorizedError } from '../../../core/errors.js';
import { type Actor, type AdminDeps, audit, publicUser } from '../context.js';
import type { loginSchema, setupSchema } from '../schemas.js';
import { consumeSetupToken } from './bootstrap.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.js';
import { createSession, endSession, sessionIdOf } from './sessions.js';
import { loginSucceeded, releaseAttempt, reserveAttempt } from './throttle.js';
import { verifySecondFactor } from './totp-controller.js';
import type { z } from 'zod';

export async function login(deps: AdminDeps, input: z.output<typeof loginSchema>, actor: Actor) {
  const { store, clock } = deps;
  // Reserved before the slow hash: a failure keeps it, so parallel guesses cannot all get through.
  const attempt = await reserveAttempt(deps, input.email, actor.ip);
  const user = await store.adminUsers.getByEmail(input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new UnauthorizedError('wrong email or password', 'invalid_credentials');
  // Only now, with the right password, may the answer say that a code is needed.
  if (user.totpEnabledAt) {
    if (!input.code) {
      await releaseAttempt(deps, attempt);
      throw new UnauthorizedError('enter the code of your authenticator app', 'totp_required', 'code');
    }
    if (!(await verifySecondFactor(deps, user, input.code, actor))) {
      throw new UnauthorizedError('wrong authentication code', 'invalid_code', 'code');
    }
  }
  await loginSucceeded(deps, attempt);
  const token = await createSession(store, user, actor.ip, clock.now());
  await audit(deps, { ...actor, user }, 'auth.login', user.id);
  return { user: publicUser(user), token };
}

export async function logout(deps: AdminDeps, token: string | undefined, actor: Actor): Promise<void> {
  if (!token) return;
  await endSession(deps.store, token);
  deps.live.sessionEnded(sessionIdOf(token));
  if (actor.user) await audit(deps, actor, 'auth.logout', actor.user.id);
}

export async function setup(deps: AdminDeps, input: z.output<typeof setupSchema>, actor: Actor) {
  const { store, ids, clock } = deps;
  const passwordHash = await hashPassword(input.password);
  const user = await store.transaction(async (tx) => {
    if (!(await consumeSetupToken(tx, input.token, clock.now()))) {
      throw new ForbiddenError('this setup link is invalid, used or expired', 'invalid_setup_token');
    }
    const now = clock.now().toISOString();
    return tx.adminUsers.create({
      id: ids.next(),
      email: input.email.toLowerCase(),
      name: input.name,
      role: 'owner',
      passwordHash,
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      createdAt: now,
      updatedAt: now,
    });
  });
  const token = await createSession(store, user, actor.ip, clock.now());
  await audit(deps, { ...actor, user }, 'auth.setup', user.id);
  return { user: publicUser(user), token };
}
