/**
 * The coach's team (owner only): owners do everything, agents handle conversations, contacts and
 * groups. There is always at least one owner; a changed password or a removed user ends their sessions,
 * and so does the reset of their two-factor sign-in (DELETE /:id/totp).
 */
import { Router } from 'express';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Repositories } from '../../core/repositories.js';
import type { AdminUser } from '../../core/types.js';
import { parseInput } from '../http/validate.js';
import { hashPassword } from './auth/passwords.js';
import { actorOf } from './auth/auth-routes.js';
import { resetTotpOf } from './auth/totp-controller.js';
import { type AdminDeps, audit, publicUser } from './context.js';

const password = z.string().min(12, 'must be at least 12 characters').max(200);
export const userCreateSchema = z.strictObject({
  email: z.string().trim().max(320).email(),
  name: z.string().trim().min(1).max(100),
  password,
  role: z.enum(['owner', 'agent']),
});
export const userPatchSchema = z
  .strictObject({ name: z.string().trim().min(1).max(100), password, role: z.enum(['owner', 'agent']) })
  .partial();

async function load(deps: AdminDeps, id: string): Promise<AdminUser> {
  const user = await deps.store.adminUsers.get(id);
  if (!user) throw new NotFoundError('user not found');
  return user;
}

/** Checked inside the write's transaction, so two requests cannot both remove "one of two" owners. */
async function assertKeepsAnOwner(tx: Repositories, user: AdminUser): Promise<void> {
  if (user.role !== 'owner') return;
  const owners = (await tx.adminUsers.list()).filter((other) => other.role === 'owner');
  if (owners.length <= 1) throw new ConflictError('the last owner cannot be removed or demoted', 'role');
}

export function userRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ items: (await deps.store.adminUsers.list()).map(publicUser) });
  });
  router.post('/', async (req, res) => {
    const input = parseInput(userCreateSchema, req.body);
    if (await deps.store.adminUsers.getByEmail(input.email)) {
      throw new ConflictError('a user with this email already exists', 'email');
    }
    const now = deps.clock.now().toISOString();
    const user = await deps.store.adminUsers.create({
      id: deps.ids.next(),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      createdAt: now,
      updatedAt: now,
    });
    await audit(deps, actorOf(req, res), 'users.create', user.id, { email: user.email, role: user.role });
    res.status(201).json(publicUser(user));
  });
  router.patch('/:id', async (req, res) => {
    const input = parseInput(userPatchSchema, req.body);
    const user = await load(deps, req.params.id);
    const patch: Partial<AdminUser> = { updatedAt: deps.clock.now().toISOString() };
    if (input.name) patch.name = input.name;
    if (input.role) patch.role = input.role;
    if (input.password) patch.passwordHash = await hashPassword(input.password);
    const updated = await deps.store.transaction(async (tx) => {
      const current = await tx.adminUsers.get(user.id);
      if (!current) throw new NotFoundError('user not found');
      if (input.role === 'agent') await assertKeepsAnOwner(tx, current);
      if (input.password) await tx.sessions.deleteForUser(user.id);
      return tx.adminUsers.update(user.id, patch);
    });
    // After the commit: their sockets end with their sessions, or follow the new role.
    if (input.password) deps.live.userSessionsEnded(user.id);
    else if (input.role) await deps.live.userChanged(user.id);
    await audit(deps, actorOf(req, res), 'users.update', user.id, {
      name: input.name,
      role: input.role,
      password: input.password ? 'changed' : undefined,
    });
    res.json(publicUser(updated ?? user));
  });
  router.delete('/:id', async (req, res) => {
    const user = await load(deps, req.params.id);
    await deps.store.transaction(async (tx) => {
      await assertKeepsAnOwner(tx, user);
      await tx.sessions.deleteForUser(user.id);
      await tx.adminUsers.delete(user.id);
    });
    deps.live.userSessionsEnded(user.id);
    await audit(deps, actorOf(req, res), 'users.delete', user.id);
    res.status(204).end();
  });
  router.delete('/:id/totp', async (req, res) => {
    res.json(await resetTotpOf(deps, req.params.id, actorOf(req, res)));
  });
  return router;
}
