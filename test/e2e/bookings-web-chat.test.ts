/** Booking from the web chat, end to end: socket.io requests, buttons, typed requests, the admin API. */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

const TZ = 'Europe/Zurich';
const FR_DAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];

let app: TestApp;
let cookie: string;
let standard: string;
let strict: string;
const sockets: Socket[] = [];

interface Msg {
  id: string;
  text: string;
  sender: { type: string };
  media?: { url: string }[];
  actions?: { id: string; label: string }[];
}

/** Every message the socket receives, to wait on. */
function inbox(socket: Socket): Msg[] {
  const seen: Msg[] = [];
  socket.on('message', (event: { message: Msg }) => seen.push(event.message));
  return seen;
}

async function member(link: string, name: string) {
  const joined = await joinThroughLink(app.url, link, name);
  sockets.push(joined.socket);
  return { ...joined, seen: inbox(joined.socket) };
}

async function post(path: string, body: unknown) {
  return adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
}

/** Local date (days from today) at HH:MM, as a naive wall-clock time in TZ. */
function localAt(days: number, time: string): string {
  return `${localParts(new Date(Date.now() + days * 86_400_000), TZ).date}T${time}`;
}

async function createClass(overrides: Record<string, unknown>) {
  const created = await post('/api/admin/classes', {
    title: 'Yoga doux',
    startsAt: localAt(2, '18:30'),
    durationMinutes: 60,
    capacity: 2,
    payment: 'manual',
    price: { amount: 25, currency: 'chf' },
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body as { id: string; startsAt: string };
}

async function sessionOf(classId: string) {
  const list = await adminFetch(app.url, cookie, '/api/admin/sessions');
  return (list.body.items as { id: string; classId: string; booked: number; waiting: number }[]).find(
    (s) => s.classId === classId,
  )!;
}

beforeAll(async () => {
  app = await startTestApp({ env: { TIMEZONE: TZ } });
  cookie = await app.login();
  standard = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
  strict = (await post('/api/admin/links', { name: 'Partner', mode: 'strict', customPrompt: 'Be brief.' }))
    .body.token;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe('bookings in the web chat', () => {
  it('lists sessions, books with a code and a QR code, then waits when full, and offers a freed place', async () => {
    const klass = await createClass({ title: 'Pilates', capacity: 1 });
    const ada = await member(standard, 'Ada');
    const listed = await request<{ sessions: { id: string; placesLeft: number; price?: unknown }[] }>(
      ada.socket,
      'sessions',
      { conversationId: ada.conversationId },
    );
    expect(listed.ok).toBe(true);
    const session = listed.ok ? listed.sessions.find((s) => s.id.startsWith(klass.id)) : undefined;
    expect(session).toMatchObject({ placesLeft: 1, price: { amount: 25, currency: 'CHF' } });

    const booked = await request<{ booking: { id: string; code: string; status: string } }>(
      ada.socket,
      'book',
      {
        conversationId: ada.conversationId,
        sessionId: session!.id,
      },
    );
    expect(booked.ok && booked.booking.status).toBe('booked');
    const code = booked.ok ? booked.booking.code : '';
    const confirmation = await waitFor(() => ada.seen.find((m) => m.text.includes(code)));
    expect(confirmation.actions?.[0]?.id).toBe(`cancel:${booked.ok && booked.booking.id}`);
    const qr = await fetch(new URL(new URL(confirmation.media![0]!.url).pathname, app.url));
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toBe('image/png');

    const bob = await member(standard, 'Bob');
    const waiting = await request<{ booking: { id: string; status: string } }>(bob.socket, 'book', {
      conversationId: bob.conversationId,
      sessionId: session!.id,
    });
    expect(waiting.ok && waiting.booking.status).toBe('waiting');

    // Bob may not cancel Ada's booking: not found, nothing changes.
    const foreign = await request(bob.socket, 'cancel-booking', {
      bookingId: booked.ok && booked.booking.id,
    });
    expect(foreign.ok).toBe(false);
    expect((await sessionOf(klass.id)).booked).toBe(1);

    expect(
      (await request(ada.socket, 'cancel-booking', { bookingId: booked.ok && booked.booking.id })).ok,
    ).toBe(true);
    const offer = await waitFor(() =>
      bob.seen.find((m) => m.actions?.some((a) => a.id.startsWith('accept:'))),
    );
    const accept = offer.actions!.find((a) => a.id.startsWith('accept:'))!;
    const pressed = await request(bob.socket, 'action', {
      conversationId: bob.conversationId,
      messageId: offer.id,
      actionId: accept.id,
    });
    expect(pressed.ok).toBe(true);
    await waitFor(async () => {
      const list = await adminFetch(
        app.url,
        cookie,
        `/api/admin/bookings?sessionId=${session!.id}&status=booked`,
      );
      return list.body.total === 1 && list.body.items[0].contactId !== undefined ? list : null;
    });
    const confirmed = await waitFor(() => bob.seen.find((m) => /Votre code|Your code/.test(m.text)));
    expect(confirmed.text).toMatch(/[A-HJKMNP-Z]{6}/);
  });

  it('books "je veux réserver <jour> 18h30" typed in the chat, by code, and cancels on CANCEL', async () => {
    const klass = await createClass({ title: 'Yin', startsAt: localAt(3, '18:30'), capacity: 5 });
    const day = FR_DAYS[new Date(`${localAt(3, '12:00').slice(0, 10)}T12:00:00Z`).getUTCDay()]!;
    const eve = await member(standard, 'Ève');
    await request(eve.socket, 'send', {
      conversationId: eve.conversationId,
      text: `Bonjour, je veux réserver ${day} 18h30`,
      clientMessageId: 'b-1',
    });
    const done = await waitFor(() =>
      eve.seen.find((m) => m.sender.type === 'assistant' && /Votre code/.test(m.text)),
    );
    expect(done.text).toContain('Yin');
    expect((await sessionOf(klass.id)).booked).toBe(1);
    await request(eve.socket, 'send', {
      conversationId: eve.conversationId,
      text: 'ANNULER',
      clientMessageId: 'b-2',
    });
    await waitFor(() => eve.seen.find((m) => /annulée/.test(m.text)));
    expect((await sessionOf(klass.id)).booked).toBe(0);
  });

  it('offers sessions as buttons and books the one chosen by its number', async () => {
    await createClass({
      title: 'Qi gong',
      startsAt: localAt(1, '07:15'),
      capacity: 4,
      payment: 'free',
      price: null,
    });
    const fay = await member(standard, 'Fay');
    await request(fay.socket, 'send', {
      conversationId: fay.conversationId,
      text: 'Quels cours avez-vous ?',
      clientMessageId: 'n-1',
    });
    const list = await waitFor(() => fay.seen.find((m) => m.actions?.some((a) => a.id.startsWith('book:'))));
    const index = list.actions!.findIndex((a) => a.label.startsWith('Qi gong'));
    await request(fay.socket, 'send', {
      conversationId: fay.conversationId,
      text: String(index + 1),
      clientMessageId: 'n-2',
    });
    const done = await waitFor(() => fay.seen.find((m) => /Votre code/.test(m.text)));
    expect(done.text).toContain('Qi gong');
  });

  it('on a STRICT link lists only free classes, never a price, and refuses a paid one', async () => {
    const paid = await createClass({ title: 'Atelier payant', startsAt: localAt(4, '10:00') });
    const free = await createClass({
      title: 'Séance découverte',
      startsAt: localAt(4, '11:00'),
      payment: 'free',
      price: null,
    });
    const gil = await member(strict, 'Gil');
    const listed = await request<{ sessions: Record<string, unknown>[] }>(gil.socket, 'sessions', {
      conversationId: gil.conversationId,
    });
    const sessions = listed.ok ? listed.sessions : [];
    expect(sessions.some((s) => String(s.id).startsWith(paid.id))).toBe(false);
    expect(sessions.every((s) => !('price' in s))).toBe(true);
    const freeSession = sessions.find((s) => String(s.id).startsWith(free.id))!;
    const refused = await request(gil.socket, 'book', {
      conversationId: gil.conversationId,
      sessionId: `${paid.id}-${localAt(4, '10:00').slice(0, 10).replaceAll('-', '')}`,
    });
    expect(refused.ok).toBe(false);
    const booked = await request<{ booking: { code: string } }>(gil.socket, 'book', {
      conversationId: gil.conversationId,
      sessionId: freeSession.id,
    });
    expect(booked.ok).toBe(true);
    const code = booked.ok ? booked.booking.code : '';
    const confirmation = await waitFor(() => gil.seen.find((m) => m.text.includes(code)));
    // The STRICT guard had nothing to remove: the date, time and code pass it untouched.
    const stored = await adminFetch(
      app.url,
      cookie,
      `/api/admin/conversations/${gil.conversationId}/messages`,
    );
    const message = (stored.body.items ?? stored.body.messages).find((m: Msg) => m.id === confirmation.id);
    expect(message.guard ?? []).toEqual([]);
    expect(confirmation.text).not.toMatch(/CHF|€|\$/);
  });

  it('checks in by code (404 unknown, 409 twice), searches, exports and cancels a session with notice', async () => {
    const klass = await createClass({
      title: 'Stretching',
      startsAt: localAt(5, '09:00'),
      payment: 'free',
      price: null,
    });
    const hal = await member(standard, 'Hal Jordan');
    const sessionId = (await sessionOf(klass.id)).id;
    const booked = await request<{ booking: { id: string; code: string } }>(hal.socket, 'book', {
      conversationId: hal.conversationId,
      sessionId,
    });
    const code = booked.ok ? booked.booking.code : '';
    expect((await post('/api/admin/bookings/check-in', { code: 'ZZZZZZ' })).status).toBe(404);
    const first = await post('/api/admin/bookings/check-in', { code: code.toLowerCase() });
    expect(first.status).toBe(200);
    expect(first.body.booking.status).toBe('checked_in');
    expect((await post('/api/admin/bookings/check-in', { code })).status).toBe(409);
    for (const query of ['jordan', code, 'stretch', localAt(5, '09:00').slice(0, 10)]) {
      const found = await adminFetch(
        app.url,
        cookie,
        `/api/admin/bookings?query=${encodeURIComponent(query)}`,
      );
      expect(found.body.items.map((b: { code: string }) => b.code)).toContain(code);
    }
    const contactId = first.body.booking.contactId;
    const page = await adminFetch(app.url, cookie, `/api/admin/contacts/${contactId}/bookings`);
    expect(page.body).toEqual({ upcoming: [], noShows: 0 });
    const csv = await fetch(`${app.url}/api/admin/bookings/export.csv?query=jordan`, { headers: { cookie } });
    const text = await csv.text();
    expect(text).toContain(code);
    expect(text).toContain('Hal Jordan');

    // The coach cancels a booking: the customer is told in their conversation.
    const otto = await member(standard, 'Otto');
    const ottoBooking = await request<{ booking: { id: string } }>(otto.socket, 'book', {
      conversationId: otto.conversationId,
      sessionId,
    });
    const removed = await adminFetch(
      app.url,
      cookie,
      `/api/admin/bookings/${ottoBooking.ok && ottoBooking.booking.id}`,
      {
        method: 'DELETE',
      },
    );
    expect(removed.body.booking).toMatchObject({ status: 'cancelled', cancelReason: 'coach' });
    await waitFor(() => otto.seen.find((m) => /réservation est annulée/.test(m.text)));

    const ivy = await member(standard, 'Ivy');
    await request(ivy.socket, 'book', { conversationId: ivy.conversationId, sessionId });
    const cancelled = await post(`/api/admin/sessions/${sessionId}/cancel`, {});
    expect(cancelled.body).toEqual({ cancelled: 1 });
    await waitFor(() => ivy.seen.find((m) => /cours est annulé/.test(m.text)));
    expect(((await sessionOf(klass.id)) as unknown as { cancelled: boolean }).cancelled).toBe(true);
  });

  it('offers the places a raised capacity opens to the people waiting', async () => {
    const klass = await createClass({ title: 'Barre', startsAt: localAt(6, '12:15'), capacity: 1 });
    const sessionId =
      (await sessionOf(klass.id))?.id ??
      `${klass.id}-${localAt(6, '12:15').slice(0, 10).replaceAll('-', '')}`;
    const jo = await member(standard, 'Jo');
    const kim = await member(standard, 'Kim');
    await request(jo.socket, 'book', { conversationId: jo.conversationId, sessionId });
    const waiting = await request<{ booking: { status: string } }>(kim.socket, 'book', {
      conversationId: kim.conversationId,
      sessionId,
    });
    expect(waiting.ok && waiting.booking.status).toBe('waiting');
    const patched = await adminFetch(app.url, cookie, `/api/admin/classes/${klass.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ capacity: 2 }),
    });
    expect(patched.status).toBe(200);
    await waitFor(() => kim.seen.find((m) => m.actions?.some((a) => a.id.startsWith('accept:'))));
    expect(await sessionOf(klass.id)).toMatchObject({ booked: 2, waiting: 0 });
  });

  it("tells the coach's panel live on /admin as bookings are made and checked in", async () => {
    const admin = io(`${app.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    sockets.push(admin);
    await new Promise((resolve, reject) => {
      admin.once('connect', () => resolve(null));
      admin.once('connect_error', reject);
    });
    const seen: { booking: { code: string; status: string } }[] = [];
    admin.on('booking', (event) => seen.push(event));
    const klass = await createClass({
      title: 'Live',
      startsAt: localAt(7, '10:00'),
      payment: 'free',
      price: null,
    });
    const max = await member(standard, 'Max');
    const booked = await request<{ booking: { code: string } }>(max.socket, 'book', {
      conversationId: max.conversationId,
      sessionId: (await sessionOf(klass.id)).id,
    });
    const code = booked.ok ? booked.booking.code : '';
    await waitFor(() => seen.find((e) => e.booking.code === code && e.booking.status === 'booked'));
    await post('/api/admin/bookings/check-in', { code });
    await waitFor(() => seen.find((e) => e.booking.code === code && e.booking.status === 'checked_in'));
  });

  it('refuses bad class input naming the field, and changes nothing', async () => {
    const before = (await adminFetch(app.url, cookie, '/api/admin/classes')).body.items.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ capacity: 0 }, 'capacity'],
      [{ payment: 'online', price: null }, 'price'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ startsAt: `${localAt(2, '10:00')}:30` }, 'startsAt'],
      [{ repeat: { weekly: true, except: ['12/01/2026'] } }, 'repeat.except.0'],
      [{ price: { amount: 10, currency: 'francs' } }, 'price.currency'],
    ];
    for (const [patch, field] of cases) {
      const response = await post('/api/admin/classes', {
        title: 'X',
        startsAt: localAt(2, '10:00'),
        durationMinutes: 30,
        capacity: 3,
        payment: 'manual',
        price: { amount: 10, currency: 'CHF' },
        ...patch,
      });
      expect(response.status, field).toBe(400);
      expect(response.body.error.field).toBe(field);
    }
    expect((await adminFetch(app.url, cookie, '/api/admin/classes')).body.items.length).toBe(before);
    const queries: [string, string][] = [
      ['/api/admin/bookings?status=lost', 'status'],
      ['/api/admin/bookings?paid=maybe', 'paid'],
      ['/api/admin/bookings?limit=0', 'limit'],
      ['/api/admin/sessions?from=yesterday', 'from'],
      ['/api/admin/sessions?from=2026-12-10&to=2026-12-01', 'to'],
    ];
    for (const [path, field] of queries) {
      const response = await adminFetch(app.url, cookie, path);
      expect(response.status, path).toBe(400);
      expect(response.body.error.field).toBe(field);
    }
    expect((await post('/api/admin/bookings/check-in', { code: '' })).body.error.field).toBe('code');
    const settings = await adminFetch(app.url, cookie, '/api/admin/bookings/settings', {
      method: 'PUT',
      body: JSON.stringify({ holdMinutes: 1, offerMinutes: 120, quietHours: null }),
    });
    expect(settings.body.error.field).toBe('holdMinutes');
    expect((await adminFetch(app.url, cookie, '/api/admin/bookings/settings')).body.holdMinutes).toBe(30);
    const chat = await member(standard, 'Lou');
    const refused = await request(chat.socket, 'book', {
      conversationId: chat.conversationId,
      sessionId: 'nope',
    });
    expect(refused.ok === false && refused.error).toMatchObject({ code: 'not_found', field: 'sessionId' });
  });
});
