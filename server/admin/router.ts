/** /api/admin: session loading, CSRF guard, auth, then the owner's settings resources. */
import { attachmentRoutes } from './attachment-routes.js';
import { coachReadRoutes } from './coach-read-routes.js';
import { webChatRoutes } from './web-chat-routes.js';
import { Router } from 'express';
import { apiNotFound } from '../http/errors.js';
import { assistantRoutes } from './assistant-routes.js';
import { auditRoutes } from './audit-routes.js';
import { bookingRoutes, classRoutes, contactBookingRoutes, sessionRoutes } from './booking-routes.js';
import { businessHoursRoutes } from './business-hours-routes.js';
import { campaignRoutes } from './campaign-routes.js';
import { channelRoutes } from './channels-routes.js';
import { contactRoutes } from './contacts-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { conversationInboxRoutes } from './conversation-inbox-routes.js';
import { inboxRoutes } from './inbox-routes.js';
import { scheduledRoutes } from './scheduled-routes.js';
import { groupRoutes } from './groups-routes.js';
import { authRoutes, loadSession, requireOwner, requireUser } from './auth/auth-routes.js';
import { csrfGuard } from './auth/csrf-guard.js';
import { articleSpec, offerSpec, promoSpec } from './catalog-specs.js';
import type { AdminDeps } from './context.js';
import { linkSpec } from './link-spec.js';
import { contactPackRoutes, packRoutes } from './packs-routes.js';
import { onboardingRoutes } from './onboarding-routes.js';
import { resourceRoutes } from './resources.js';
import { schedulerRoutes } from './scheduler-routes.js';
import { statsRoutes } from './stats-routes.js';
import { userRoutes } from './users-routes.js';
import { whatsappQrRoutes } from './whatsapp-qr-routes.js';

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use(csrfGuard(deps.publicUrl));
  router.use(loadSession(deps));
  router.use('/auth', authRoutes(deps));
  router.use(requireUser);
  router.use('/conversations', coachReadRoutes(deps));
  router.use('/conversations', conversationRoutes(deps));
  if (deps.bookings) router.use('/contacts', contactBookingRoutes(deps));
  router.use('/contacts', contactPackRoutes(deps));
  router.use('/conversations', conversationInboxRoutes(deps));
  if (deps.replies) router.use('/conversations', scheduledRoutes(deps, deps.replies));
  router.use('/inbox', inboxRoutes(deps));
  router.use('/contacts', contactRoutes(deps));
  router.use('/groups', groupRoutes(deps));
  if (deps.packs) router.use('/packs', packRoutes(deps, deps.packs));
  router.use('/stats', statsRoutes(deps));
  router.use('/channels', channelRoutes(deps.channels, deps.publicUrl));
  router.use('/channels/whatsapp', requireOwner, whatsappQrRoutes(deps));
  router.use('/users', requireOwner, userRoutes(deps));
  router.use('/audit-log', requireOwner, auditRoutes(deps));
  router.use('/onboarding', requireOwner, onboardingRoutes(deps));
  router.use('/links', requireOwner, resourceRoutes(deps, linkSpec));
  router.use('/offers', requireOwner, resourceRoutes(deps, offerSpec));
  router.use('/articles', requireOwner, resourceRoutes(deps, articleSpec));
  router.use('/promo-codes', requireOwner, resourceRoutes(deps, promoSpec));
  router.use('/assistant', requireOwner, assistantRoutes(deps));
  router.use('/web-chat', requireOwner, webChatRoutes(deps));
  router.use('/attachments', attachmentRoutes(deps));
  router.use('/business-hours', requireOwner, businessHoursRoutes(deps));
  if (deps.campaigns) router.use('/campaigns', requireOwner, campaignRoutes(deps, deps.campaigns));
  if (deps.bookings) {
    router.use('/classes', requireOwner, classRoutes(deps));
    router.use('/sessions', requireOwner, sessionRoutes(deps, deps.bookings));
    // Agents check people in and take payments at the door; the settings stay the owner's.
    router.use('/bookings', bookingRoutes(deps, deps.bookings, requireOwner));
  }
  if (deps.scheduler) router.use('/scheduler', requireOwner, schedulerRoutes(deps.scheduler));
  router.use(apiNotFound);
  return router;
}
