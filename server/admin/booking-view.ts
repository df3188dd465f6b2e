/**
 * A booking as the panel shows it: with the person's name, email and phone and the class title, so a
 * list or a check-in needs no further call per row (the store's booking holds only the ids).
 */
import type { Booking } from '../../core/bookings/types.js';
import type { Store } from '../../core/repositories.js';

/** The contract's booking shape (plus the class, the session's start and why it was cancelled). */
export function shown(booking: Booking) {
  const { checkoutId: _c, holdUntil, offerExpiresAt, paymentUrl, ...rest } = booking;
  return {
    ...rest,
    ...(paymentUrl ? { paymentUrl } : {}),
    ...(holdUntil ? { holdUntil } : {}),
    ...(offerExpiresAt ? { offerExpiresAt } : {}),
  };
}

/** `shown` plus `contact: {name, email, phone}`, `classTitle` and `classPayment` (a page is tens of rows). */
export async function withPeople(store: Pick<Store, 'contacts' | 'classes'>, bookings: Booking[]) {
  const contactIds = [...new Set(bookings.map((booking) => booking.contactId))];
  const classIds = [...new Set(bookings.map((booking) => booking.classId))];
  const [contacts, classes] = await Promise.all([
    Promise.all(contactIds.map((id) => store.contacts.get(id))),
    Promise.all(classIds.map((id) => store.classes.get(id))),
  ]);
  const people = new Map(contacts.flatMap((contact) => (contact ? [[contact.id, contact]] : [])));
  const byId = new Map(classes.flatMap((klass) => (klass ? [[klass.id, klass]] : [])));
  return bookings.map((booking) => {
    const contact = people.get(booking.contactId);
    return {
      ...shown(booking),
      contact: { name: contact?.name ?? '', email: contact?.email ?? null, phone: contact?.phone ?? null },
      classTitle: byId.get(booking.classId)?.title ?? '',
      // A free class's booking is never paid: the panel says Free rather than Unpaid.
      classPayment: byId.get(booking.classId)?.payment ?? null,
    };
  });
}
