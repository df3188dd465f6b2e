/** The messages of a booking: its confirmation (code, QR, payment link, cancel button) and a place offered. */
import { trackPaymentLinks } from '../assistant/payment-tracking.js';
import type { Language } from '../text.js';
import type { Composed, NotifyDeps } from './notify.js';
import { describeSession, formatWhen, texts } from './texts.js';
import type { Booking, ClassDef } from './types.js';

/** Where the booking's QR code image is served (server/http/booking-qr.ts). */
export function qrUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/qr/bookings/${code}.png`;
}

export const cancelAction = (booking: Booking, lang: Language) => ({
  id: `cancel:${booking.id}`,
  label: texts(lang).cancel,
});

export async function confirmation(
  deps: NotifyDeps,
  booking: Booking,
  klass: ClassDef,
  lang: Language,
): Promise<Composed> {
  const t = texts(lang);
  const what = describeSession(klass.title, booking.startsAt, deps.timeZone, lang);
  if (booking.status === 'waiting') return { text: t.waiting(what), actions: [cancelAction(booking, lang)] };
  const lines = [t.booked(what, booking.code)];
  if (!booking.paid && booking.paymentUrl && klass.payment === 'online') {
    const until = booking.holdUntil ? formatWhen(booking.holdUntil, deps.timeZone, lang) : null;
    lines.push(t.pay(booking.paymentUrl, until));
  } else if (!booking.paid && klass.payment !== 'free' && klass.price) lines.push(t.payLater);
  let text = lines.join('\n');
  if (booking.paymentUrl && booking.conversationId) {
    const now = deps.clock.now().toISOString();
    const links = deps.store.trackedLinks;
    text = await trackPaymentLinks(
      links,
      deps.ids,
      now,
      booking.conversationId,
      text,
      [booking.paymentUrl],
      deps.publicUrl,
    );
  }
  return {
    text,
    actions: [cancelAction(booking, lang)],
    media: [
      { url: qrUrl(deps.publicUrl, booking.code), contentType: 'image/png', name: `${booking.code}.png` },
    ],
  };
}

export function offerMessage(deps: NotifyDeps, booking: Booking, klass: ClassDef, lang: Language): Composed {
  const t = texts(lang);
  const what = describeSession(klass.title, booking.startsAt, deps.timeZone, lang);
  const until = formatWhen(booking.offerExpiresAt ?? booking.startsAt, deps.timeZone, lang);
  return {
    text: t.offered(what, until),
    actions: [
      { id: `accept:${booking.id}`, label: t.accept },
      { id: `cancel:${booking.id}`, label: t.cancel },
    ],
  };
}
