/** The panel's view of bookings: each row and a check-in name the person and the class (no call per row). */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../core/bookings/calendar.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';

const TZ = 'Europe/Zurich';
let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { TIMEZONE: TZ } });
  cookie = await app.login();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

const post = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });

describe('bookings as the panel shows them', () => {
  it('lists and checks in with the contact name, email, phone and the class title', async () => {
    const day = localParts(new Date(Date.now() + 2 * 86_400_000), TZ).date;
    const klass = await post('/api/admin/classes', {
      title: 'Stretching',
      startsAt: `${day}T07:15`,
      durationMinutes: 45,
      capacity: 3,
      payment: 'free',
    });
    expect(klass.status).toBe(201);
    const token = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
    const ada = await joinThroughLink(app.url, token, 'Ada Lovelace');
    sockets.push(ada.socket);
    const sessions = await request<{ sessions: { id: string }[] }>(ada.socket, 'sessions', {
      conversationId: ada.conversationId,
    });
    const sessionId = sessions.ok ? sessions.sessions[0]!.id : '';
    const booked = await request<{ booking: { code: string } }>(ada.socket, 'book', {
      conversationId: ada.conversationId,
      sessionId,
    });
    const code = booked.ok ? booked.booking.code : '';

    const list = await adminFetch(app.url, cookie, `/api/admin/bookings?sessionId=${sessionId}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        code,
        classTitle: 'Stretching',
        classPayment: 'free',
        contact: { name: 'Ada Lovelace', email: null, phone: null },
      }),
    ]);
    const checked = await post('/api/admin/bookings/check-in', { code });
    expect(checked.status).toBe(200);
    expect(checked.body.booking).toMatchObject({
      code,
      status: 'checked_in',
      classTitle: 'Stretching',
      contact: { name: 'Ada Lovelace' },
    });
  });
});
