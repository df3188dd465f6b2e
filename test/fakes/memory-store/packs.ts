import type { PackRepository, PaymentRecordRepository } from '../../../core/repositories.js';
import type { PackCredit } from '../../../core/payments/types.js';
import { compare, conflict, copy, type Gate, type MemoryState } from './state.js';

function byCheckout(state: MemoryState, checkoutId: string): PackCredit | undefined {
  return [...state.packCredits.values()].find((credit) => credit.checkoutId === checkoutId);
}

/** The oldest paid credit of the contact with a session left (the stores' order). */
function candidate(state: MemoryState, contactId: string): PackCredit | undefined {
  return [...state.packCredits.values()]
    .filter((credit) => credit.contactId === contactId && credit.status === 'active' && credit.remaining > 0)
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id))[0];
}

export function createPackRepository(state: MemoryState, gate: Gate): PackRepository {
  const { packs, packCredits, packUses } = state;
  return {
    create: (pack) =>
      gate(() => {
        if (packs.has(pack.id)) throw conflict('pack', ['id']);
        packs.set(pack.id, copy(pack));
        return copy(pack);
      }),
    get: (id) => gate(() => copy(packs.get(id) ?? null)),
    list: () => gate(() => [...packs.values()].sort((a, b) => compare(a.id, b.id)).map(copy)),
    createCredit: (credit) =>
      gate(() => {
        if (packCredits.has(credit.id)) throw conflict('pack credit', ['id']);
        if (credit.checkoutId && byCheckout(state, credit.checkoutId))
          throw conflict('pack credit', ['checkoutId']);
        packCredits.set(credit.id, copy(credit));
        return copy(credit);
      }),
    getCredit: (id) => gate(() => copy(packCredits.get(id) ?? null)),
    creditByCheckout: (checkoutId) => gate(() => copy(byCheckout(state, checkoutId) ?? null)),
    setCheckout: (creditId, checkoutId, paymentUrl) =>
      gate(() => {
        const credit = packCredits.get(creditId);
        if (credit) Object.assign(credit, { checkoutId, paymentUrl });
      }),
    moveCredit: (checkoutId, from, to, at) =>
      gate(() => {
        if (to === 'pending') throw new Error('a credit never moves back to pending');
        const credit = byCheckout(state, checkoutId);
        if (!credit || !from.includes(credit.status)) return null;
        credit.status = to;
        if (to === 'active') credit.paidAt = at;
        if (to === 'refunded') credit.remaining = 0;
        return copy(credit);
      }),
    creditsOf: (contactId) =>
      gate(() =>
        [...packCredits.values()]
          .filter((credit) => credit.contactId === contactId)
          .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id))
          .map(copy),
      ),
    consume: (contactId, bookingId) =>
      gate(() => {
        if (packUses.has(bookingId)) return true;
        const credit = candidate(state, contactId);
        if (!credit) return false;
        credit.remaining -= 1;
        packUses.set(bookingId, credit.id);
        return true;
      }),
    restore: (bookingId) =>
      gate(() => {
        const creditId = packUses.get(bookingId);
        if (creditId === undefined) return false;
        packUses.delete(bookingId);
        const credit = packCredits.get(creditId);
        if (credit?.status === 'active') credit.remaining += 1;
        return true;
      }),
  };
}

export function createPaymentRecordRepository(state: MemoryState, gate: Gate): PaymentRecordRepository {
  const { paymentEvents, paymentLinks } = state;
  return {
    recordEvent: (eventId, type) =>
      gate(() => {
        if (paymentEvents.has(eventId)) return false;
        paymentEvents.set(eventId, type);
        return true;
      }),
    forgetEvent: (eventId) =>
      gate(() => {
        paymentEvents.delete(eventId);
      }),
    linkPayment: (link) =>
      gate(() => {
        if (!paymentLinks.has(link.paymentId)) paymentLinks.set(link.paymentId, copy(link));
      }),
    paymentLink: (paymentId) => gate(() => copy(paymentLinks.get(paymentId) ?? null)),
  };
}
