/**
 * GET|PUT /api/admin/business-hours (owner): the weekly opening times in TIMEZONE and the away message
 * (core/business-hours.ts). PUT replaces them whole; GET also says the time zone they are read in.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  type BusinessHours,
  clockMinutes,
  loadBusinessHours,
  saveBusinessHours,
  WEEKDAYS,
} from '../../core/business-hours.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { type AdminDeps, audit } from './context.js';

const CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const clock = z.string().regex(CLOCK, 'a time as HH:MM (00:00 to 24:00)');

// zod runs refinements even when a time is malformed: those already failed on their own field.
const minutes = (time: string) => (CLOCK.test(time) ? clockMinutes(time) : Number.NaN);

const interval = z
  .strictObject({ from: clock, to: clock })
  .refine((value) => !(minutes(value.to) <= minutes(value.from)), {
    message: 'must end after it starts',
    path: ['to'],
  });

const day = z
  .array(interval)
  .max(6)
  .refine((intervals) => {
    const sorted = [...intervals].sort((a, b) => minutes(a.from) - minutes(b.from));
    return sorted.every((item, i) => i === 0 || !(minutes(item.from) < minutes(sorted[i - 1]!.to)));
  }, 'the intervals of a day must not overlap');

export const businessHoursSchema = z
  .strictObject({
    enabled: z.boolean(),
    weekly: z.strictObject(
      Object.fromEntries(WEEKDAYS.map((name) => [name, day])) as Record<
        (typeof WEEKDAYS)[number],
        typeof day
      >,
    ),
    awayMessage: z.string().trim().max(1000),
  })
  .refine((hours) => !hours.enabled || WEEKDAYS.some((name) => hours.weekly[name].length > 0), {
    message: 'give at least one opening time, or turn business hours off',
    path: ['weekly'],
  });

export function businessHoursRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json({ ...(await loadBusinessHours(deps.store.settings)), timeZone: deps.timeZone });
  });
  router.put('/', async (req, res) => {
    const hours: BusinessHours = parseInput(businessHoursSchema, req.body);
    await saveBusinessHours(deps.store.settings, hours);
    await audit(deps, actorOf(req, res), 'business-hours.update', null, { enabled: hours.enabled });
    res.json({ ...hours, timeZone: deps.timeZone });
  });
  return router;
}
