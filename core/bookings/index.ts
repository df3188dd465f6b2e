/** Classes and bookings: what the rest of Kora uses (server wiring, admin routes, channels, webhooks). */
export { BookingChat } from './chat.js';
export { type ClassInput, createClass, deleteClass, updateClass } from './classes-admin.js';
export type {
  BookingPaymentEvents,
  Checkout,
  CheckoutRequest,
  PackCredits,
  PaymentProvider,
  PaymentRef,
} from './payment-port.js';
export { sessionsIn, toSession } from './schedule-view.js';
export { type BookingServiceDeps, BookingService } from './service.js';
export { type BookingSettings, readBookingSettings, writeBookingSettings } from './settings.js';
export { sweepBookings } from './sweeper.js';
export type * from './types.js';
