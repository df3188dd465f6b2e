/** The admin API's bodies and queries for classes, sessions and bookings (one zod schema each). */
import { z } from 'zod';
import { CLOCK_TIME } from '../../core/campaigns/quiet-hours.js';
import { pageFields } from './schemas.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');
const clockTime = z.string().regex(CLOCK_TIME, 'must be a time of day as HH:MM (00:00 to 23:59)');

const classFields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4_000).optional(),
  place: z.string().max(400).optional(),
  startsAt: z.string().trim().min(1).max(40),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  capacity: z.number().int().min(1).max(10_000),
  price: z
    .strictObject({
      amount: z.number().positive().max(1_000_000),
      currency: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{3}$/, 'must be a 3-letter currency code')
        .transform((code) => code.toUpperCase()),
    })
    .nullable()
    .optional(),
  payment: z.enum(['free', 'online', 'pack', 'manual']),
  repeat: z
    .strictObject({
      weekly: z.literal(true),
      until: date.optional(),
      except: z.array(date).max(500).optional(),
    })
    .nullable()
    .optional(),
  reminders: z
    .array(
      z
        .number()
        .int()
        .min(1)
        .max(14 * 24 * 60),
    )
    .max(5)
    .refine((list) => new Set(list).size === list.length, 'lists a reminder twice')
    .optional(),
};

export const classCreateSchema = z.strictObject(classFields);
export const classPatchSchema = z.strictObject(classFields).partial();

export const sessionsQuery = z.strictObject({
  from: z.string().trim().max(40).optional(),
  to: z.string().trim().max(40).optional(),
});

export const bookingsQuery = z.strictObject({
  query: z.string().trim().max(200).optional(),
  sessionId: z.string().trim().max(100).optional(),
  status: z.enum(['booked', 'waiting', 'offered', 'cancelled', 'checked_in', 'no_show']).optional(),
  paid: z.enum(['true', 'false']).optional(),
  ...pageFields,
});

export const checkInSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

export const bookingSettingsSchema = z.strictObject({
  holdMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  offerMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60),
  quietHours: z
    .strictObject({ from: clockTime, to: clockTime })
    .refine((quiet) => quiet.from !== quiet.to, { message: 'must differ from quietHours.from', path: ['to'] })
    .nullable(),
});
