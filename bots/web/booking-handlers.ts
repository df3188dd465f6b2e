/**
 * The web chat's booking requests (CONTRACT.md `/chat`: sessions, book, cancel-booking, action). A
 * booking is made by core's booking service, never by the assistant; `action` is a button of a
 * message, stored as the customer's choice and routed like typing it.
 */
import type { z } from 'zod';
import { parseScheduleTime } from '../../core/campaigns/schedule.js';
import type { BookingChat } from '../../core/bookings/chat.js';
import type { BookingService } from '../../core/bookings/service.js';
import type { Booking } from '../../core/bookings/types.js';
import { NotFoundError, RateLimitedError, ValidationError } from '../../core/errors.js';
import { toPublicMessage } from '../../core/messages.js';
import type { Conversation } from '../../core/types.js';
import { type ChatDeps, member, requireConversation } from './handlers.js';
import type { actionSchema, bookSchema, cancelBookingSchema, sessionsSchema } from './schemas.js';

export interface BookingChatDeps {
  service: BookingService;
  chat: BookingChat;
}

const DAY_MS = 86_400_000;

function bookings(deps: ChatDeps): BookingChatDeps {
  if (!deps.bookings) throw new NotFoundError('bookings are not available here');
  return deps.bookings;
}

async function assistantConversation(deps: ChatDeps, memberId: string, conversationId: string) {
  const found = await requireConversation(deps, memberId, conversationId);
  if (found.conversation.kind !== 'assistant')
    throw new ValidationError(
      'conversationId: bookings are made in a conversation with the business',
      'conversationId',
    );
  return found;
}

function instant(value: string | undefined, fallback: Date, timeZone: string, field: string): Date {
  if (value === undefined) return fallback;
  const at = parseScheduleTime(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00` : value, timeZone);
  if (!at) throw new ValidationError(`${field}: must be an ISO date or date-time`, field);
  return at;
}

export async function sessions(deps: ChatDeps, input: z.output<typeof sessionsSchema>, memberId: string) {
  const { service, chat } = bookings(deps);
  const { conversation } = await assistantConversation(deps, memberId, input.conversationId);
  const now = deps.now();
  const from = instant(input.from, now, service.deps.timeZone, 'from');
  const to = instant(input.to, new Date(from.getTime() + 14 * DAY_MS), service.deps.timeZone, 'to');
  const bookable = (await chat.bookable(conversation)).filter(
    (s) =>
      Date.parse(s.startsAt) >= Math.max(from.getTime(), now.getTime()) &&
      Date.parse(s.startsAt) < to.getTime(),
  );
  return { sessions: bookable.map((s) => publicSession(conversation, s)) };
}

function publicSession(conversation: Conversation, s: Awaited<ReturnType<BookingChat['bookable']>>[number]) {
  const base = { id: s.id, title: s.title, startsAt: s.startsAt, placesLeft: s.placesLeft };
  // STRICT: never a price (and only free classes are listed there anyway).
  return conversation.mode === 'standard' && s.klass.price ? { ...base, price: s.klass.price } : base;
}

const shown = (booking: Booking) => ({
  id: booking.id,
  code: booking.code,
  status: booking.status,
  sessionId: booking.sessionId,
  startsAt: booking.startsAt,
  ...(booking.paymentUrl ? { paymentUrl: booking.paymentUrl } : {}),
});

export async function book(deps: ChatDeps, input: z.output<typeof bookSchema>, memberId: string) {
  if (!deps.limiter.take(memberId, deps.now().getTime()))
    throw new RateLimitedError('too many requests: wait a few seconds', 10);
  const { service } = bookings(deps);
  const { contact, conversation } = await assistantConversation(deps, memberId, input.conversationId);
  const booking = await service.book({
    contactId: contact.id,
    conversationId: conversation.id,
    sessionId: input.sessionId,
    strict: conversation.mode === 'strict',
  });
  return { booking: shown(booking) };
}

export async function cancelBooking(
  deps: ChatDeps,
  input: z.output<typeof cancelBookingSchema>,
  memberId: string,
) {
  const { service } = bookings(deps);
  const contact = await member(deps, memberId);
  const booking = await service.cancel(input.bookingId, { contactId: contact.id, reason: 'customer' });
  return { booking: shown(booking) };
}

export async function action(deps: ChatDeps, input: z.output<typeof actionSchema>, memberId: string) {
  if (!deps.limiter.take(memberId, deps.now().getTime()))
    throw new RateLimitedError('too many messages: wait a few seconds', 10);
  await requireConversation(deps, memberId, input.conversationId);
  const message = await deps.store.messages.get(input.messageId);
  const chosen = message?.conversationId === input.conversationId ? message.actions : undefined;
  const button = chosen?.find((a) => a.id === input.actionId);
  if (!message || message.sender.type === 'contact' || !button)
    throw new NotFoundError('no such button', 'actionId');
  const result = await deps.engine.ingest({
    type: 'button',
    channel: 'web',
    from: { externalId: memberId },
    conversationId: input.conversationId,
    // The same button pressed twice is one choice.
    clientMessageId: `action:${message.id}:${button.id}`.slice(0, 100),
    payload: button.id,
    text: button.label,
  });
  if (result.type !== 'message') throw new Error('action stored no message');
  return { message: toPublicMessage(result.message), duplicate: result.duplicate };
}
