/**
 * The coach's classes: create, change, delete. Shape is checked at the edge (zod, server/admin); the
 * meaning here: the first start is an instant (a time without offset is TIMEZONE's wall clock), an
 * online class has a price, and a class with bookings to come is not deleted (its sessions are
 * cancelled first, which tells the people booked).
 */
import { parseScheduleTime } from '../campaigns/schedule.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Clock, IdGenerator } from '../ids.js';
import type { Store } from '../repositories.js';
import { sessionsBetween } from './calendar.js';
import type { ClassDef, ClassPayment, ClassRepeat, Price } from './types.js';

export interface ClassInput {
  title: string;
  description?: string;
  place?: string;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  price?: Price | null;
  payment: ClassPayment;
  repeat?: { weekly: true; until?: string; except?: string[] } | null;
  reminders?: number[];
}

export interface ClassAdminDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  timeZone: string;
}

export const DEFAULT_REMINDERS = [1440, 120];
/** How far ahead a moved class carries its booked sessions along (bookings are made weeks ahead, not years). */
const MOVE_HORIZON_MS = 366 * 86_400_000;

function instant(value: string, timeZone: string): string {
  const at = parseScheduleTime(value, timeZone);
  if (!at) throw new ValidationError('startsAt: must be an ISO date-time (YYYY-MM-DDTHH:MM)', 'startsAt');
  // Sessions repeat a wall-clock HH:MM: seconds would be dropped from every session but the first.
  if (at.getTime() % 60_000 !== 0)
    throw new ValidationError('startsAt: must be on a whole minute', 'startsAt');
  return at.toISOString();
}

function repeatOf(input: ClassInput['repeat']): ClassRepeat | null {
  if (!input) return null;
  return {
    weekly: true,
    ...(input.until ? { until: input.until } : {}),
    except: [...new Set(input.except ?? [])].sort(),
  };
}

function checkPayment(payment: ClassPayment, price: Price | null): void {
  if ((payment === 'online' || payment === 'manual') && !price)
    throw new ValidationError(`price: a ${payment} class needs a price`, 'price');
}

export async function createClass(deps: ClassAdminDeps, input: ClassInput): Promise<ClassDef> {
  const now = deps.clock.now().toISOString();
  const price = input.price ?? null;
  checkPayment(input.payment, price);
  return deps.store.classes.create({
    id: deps.ids.next(),
    title: input.title,
    description: input.description ?? '',
    place: input.place ?? '',
    startsAt: instant(input.startsAt, deps.timeZone),
    durationMinutes: input.durationMinutes,
    capacity: input.capacity,
    price,
    payment: input.payment,
    repeat: repeatOf(input.repeat),
    reminders: input.reminders ?? DEFAULT_REMINDERS,
    createdAt: now,
    updatedAt: now,
  });
}

export async function updateClass(
  deps: ClassAdminDeps,
  id: string,
  patch: Partial<ClassInput>,
): Promise<ClassDef> {
  const current = await deps.store.classes.get(id);
  if (!current) throw new NotFoundError('No such class', 'id');
  const next: Partial<ClassDef> = { updatedAt: deps.clock.now().toISOString() };
  for (const key of [
    'title',
    'description',
    'place',
    'durationMinutes',
    'capacity',
    'payment',
    'reminders',
  ] as const)
    if (patch[key] !== undefined) (next as Record<string, unknown>)[key] = patch[key];
  if (patch.startsAt !== undefined) next.startsAt = instant(patch.startsAt, deps.timeZone);
  if (patch.price !== undefined) next.price = patch.price;
  if (patch.repeat !== undefined) next.repeat = repeatOf(patch.repeat);
  checkPayment(next.payment ?? current.payment, next.price === undefined ? current.price : next.price);
  const updated = (await deps.store.classes.update(id, next))!;
  if (next.startsAt !== undefined) await moveBookedSessions(deps, updated);
  return updated;
}

/**
 * A class moved to another time: its sessions already booked (same dates) take the new time, their
 * bookings too (reminders follow). A session whose date the class no longer has keeps its bookings as
 * they are, for the coach to cancel.
 */
async function moveBookedSessions(deps: ClassAdminDeps, klass: ClassDef): Promise<void> {
  const now = deps.clock.now();
  const ahead = sessionsBetween(klass, now, new Date(now.getTime() + MOVE_HORIZON_MS), deps.timeZone);
  const stored = new Map((await deps.store.bookings.sessions(ahead.map((s) => s.id))).map((s) => [s.id, s]));
  for (const session of ahead) {
    const state = stored.get(session.id);
    if (state && state.startsAt !== session.startsAt)
      await deps.store.bookings.ensureSession({
        id: session.id,
        classId: klass.id,
        startsAt: session.startsAt,
      });
  }
}

export async function deleteClass(deps: ClassAdminDeps, id: string): Promise<void> {
  const current = await deps.store.classes.get(id);
  if (!current) throw new NotFoundError('No such class', 'id');
  const active = await deps.store.bookings.activeCount(id, deps.clock.now().toISOString());
  if (active > 0)
    throw new ConflictError(`This class has ${active} booking(s) to come: cancel its sessions first`, 'id');
  await deps.store.classes.delete(id);
}
