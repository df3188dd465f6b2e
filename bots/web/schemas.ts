/** Every `/chat` payload, validated before anything is stored (CONTRACT.md: limits included). */
import { z } from 'zod';

export const MAX_TEXT = 4_096;
const id = z.string().trim().min(1).max(100);

export const joinSchema = z.strictObject({
  link: z.string().trim().min(1).max(200).optional(),
  group: id.optional(),
  name: z.string().trim().min(1).max(80),
  email: z.string().trim().max(320).email().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ().-]{6,24}$/, 'is not a phone number')
    .optional(),
});

export const conversationsSchema = z.strictObject({});

export const historySchema = z.strictObject({
  conversationId: id,
  before: id.optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

export const sendSchema = z.strictObject({
  conversationId: id,
  text: z
    .string()
    .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
    .refine((text) => text.trim().length > 0, 'must not be empty'),
  clientMessageId: id,
});

export const directOpenSchema = z.strictObject({ memberId: id });
export const typingSchema = z.strictObject({ conversationId: id });
/** Leaves a group (the only kind of conversation a member can leave). */
export const leaveSchema = z.strictObject({ conversationId: id });
export const readSchema = z.strictObject({ conversationId: id, messageId: id });

export const sessionsSchema = z.strictObject({
  conversationId: id,
  from: z.string().trim().max(40).optional(),
  to: z.string().trim().max(40).optional(),
});
export const bookSchema = z.strictObject({ conversationId: id, sessionId: id });
export const cancelBookingSchema = z.strictObject({ bookingId: id });
export const actionSchema = z.strictObject({
  conversationId: id,
  messageId: id,
  actionId: z.string().trim().min(1).max(100),
});
