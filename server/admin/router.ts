/** /api/admin: session loading, CSRF guard, auth, then the owner's settings resources. */
import { type RequestHandler, Router } from 'express';
import { ForbiddenError } from '../../core/errors.js';
import { apiNotFound } from '../http/errors.js';
import { assistantRoutes } from './assistant-routes.js';
import { auditRoutes } from './audit-routes.js';
import { campaignRoutes } from './campaign-routes.js';
import { channelRoutes } from './channels-routes.js';
import { contactRoutes } from './contacts-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { groupRoutes } from './groups-routes.js';
import { authRoutes, loadSession, requireOwner, requireUser } from './auth/auth-routes.js';
import { articleSpec, offerSpec, promoSpec } from './catalog-specs.js';
import type { AdminDeps } from './context.js';
import { linkSpec } from './link-spec.js';
import { resourceRoutes } from './resources.js';
import { schedulerRoutes } from './scheduler-routes.js';
import { statsRoutes } from './stats-routes.js';
import { userRoutes } from './users-routes.js';
import { whatsappQrRoutes } from './whatsapp-qr-routes.js';

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Besides the SameSite=Strict cookie: a write whose Origin is another site is refused, and writes
 * must be JSON (a cross-site form cannot send application/json without a CORS preflight we never grant).
 */
function csrfGuard(publicUrl: string): RequestHandler {
  const allowed = new URL(publicUrl).origin;
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const sameHost = origin && req.headers.host && hostOf(origin) === req.headers.host;
    if (origin && origin !== allowed && !sameHost) throw new ForbiddenError('cross-site request refused');
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'];
    const csvImport =
      req.path === '/contacts/import' && req.is(['text/csv', 'application/csv', 'multipart/form-data']);
    if (hasBody && !req.is('application/json') && !csvImport)
      throw new ForbiddenError('send the body as application/json');
    next();
  };
}

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(csrfGuard(deps.publicUrl));
  router.use(loadSession(deps));
  router.use('/auth', authRoutes(deps));
  router.use(requireUser);
  router.use('/conversations', conversationRoutes(deps));
  router.use('/contacts', contactRoutes(deps));
  router.use('/groups', groupRoutes(deps));
  router.use('/stats', statsRoutes(deps));
  router.use('/channels', channelRoutes(deps.channels));
  router.use('/channels/whatsapp', requireOwner, whatsappQrRoutes(deps));
  router.use('/users', requireOwner, userRoutes(deps));
  router.use('/audit-log', requireOwner, auditRoutes(deps));
  router.use('/links', requireOwner, resourceRoutes(deps, linkSpec));
  router.use('/offers', requireOwner, resourceRoutes(deps, offerSpec));
  router.use('/articles', requireOwner, resourceRoutes(deps, articleSpec));
  router.use('/promo-codes', requireOwner, resourceRoutes(deps, promoSpec));
  router.use('/assistant', requireOwner, assistantRoutes(deps));
  if (deps.campaigns) router.use('/campaigns', requireOwner, campaignRoutes(deps, deps.campaigns));
  if (deps.scheduler) router.use('/scheduler', requireOwner, schedulerRoutes(deps.scheduler));
  router.use(apiNotFound);
  return router;
}
