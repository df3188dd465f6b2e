/** What admin controllers are given, and the audit trail every admin write leaves. */
import type { WhatsAppAdminView } from '../../bots/whatsapp/provider.js';
import type { BookingService } from '../../core/bookings/service.js';
import type { CampaignService } from '../../core/campaigns/index.js';
import type { ChannelAdapter, ChannelRegistry } from '../../core/channels.js';
import type { Engine } from '../../core/engine.js';
import type { EventBus } from '../../core/events.js';
import type { Clock, IdGenerator } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import type { PackDeps } from '../../core/payments/packs.js';
import type { Store } from '../../core/repositories.js';
import type { SealedBox } from '../../core/sealed-box.js';
import type { AdminUser } from '../../core/types.js';
import type { Scheduler } from '../../scheduler/scheduler.js';
import type { ScheduledReplies } from '../scheduled-replies.js';
import type { PasswordResetMailer } from './auth/password-reset.js';
import type { CookiePolicy } from './auth/sessions.js';
import type { LiveSessions } from './live-sessions.js';

export interface AdminDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  engine: Engine;
  events: EventBus;
  publicUrl: string;
  /** The business's TIMEZONE: the dashboard's days are its calendar days. */
  timeZone: string;
  cookie: CookiePolicy;
  /** Told when sessions end or a role changes, so the `/admin` sockets follow. */
  live: LiveSessions;
  /** Seals the admins' TOTP secrets at rest (a key derived from SECRET_KEY for this purpose). */
  totpSecrets: SealedBox;
  /**
   * The enabled channels (GET /api/admin/channels reports their status) and, in its directory, every
   * channel's descriptor (entry-link URLs, the variable that turns a channel on).
   */
  channels?: ChannelRegistry;
  /** The WhatsApp channel when it is on (wa.me entry links, the QR code to link a number). */
  whatsapp?: WhatsAppAdminView;
  /** The Teams channel when it is on: its account (the app id) makes the deep entry links. */
  teams?: Pick<ChannelAdapter, 'status'>;
  campaigns?: CampaignService;
  /** Classes, sessions and bookings (core/bookings). */
  bookings?: BookingService;
  scheduler?: Scheduler;
  /** Packs: always there; their online checkout only with Stripe configured. */
  packs?: PackDeps;
  /** "Send later" (issue 19): absent where no scheduler runs (some tests). */
  replies?: ScheduledReplies;
  /** Password reset by email, when email is on (auth/password-reset.ts). */
  passwordReset?: PasswordResetMailer;
}

/** Who is acting, from where. */
export interface Actor {
  user: AdminUser | null;
  ip: string | null;
}

export async function audit(
  deps: AdminDeps,
  actor: Actor,
  action: string,
  target: string | null,
  details: unknown = null,
): Promise<void> {
  await deps.store.auditLog.append({
    id: deps.ids.next(),
    userId: actor.user?.id ?? null,
    action,
    target,
    details,
    ip: actor.ip,
    createdAt: deps.clock.now().toISOString(),
  });
}

/** A user as the API shows them: never the password hash, the TOTP secret or recovery codes. */
export function publicUser(user: AdminUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    totpEnabled: user.totpEnabledAt !== null,
    createdAt: user.createdAt,
  };
}
