/** Packs (N sessions bought once) and a contact's credit of them (CONTRACT.md "Classes and bookings"). */
import type { Price } from '../bookings/types.js';

export interface Pack {
  id: string;
  name: string;
  /** Sessions one purchase gives. */
  sessions: number;
  price: Price;
  createdAt: string;
  updatedAt: string;
}

/**
 * `pending`: the Checkout link was sent, not paid yet; `active`: paid (or granted by the coach);
 * `expired`: the checkout ran out unpaid; `refunded`: the payment was refunded (no session left).
 */
export type PackCreditStatus = 'pending' | 'active' | 'expired' | 'refunded';

/** One purchase of a pack by a contact: `remaining` falls by one at each booking of a `pack` class. */
export interface PackCredit {
  id: string;
  packId: string;
  contactId: string;
  /** The pack's name when bought (the pack may be renamed later). */
  name: string;
  sessions: number;
  remaining: number;
  status: PackCreditStatus;
  /** The Stripe Checkout session's id; null for a credit the coach granted by hand. */
  checkoutId: string | null;
  paymentUrl: string | null;
  /** The conversation the purchase was made in (its confirmation goes there). */
  conversationId: string | null;
  createdAt: string;
  paidAt: string | null;
}
