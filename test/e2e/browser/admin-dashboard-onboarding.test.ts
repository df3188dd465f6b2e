/**
 * Issue 19, dashboard in Chromium: a new installation's checklist (catalog, link, channel, assistant,
 * first campaign) ticking as the owner works, and charts with their axes (0, the highest value, days)
 * and values over the bars. Screenshots at phone and laptop sizes (kora-admin-dashboard-*.png).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminFetch,
  type JoinedCustomer,
  joinThroughLink,
  nextMessage,
  request,
} from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('dashboard: first steps and charts', () => {
  let cookie: string;
  let customer: JoinedCustomer | undefined;
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });
  const api = (route: string, init: RequestInit = {}) => adminFetch(suite.app.url, cookie, route, init);

  beforeAll(async () => {
    cookie = await suite.app.login();
  });
  afterAll(() => customer?.socket.close());

  it(
    'lists the first steps, ticks them as they are done, and draws charts with axes and values',
    async () => {
      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
      await signInToPanel(page, suite.app.url, credentials);
      const errors = watchErrors(page);
      const checklist = page.getByRole('region', { name: 'Getting started' });
      await checklist.getByText('0 of 5 steps done.').waitFor();
      expect(
        await checklist.getByRole('link', { name: 'Describe what you offer' }).getAttribute('href'),
      ).toBe('/admin/catalog');
      await api('/api/admin/offers', {
        method: 'POST',
        body: JSON.stringify({ name: 'Yoga', kind: 'course', price: 20, currency: 'CHF' }),
      });
      const link = (
        await api('/api/admin/links', {
          method: 'POST',
          body: JSON.stringify({ name: 'Insta', mode: 'standard' }),
        })
      ).body;
      await page.reload();
      await checklist.getByText('2 of 5 steps done.').waitFor();
      await checklist
        .getByRole('listitem')
        .filter({ hasText: 'Describe what you offer' })
        .getByText('(done)')
        .waitFor();
      await checklist
        .getByRole('listitem')
        .filter({ hasText: 'Turn on a channel' })
        .getByText('(to do)')
        .waitFor();

      // Some activity for the charts: a customer writes, the assistant answers.
      customer = await joinThroughLink(suite.app.url, link.token, 'Ada');
      const answered = nextMessage(customer.socket, (message) => message.sender.type === 'assistant');
      await request(customer.socket, 'send', {
        conversationId: customer.conversationId,
        text: 'Bonjour',
        clientMessageId: 'a1',
      });
      await answered;
      for (const [viewport, locale] of [
        [{ width: 390, height: 844 }, 'fr-FR'],
        [{ width: 1280, height: 800 }, 'en-US'],
      ] as const) {
        const french = locale === 'fr-FR';
        const shown = await suite.newPage({ viewport, locale });
        await signInToPanel(shown, suite.app.url, credentials, locale);
        const shownErrors = watchErrors(shown);
        const chart = shown
          .getByRole('figure')
          .filter({ hasText: french ? 'Messages par jour' : 'Messages per day' });
        await chart.waitFor();
        const texts = await chart.locator('svg text').allTextContents();
        // The value axis (0 and the highest, 2), today's value over its bar, and day labels.
        expect(texts.filter((text) => text === '2').length).toBeGreaterThanOrEqual(2);
        expect(texts).toContain('0');
        const today = new Intl.DateTimeFormat(locale.slice(0, 2), {
          day: 'numeric',
          month: 'short',
          timeZone: 'UTC',
        }).format(new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`));
        expect(texts).toContain(today);
        expect(
          await shown.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await shown.screenshot({
          path: path.join(tmpdir(), `kora-admin-dashboard-${viewport.width}.png`),
          fullPage: true,
        });
        expect(shownErrors).toEqual([]);
      }
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS * 2,
  );
});
