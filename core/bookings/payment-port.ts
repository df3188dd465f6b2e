/**
 * The port between bookings and an online payment provider (Stripe Checkout in bots/ or server/).
 * Core creates a checkout when an `online` booking is made and holds the place until `expiresAt`;
 * the provider's webhook calls back through `BookingPaymentEvents`. With no provider configured, an
 * `online` class shows the coach's static payment links (as before) and is marked paid by hand.
 */
import type { Booking } from './types.js';

export interface CheckoutRequest {
  bookingId: string;
  /** Whole currency units (`25` = CHF 25.00; decimals allowed); the provider converts to minor units. */
  amount: number;
  /** ISO 4217, upper case (`CHF`). */
  currency: string;
  /** What the customer pays for ("Yoga — Tue 18 Mar 18:30"). */
  description: string;
  /** ISO instant: the provider must stop accepting payment by then (the hold's end). */
  expiresAt: string;
  successUrl: string;
  cancelUrl: string;
}

export interface Checkout {
  /** The provider's id (Stripe `cs_…`), stored on the booking so a webhook finds it. */
  id: string;
  /** Where the customer pays. */
  url: string;
}

export interface PaymentProvider {
  /** Creates a checkout; throws (any error) when the provider refuses or cannot be reached. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /**
   * Closes a checkout nobody may pay any more (its booking's hold ended first); nothing when it is
   * already closed. Optional: a provider without it relies on refunding a late payment.
   */
  cancelCheckout?(checkoutId: string): Promise<void>;
}

/** Which booking a provider event is about: ours, or the provider's checkout id. */
export type PaymentRef = { bookingId: string } | { checkoutId: string };

/**
 * What a provider's webhook calls (implemented by the booking service). Each is idempotent: the same
 * event delivered twice changes nothing the second time. Null: no booking matches the reference.
 */
export interface BookingPaymentEvents {
  /**
   * The booking is paid: it keeps its place, its hold ends. A booking already cancelled (its hold ran
   * out first) stays cancelled and is returned as is, `paid` false: the caller refunds the payment.
   */
  markPaid(ref: PaymentRef): Promise<Booking | null>;
  /** The checkout expired unpaid (`checkout.session.expired`): cancels with reason `payment_expired`, frees the place. */
  expire(ref: PaymentRef): Promise<Booking | null>;
  /** The payment was refunded: cancels with reason `refunded`, frees the place. */
  refund(ref: PaymentRef): Promise<Booking | null>;
}

/**
 * Pack credits (a `pack` class takes one session of the contact's pack). Implemented where packs are
 * stored; both calls are idempotent per booking.
 */
export interface PackCredits {
  /** Takes one session for `bookingId`; false when the contact has none left. */
  consume(contactId: string, bookingId: string): Promise<boolean>;
  /** Gives back the session `bookingId` took (cancelled booking); false when it took none. */
  restore(bookingId: string): Promise<boolean>;
}
