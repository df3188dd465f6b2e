/**
 * The timed side of bookings, run by a recurring scheduler job (and safe to run from several processes
 * at once): offers and payment holds that ran out free their place; reminders go out once per booking
 * and reminder (a ledger row written in the message's own transaction); sessions long past turn what
 * is still `booked` into `no_show`.
 */
import { quietUntil } from '../campaigns/quiet-hours.js';
import type { Booking, ClassDef } from './types.js';
import type { BookingService } from './service.js';
import { conversationLanguage, stageBookingMessage } from './notify.js';
import { releaseOutbound } from '../outbound.js';
import { readBookingSettings } from './settings.js';
import { describeSession, texts } from './texts.js';

const BATCH = 200;
/** A session still `booked` this long after its start was missed (classes last less than this). */
const NO_SHOW_AFTER_MS = 12 * 3_600_000;

export interface SweepResult {
  expiredOffers: number;
  expiredHolds: number;
  reminders: number;
  noShows: number;
}

export async function sweepBookings(service: BookingService): Promise<SweepResult> {
  const { store, clock } = service.deps;
  const now = clock.now().toISOString();
  let expiredOffers = 0;
  for (const offer of await store.bookings.expiredOffers(now, BATCH))
    if (await service.release(offer, 'offer_expired', ['offered'])) expiredOffers++;
  let expiredHolds = 0;
  for (const hold of await store.bookings.expiredHolds(now, BATCH))
    if (await service.expire({ bookingId: hold.id }).then((b) => b?.cancelReason === 'payment_expired'))
      expiredHolds++;
  const reminders = await sendReminders(service);
  const noShows = await markNoShows(service);
  return { expiredOffers, expiredHolds, reminders, noShows };
}

async function markNoShows(service: BookingService): Promise<number> {
  const { store, clock } = service.deps;
  const before = new Date(clock.now().getTime() - NO_SHOW_AFTER_MS).toISOString();
  let count = 0;
  for (const booking of await store.bookings.bookedStarting('', before, BATCH)) {
    const now = clock.now().toISOString();
    const missed = await store.bookings.transition(booking.id, ['booked'], { status: 'no_show' }, now);
    if (!missed) continue;
    service.deps.events.emit('booking', { booking: missed });
    count++;
  }
  return count;
}

/** The reminder of `klass` due for `booking` at `now` (the nearest one), or null. */
function dueReminder(
  klass: ClassDef,
  booking: Booking,
  nowMs: number,
): { due: number; overdue: number[] } | null {
  const startMs = Date.parse(booking.startsAt);
  // A reminder whose time came before the booking was made has nothing to remind.
  const reached = klass.reminders.filter(
    (m) => startMs - m * 60_000 <= nowMs && startMs - m * 60_000 >= Date.parse(booking.createdAt),
  );
  const passed = klass.reminders.filter((m) => startMs - m * 60_000 < Date.parse(booking.createdAt));
  if (reached.length === 0) return passed.length ? { due: -1, overdue: passed } : null;
  const due = Math.min(...reached);
  return { due, overdue: [...passed, ...reached.filter((m) => m !== due)] };
}

async function sendReminders(service: BookingService): Promise<number> {
  const { store, clock, timeZone } = service.deps;
  const nowMs = clock.now().getTime();
  const classes = new Map((await store.classes.list()).map((klass) => [klass.id, klass]));
  const longest = Math.max(0, ...[...classes.values()].flatMap((klass) => klass.reminders));
  const until = new Date(nowMs + longest * 60_000).toISOString();
  const settings = await readBookingSettings(store.settings);
  const quiet = settings.quietHours ? quietUntil(new Date(nowMs), settings.quietHours, timeZone) : null;
  let sent = 0;
  for (const booking of await store.bookings.bookedStarting(new Date(nowMs).toISOString(), until, BATCH)) {
    const klass = classes.get(booking.classId);
    const plan = klass ? dueReminder(klass, booking, nowMs) : null;
    if (!klass || !plan) continue;
    const now = clock.now().toISOString();
    for (const minutes of plan.overdue)
      await store.bookings.claimReminder(booking.id, minutes, 'skipped', now);
    if (plan.due < 0) continue;
    // Quiet hours: wait for their end, unless the class starts first (then this reminder is dropped).
    if (quiet && quiet.getTime() < Date.parse(booking.startsAt)) continue;
    if (quiet) {
      await store.bookings.claimReminder(booking.id, plan.due, 'skipped', now);
      continue;
    }
    if (await remind(service, booking, klass, plan.due)) sent++;
  }
  return sent;
}

/** The reminder's message and its ledger row in one transaction: sent once, whoever runs the sweep. */
async function remind(
  service: BookingService,
  booking: Booking,
  klass: ClassDef,
  minutes: number,
): Promise<boolean> {
  const { deps } = service;
  const now = deps.clock.now().toISOString();
  if (!booking.conversationId) return deps.store.bookings.claimReminder(booking.id, minutes, 'skipped', now);
  const lang = await conversationLanguage(deps, booking.conversationId);
  const what = describeSession(klass.title, booking.startsAt, deps.timeZone, lang);
  const text = texts(lang).reminder(what, booking.code);
  const staged = await deps.store.transaction(async (tx) => {
    if (!(await tx.bookings.claimReminder(booking.id, minutes, 'sent', now))) return null;
    const conversation = await tx.conversations.get(booking.conversationId!);
    return conversation ? stageBookingMessage(deps, tx, conversation, lang, text) : null;
  });
  if (!staged) return false;
  // The ledger row is committed: the outbox owns the send from here (retries, restarts).
  releaseOutbound(deps, staged).catch((error: unknown) =>
    deps.logger.error({ err: error, bookingId: booking.id }, 'reminder send failed'),
  );
  return true;
}
