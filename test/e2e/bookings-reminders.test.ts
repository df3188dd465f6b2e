/**
 * Reminders through the whole app: the bookings job on Agenda sends the reminder into the web
 * conversation the booking was made in, once, although the app restarts between the booking and the
 * reminder's time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, request } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    env: { TIMEZONE: 'Europe/Zurich' },
    start: { bookingSweepMs: 300, campaigns: { processEveryMs: 100 } },
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('booking reminders in the app', () => {
  it('sends the reminder once, in the booking conversation, across a restart', {
    timeout: 120_000,
  }, async () => {
    const cookie = await app.login();
    const api = (path: string, init: RequestInit) => adminFetch(app.url, cookie, path, init);
    await api('/api/admin/bookings/settings', {
      method: 'PUT',
      body: JSON.stringify({ holdMinutes: 30, offerMinutes: 120, quietHours: null }),
    });
    // Sessions start on a whole minute: the next one at least an hour and 5 seconds away, so its
    // 60-minute reminder comes 5 to 65 seconds after the booking.
    const startsAt = new Date(
      Math.floor((Date.now() + 60 * 60_000 + 65_000) / 60_000) * 60_000,
    ).toISOString();
    const klass = await api('/api/admin/classes', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Sunrise',
        startsAt,
        durationMinutes: 45,
        capacity: 5,
        payment: 'free',
        reminders: [60],
      }),
    });
    expect(klass.status).toBe(201);
    const link = await api('/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    const ada = await joinThroughLink(app.url, link.body.token, 'Ada');
    const sessions = await request<{ sessions: { id: string }[] }>(ada.socket, 'sessions', {
      conversationId: ada.conversationId,
    });
    const sessionId = sessions.ok ? sessions.sessions.find((s) => s.id.startsWith(klass.body.id))!.id : '';
    const booked = await request<{ booking: { code: string } }>(ada.socket, 'book', {
      conversationId: ada.conversationId,
      sessionId,
    });
    expect(booked.ok).toBe(true);
    ada.socket.close();

    app = await app.restart();
    const reminders = async () =>
      (await app.kora.store.messages.list(ada.conversationId, { limit: 50 })).filter((m) =>
        /Rappel/.test(m.text),
      );
    const first = await waitFor(async () => ((await reminders()).length > 0 ? reminders() : null), 80_000);
    expect(first[0]!.text).toContain(booked.ok ? booked.booking.code : '?');
    // More runs of the job (every 300 ms) change nothing.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await reminders()).toHaveLength(1);
  });
});
