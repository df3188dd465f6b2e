/** Classes, their sessions (one per date) and the bookings on them (CONTRACT.md "Classes and bookings"). */

export type ClassPayment = 'free' | 'online' | 'pack' | 'manual';

export interface Price {
  /** Whole currency units (`25` = CHF 25.00; decimals allowed). */
  amount: number;
  currency: string;
}

export interface ClassRepeat {
  weekly: true;
  /** Last local date (YYYY-MM-DD, TIMEZONE) a session may fall on; none: no end. */
  until?: string;
  /** Local dates (YYYY-MM-DD) with no session. */
  except: string[];
}

export interface ClassDef {
  id: string;
  title: string;
  description: string;
  place: string;
  /** The first session's start (ISO instant); a weekly class repeats its wall-clock time in TIMEZONE. */
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  price: Price | null;
  payment: ClassPayment;
  repeat: ClassRepeat | null;
  /** Minutes before a session when each reminder goes ([1440, 120] by default). */
  reminders: number[];
  createdAt: string;
  updatedAt: string;
}

/**
 * One date of a class. Its id is `<classId>-<YYYYMMDD>` (the local date), so it is stable whatever
 * is stored: the row exists once someone booked or the coach cancelled it.
 */
export interface ClassSession {
  id: string;
  classId: string;
  title: string;
  startsAt: string;
  capacity: number;
  /** Places held (booked, offered, checked in, no-show). */
  booked: number;
  waiting: number;
  cancelled: boolean;
}

export type BookingStatus = 'booked' | 'waiting' | 'offered' | 'cancelled' | 'checked_in' | 'no_show';

/** Why a booking was cancelled. */
export type CancelReason =
  | 'customer'
  | 'coach'
  | 'session_cancelled'
  | 'payment_expired'
  | 'offer_expired'
  | 'refunded';

export interface Booking {
  id: string;
  /** Short code the customer shows at check-in (also in the QR code). */
  code: string;
  sessionId: string;
  classId: string;
  contactId: string;
  /** The conversation the booking was made in: confirmations and reminders go there. */
  conversationId: string | null;
  status: BookingStatus;
  paid: boolean;
  /** The online checkout's id (provider's), once one was created. */
  checkoutId: string | null;
  paymentUrl: string | null;
  /** An unpaid online booking holds its place until then. */
  holdUntil: string | null;
  /** An `offered` booking may be accepted until then. */
  offerExpiresAt: string | null;
  cancelReason: CancelReason | null;
  /** The session's start, copied so reminders and lists need no join. */
  startsAt: string;
  createdAt: string;
  updatedAt: string;
}
