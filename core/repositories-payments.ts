/** Ports of packs and of online payments' bookkeeping (see repositories.ts). */
import type { PackCredits } from './bookings/payment-port.js';
import type { Pack, PackCredit } from './payments/types.js';

/**
 * Packs and the contacts' credits of them. `consume` and `restore` (the bookings' PackCredits port)
 * are each one atomic unit, idempotent per booking: a credit's `remaining` never goes below 0, however
 * many bookings take from it at once.
 */
export interface PackRepository extends PackCredits {
  create(pack: Pack): Promise<Pack>;
  get(id: string): Promise<Pack | null>;
  /** Oldest first. */
  list(): Promise<Pack[]>;
  createCredit(credit: PackCredit): Promise<PackCredit>;
  getCredit(id: string): Promise<PackCredit | null>;
  creditByCheckout(checkoutId: string): Promise<PackCredit | null>;
  /** Records the checkout made for a pending credit. */
  setCheckout(creditId: string, checkoutId: string, paymentUrl: string): Promise<void>;
  /**
   * `from` → `to` for the credit of `checkoutId` (compare-and-set); `paidAt` with `active`, and no
   * session left with `refunded`. The credit after it, or null when it was not in a `from` state.
   */
  moveCredit(
    checkoutId: string,
    from: readonly PackCredit['status'][],
    to: PackCredit['status'],
    at: string,
  ): Promise<PackCredit | null>;
  /** A contact's credits, newest first. */
  creditsOf(contactId: string): Promise<PackCredit[]>;
}

/** Which of our objects a provider's payment is for. */
export interface PaymentLink {
  /** The provider's payment id (Stripe `pi_…`), which refunds name. */
  paymentId: string;
  checkoutId: string;
  purpose: 'booking' | 'pack';
}

/** What the payment webhook keeps so that a redelivered event is applied once and a refund is placed. */
export interface PaymentRecordRepository {
  /** Records an event id; false when it was recorded before (a redelivery: apply nothing). */
  recordEvent(eventId: string, type: string, at: string): Promise<boolean>;
  /** Forgets an event whose handling failed, so that the provider's retry applies it. */
  forgetEvent(eventId: string): Promise<void>;
  /** Remembers which checkout a payment paid (the first write wins). */
  linkPayment(link: PaymentLink, at: string): Promise<void>;
  paymentLink(paymentId: string): Promise<PaymentLink | null>;
}
