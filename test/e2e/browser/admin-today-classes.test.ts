/**
 * The dashboard's today's classes, in Chromium: a class later today with one booking paid at the door
 * shows its places left and the payment, live as bookings come in; a class on another day is not there.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { localParts } from '../../../core/bookings/calendar.js';
import { adminFetch, joinThroughLink, request } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const TZ = 'Europe/Zurich';
const sockets: Socket[] = [];

afterAll(() => {
  for (const socket of sockets) socket.close();
});

describe.skipIf(skipBrowserTests)("today's classes on the dashboard", () => {
  const suite = useBrowserSuite('admin-ui', { env: { TIMEZONE: TZ } });

  it(
    'lists today’s class with its places left and the bookings paid for it, following new bookings live',
    async () => {
      const cookie = await suite.app.login();
      const post = (path: string, body?: unknown) =>
        adminFetch(suite.app.url, cookie, path, {
          method: 'POST',
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      // Later today (a few minutes on, at most 23:59): bookable, and on today's date in TIMEZONE.
      const soon = localParts(new Date(Date.now() + 10 * 60_000), TZ);
      const today = localParts(new Date(), TZ).date;
      const at = soon.date === today ? soon.time : '23:59';
      const klass = (
        await post('/api/admin/classes', {
          title: 'Méditation',
          startsAt: `${today}T${at}`,
          durationMinutes: 30,
          capacity: 6,
          payment: 'manual',
          price: { amount: 15, currency: 'CHF' },
        })
      ).body;
      const later = localParts(new Date(Date.now() + 3 * 86_400_000), TZ).date;
      await post('/api/admin/classes', {
        title: 'Pilates',
        startsAt: `${later}T09:00`,
        durationMinutes: 45,
        capacity: 4,
        payment: 'free',
      });
      const page = await suite.newPage({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        timezoneId: TZ,
      });
      // The /admin socket is live once its upgrade probe is answered (the namespace joined before, over polling).
      const live = new Promise<void>((resolve) => {
        page.on('websocket', (ws) => {
          if (ws.url().includes('/socket.io/'))
            ws.on('framereceived', (frame) => frame.payload === '3probe' && resolve());
        });
      });
      await signInToPanel(page, suite.app.url, {
        email: suite.app.adminEmail,
        password: suite.app.adminPassword,
      });
      const errors = watchErrors(page);
      const section = page.getByRole('region', { name: "Today's classes" });
      await section.getByText('6 of 6 places left').waitFor();
      await section.getByText('No payment for today’s classes yet.').waitFor();
      await live;
      // Booked and paid while the dashboard is open: it follows (the /admin socket's booking events).
      const token = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
      const sessionId = `${klass.id}-${today.replaceAll('-', '')}`;
      for (const name of ['Léa', 'Noé']) {
        const customer = await joinThroughLink(suite.app.url, token, name);
        sockets.push(customer.socket);
        const booked = await request<{ booking: { id: string } }>(customer.socket, 'book', {
          conversationId: customer.conversationId,
          sessionId,
        });
        expect(booked.ok).toBe(true);
        if (name === 'Léa' && booked.ok)
          expect((await post(`/api/admin/bookings/${booked.booking.id}/paid`)).status).toBe(200);
      }

      await section.getByText('4 of 6 places left').waitFor();
      await section.getByRole('link', { name: 'Méditation' }).waitFor();
      await section.getByText('Paid for today: 1 booking · CHF 15.00').waitFor();
      expect(await section.getByText('Pilates').count()).toBe(0);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
