/** HTTP for login/logout/me/setup, and the middleware that loads the session and guards the rest. */
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../../core/errors.js';
import type { AdminUser } from '../../../core/types.js';
import { parseInput } from '../../http/validate.js';
import { type Actor, type AdminDeps, publicUser } from '../context.js';
import {
  loginSchema,
  resetConfirmSchema,
  resetRequestSchema,
  setupSchema,
  totpConfirmSchema,
  totpEnableSchema,
} from '../schemas.js';
import { login, logout, setup } from './auth-controller.js';
import { confirmReset, requestReset, resetRequestLimiter } from './password-reset.js';
import { disableTotp, enableTotp, renewRecoveryCodes, setupTotp, totpStatus } from './totp-controller.js';
import { parseCookies, readSession, sessionCookie, sessionCookieName } from './sessions.js';

export function actorOf(req: Request, res: Response): Actor {
  return { user: (res.locals.user as AdminUser | undefined) ?? null, ip: req.ip ?? null };
}

function tokenOf(deps: AdminDeps, req: Request): string | undefined {
  return parseCookies(req.headers.cookie).get(sessionCookieName(deps.cookie)) || undefined;
}

export function loadSession(deps: AdminDeps): RequestHandler {
  return async (req, res, next) => {
    const token = tokenOf(deps, req);
    if (token) res.locals.user = await readSession(deps.store, token, deps.clock.now());
    next();
  };
}

export const requireUser: RequestHandler = (_req, res, next) => {
  if (!res.locals.user) throw new UnauthorizedError('sign in first');
  next();
};

export const requireOwner: RequestHandler = (_req, res, next) => {
  if ((res.locals.user as AdminUser | undefined)?.role !== 'owner') {
    throw new ForbiddenError('only the owner can do this');
  }
  next();
};

export function authRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.post('/login', async (req, res) => {
    const result = await login(deps, parseInput(loginSchema, req.body), actorOf(req, res));
    res.setHeader('Set-Cookie', sessionCookie(deps.cookie, result.token));
    res.json({ user: result.user });
  });
  router.post('/setup', async (req, res) => {
    const result = await setup(deps, parseInput(setupSchema, req.body), actorOf(req, res));
    res.setHeader('Set-Cookie', sessionCookie(deps.cookie, result.token));
    res.status(201).json({ user: result.user });
  });
  router.post('/logout', async (req, res) => {
    await logout(deps, tokenOf(deps, req), actorOf(req, res));
    res.setHeader('Set-Cookie', sessionCookie(deps.cookie, null));
    res.status(204).end();
  });
  const resetLimiter = resetRequestLimiter();
  router.post('/password-reset', async (req, res) => {
    const { email } = parseInput(resetRequestSchema, req.body);
    await requestReset(deps, resetLimiter, email, actorOf(req, res));
    // The same answer whether or not the address is an admin's.
    res.status(202).json({ ok: true });
  });
  router.post('/password-reset/confirm', async (req, res) => {
    await confirmReset(deps, parseInput(resetConfirmSchema, req.body), actorOf(req, res));
    res.status(204).end();
  });
  router.get('/me', requireUser, (_req, res) => {
    res.json({ user: publicUser(res.locals.user as AdminUser) });
  });
  router.use('/totp', requireUser, totpRoutes(deps));
  return router;
}

/** Two-factor sign-in of the signed-in user (docs/DECISIONS.md, "Two-factor sign-in (TOTP)"). */
function totpRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.json(await totpStatus(deps, actorOf(req, res)));
  });
  router.post('/setup', async (req, res) => {
    res.json(await setupTotp(deps, actorOf(req, res)));
  });
  router.post('/enable', async (req, res) => {
    res.json(await enableTotp(deps, parseInput(totpEnableSchema, req.body), actorOf(req, res)));
  });
  router.post('/disable', async (req, res) => {
    await disableTotp(deps, parseInput(totpConfirmSchema, req.body), actorOf(req, res));
    res.status(204).end();
  });
  router.post('/recovery-codes', async (req, res) => {
    res.json(await renewRecoveryCodes(deps, parseInput(totpConfirmSchema, req.body), actorOf(req, res)));
  });
  return router;
}
