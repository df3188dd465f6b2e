/**
 * Booking in the web chat page, in Chromium: the sessions come as buttons, a click books, and the
 * confirmation shows the code and the QR image (served by the app, so PUBLIC_URL is the test server).
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { localParts } from '../../../core/bookings/calendar.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

/** A port free now, so PUBLIC_URL can name the test server before it starts. */
const port = await new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address() as net.AddressInfo;
    server.close(() => resolve(free));
  });
});

describe.skipIf(skipBrowserTests)('booking in the web chat page', () => {
  const suite = useBrowserSuite('chat-ui', {
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, TIMEZONE: 'Europe/Zurich' },
  });

  it(
    'offers sessions as buttons, books the one clicked, and shows the code and QR code',
    async () => {
      const cookie = await suite.app.login();
      const post = (path: string, body: unknown) =>
        adminFetch(suite.app.url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
      const day = localParts(new Date(Date.now() + 2 * 86_400_000), 'Europe/Zurich').date;
      await post('/api/admin/classes', {
        title: 'Yoga du soir',
        startsAt: `${day}T18:30`,
        durationMinutes: 60,
        capacity: 8,
        payment: 'free',
      });
      const link = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body;
      const page = await suite.newPage({ locale: 'fr-CH' });
      const errors = watchErrors(page);
      await page.goto(`${suite.app.url}/c/${link.token}`);
      await page.getByLabel('Votre nom').fill('Camille');
      await page.getByRole('button', { name: 'Commencer' }).click();
      const box = page.getByLabel('Votre message');
      await box.fill('Quels cours proposez-vous ?');
      await box.press('Enter');

      const choice = page.locator('li[data-sender="assistant"] .actions button', { hasText: 'Yoga du soir' });
      await choice.first().waitFor({ timeout: 15_000 });
      await choice.first().click();
      const confirmation = page.locator('li[data-sender="assistant"]').filter({ hasText: 'Votre code' });
      await confirmation.first().waitFor({ timeout: 15_000 });
      const code = /Votre code : ([A-Z]{6})/.exec((await confirmation.first().textContent()) ?? '')?.[1];
      expect(code).toMatch(/^[A-HJKMNP-Z]{6}$/);
      const qr = confirmation.first().locator('img.media');
      await expect
        .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      // The click shows as the customer's own choice, once.
      expect(await page.locator('li.own').filter({ hasText: 'Yoga du soir' }).count()).toBe(1);
      const bookings = await adminFetch(suite.app.url, cookie, `/api/admin/bookings?query=${code}`);
      expect(bookings.body.items[0]).toMatchObject({ code, status: 'booked' });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
