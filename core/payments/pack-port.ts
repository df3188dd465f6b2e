/**
 * The online payment port for packs, beside the bookings' (core/bookings/payment-port.ts): the same
 * checkout, for a pack credit instead of a booking.
 */
import type { Checkout } from '../bookings/payment-port.js';

export interface PackCheckoutRequest {
  /** The pending credit the payment will activate. */
  creditId: string;
  /** Whole currency units; the provider converts to minor units. */
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  description: string;
  /** ISO instant: the checkout stops accepting payment by then. */
  expiresAt: string;
  successUrl: string;
  cancelUrl: string;
}

export interface PackPaymentProvider {
  /** Creates a checkout; throws when the provider refuses or cannot be reached. */
  createPackCheckout(request: PackCheckoutRequest): Promise<Checkout>;
}
