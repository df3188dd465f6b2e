/**
 * /api/admin/classes, /sessions, /bookings (CONTRACT.md "Classes and bookings"). Shapes are checked by
 * zod here, meaning by core/bookings; a 400 names the field and changes nothing.
 */
import { type RequestHandler, Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import { createClass, deleteClass, updateClass } from '../../core/bookings/classes-admin.js';
import { sessionsIn, toSession } from '../../core/bookings/schedule-view.js';
import type { BookingService } from '../../core/bookings/service.js';
import { readBookingSettings, writeBookingSettings } from '../../core/bookings/settings.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { parseInput } from '../http/validate.js';
import { actorOf } from './auth/auth-routes.js';
import { boundary, storeQuery } from './booking-query.js';
import { shown, withPeople } from './booking-view.js';
import {
  bookingSettingsSchema,
  bookingsQuery,
  checkInSchema,
  classCreateSchema,
  classPatchSchema,
  sessionsQuery,
} from './booking-schemas.js';
import { BOM, neutralize } from './contacts-csv.js';
import { type AdminDeps, audit } from './context.js';

const DEFAULT_DAYS = 14;
const EXPORT_PAGE = 500;

export function classRoutes(deps: AdminDeps): Router {
  const router = Router();
  const core = { store: deps.store, ids: deps.ids, clock: deps.clock, timeZone: deps.timeZone };
  router.get('/', async (_req, res) => {
    res.json({ items: await deps.store.classes.list() });
  });
  router.post('/', async (req, res) => {
    const created = await createClass(core, parseInput(classCreateSchema, req.body));
    await audit(deps, actorOf(req, res), 'classes.create', created.id);
    res.status(201).json(created);
  });
  router.get('/:id', async (req, res) => {
    const found = await deps.store.classes.get(req.params.id);
    if (!found) throw new NotFoundError('No such class', 'id');
    res.json(found);
  });
  router.patch('/:id', async (req, res) => {
    const patch = parseInput(classPatchSchema, req.body);
    const updated = await updateClass(core, req.params.id, patch);
    // More places: the people waiting are offered them.
    if (patch.capacity !== undefined && deps.bookings) await deps.bookings.offerRaisedCapacity(updated);
    await audit(deps, actorOf(req, res), 'classes.update', updated.id);
    res.json(updated);
  });
  router.delete('/:id', async (req, res) => {
    await deleteClass(core, req.params.id);
    await audit(deps, actorOf(req, res), 'classes.delete', req.params.id);
    res.status(204).end();
  });
  return router;
}

export function sessionRoutes(deps: AdminDeps, bookings: BookingService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(sessionsQuery, { ...req.query });
    const now = deps.clock.now();
    const from = boundary(query.from, now, deps.timeZone, 'from');
    const to = boundary(query.to, new Date(from.getTime() + DEFAULT_DAYS * 86_400_000), deps.timeZone, 'to');
    if (to <= from) throw new ValidationError('to: must be after from', 'to');
    if (to.getTime() - from.getTime() > 366 * 86_400_000)
      throw new ValidationError('to: at most a year after from', 'to');
    const sessions = await sessionsIn(deps.store, from, to, deps.timeZone);
    res.json({ items: sessions.map(toSession) });
  });
  router.post('/:id/cancel', async (req, res) => {
    const cancelled = await bookings.cancelSession(req.params.id);
    await audit(deps, actorOf(req, res), 'sessions.cancel', req.params.id, { bookings: cancelled.length });
    res.json({ cancelled: cancelled.length });
  });
  return router;
}

export function bookingRoutes(deps: AdminDeps, bookings: BookingService, ownerOnly: RequestHandler): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(bookingsQuery, { ...req.query });
    const page = await deps.store.bookings.list({
      ...storeQuery(query, deps.timeZone),
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    res.json({
      items: await withPeople(deps.store, page.items),
      total: page.total,
      page: query.page,
      limit: query.limit,
    });
  });
  router.get('/export.csv', async (req, res) => {
    const { page: _p, limit: _l, ...query } = parseInput(bookingsQuery, { ...req.query });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="bookings.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.send(await bookingsCsv(deps, storeQuery(query, deps.timeZone)));
  });
  router.get('/settings', async (_req, res) => {
    res.json(await readBookingSettings(deps.store.settings));
  });
  router.put('/settings', ownerOnly, async (req, res) => {
    const saved = await writeBookingSettings(
      deps.store.settings,
      parseInput(bookingSettingsSchema, req.body),
    );
    await audit(deps, actorOf(req, res), 'bookings.settings', null);
    res.json(saved);
  });
  router.post('/check-in', async (req, res) => {
    const booking = await bookings.checkIn(parseInput(checkInSchema, req.body).code);
    await audit(deps, actorOf(req, res), 'bookings.check-in', booking.id);
    res.json({ booking: (await withPeople(deps.store, [booking]))[0] });
  });
  router.post('/:id/paid', async (req, res) => {
    const booking = await bookings.markPaidManually(req.params.id);
    await audit(deps, actorOf(req, res), 'bookings.paid', booking.id);
    res.json({ booking: shown(booking) });
  });
  router.delete('/:id', async (req, res) => {
    const booking = await bookings.cancel(req.params.id, { reason: 'coach' });
    await audit(deps, actorOf(req, res), 'bookings.cancel', booking.id);
    res.json({ booking: shown(booking) });
  });
  return router;
}

/** A contact's bookings (newest first) and how many times they did not come: the contact page's. */
export function contactBookingRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.get('/:id/bookings', async (req, res) => {
    const contact = await deps.store.contacts.get(req.params.id);
    if (!contact) throw new NotFoundError('No such contact', 'id');
    const [upcoming, noShows] = await Promise.all([
      deps.store.bookings.activeOf(contact.id, deps.clock.now().toISOString()),
      deps.store.bookings.noShows(contact.id),
    ]);
    res.json({ upcoming: upcoming.map(shown), noShows });
  });
  return router;
}

const COLUMNS = ['code', 'class', 'starts_at', 'name', 'email', 'phone', 'status', 'paid', 'booked_at'];

async function bookingsCsv(deps: AdminDeps, query: ReturnType<typeof storeQuery>): Promise<string> {
  const rows: string[][] = [];
  const titles = new Map((await deps.store.classes.list()).map((klass) => [klass.id, klass.title]));
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await deps.store.bookings.list({ ...query, offset, limit: EXPORT_PAGE });
    for (const booking of page.items) {
      const contact = await deps.store.contacts.get(booking.contactId);
      rows.push([
        booking.code,
        neutralize(titles.get(booking.classId) ?? ''),
        booking.startsAt,
        neutralize(contact?.name ?? ''),
        neutralize(contact?.email ?? ''),
        neutralize(contact?.phone ?? ''),
        booking.status,
        booking.paid ? 'yes' : 'no',
        booking.createdAt,
      ]);
    }
    if (page.items.length < EXPORT_PAGE) break;
  }
  return (
    BOM +
    stringify(rows, { header: true, columns: COLUMNS, record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
  );
}
