/**
 * Issue 17 #4, the panel's part, in Chromium on PostgreSQL: socket.io's PostgreSQL adapter has no
 * connection-state recovery, so what happened while the panel's `/admin` socket was cut is not
 * replayed. After it reconnects, the open conversation shows the message a customer wrote meanwhile,
 * without a reload, and the coach's draft is still in the reply box.
 */
import { describe, expect, it } from 'vitest';
import { adminFetch, joinThroughLink, nextMessage, request } from '../../helpers/chat-client.js';
import { withPostgresDatabase } from '../../helpers/postgres.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const database = await withPostgresDatabase();
const SECRET_KEY = 'a-secret-key-for-the-panel-resync-0123456789';
const SHOTS = process.env.KORA_SCREENSHOTS_DIR;

describe.skipIf(skipBrowserTests || !database)('issue 17 #4: the panel resyncs after a reconnect', () => {
  const suite = useBrowserSuite('admin-ui', { env: { DATABASE_URL: database?.url ?? '', SECRET_KEY } });

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    it(
      `shows what a customer wrote while the panel was disconnected (${viewport.width}×${viewport.height})`,
      async () => {
        const { app } = suite;
        const cookie = await app.login();
        const link = await adminFetch(app.url, cookie, '/api/admin/links', {
          method: 'POST',
          body: JSON.stringify({ name: `Resync ${viewport.width}`, mode: 'standard' }),
        });
        const customer = await joinThroughLink(app.url, link.body.token, `Léa ${viewport.width}`);
        try {
          const send = (text: string, id: string) =>
            request(customer.socket, 'send', {
              conversationId: customer.conversationId,
              text,
              clientMessageId: id,
            });
          expect((await send('Avant la coupure', `before-${viewport.width}`)).ok).toBe(true);
          const page = await suite.newPage({ viewport, locale: 'en-US' });
          const errors = watchErrors(page, { path: '/auth/me', status: [401] });
          await signInToPanel(page, app.url, { email: app.adminEmail, password: app.adminPassword });
          await page.goto(`${app.url}/admin/conversations/${customer.conversationId}`);
          await page.getByText('Avant la coupure').waitFor();
          // The inbox's live indicator (hidden beside the open conversation on a phone, still there).
          const status = page.locator('[role="status"]').filter({ hasText: /Live|Reconnecting/ });
          await expect.poll(() => status.textContent()).toBe('Live');
          await page.getByLabel('Your answer').fill('Brouillon du coach');

          // Cut the panel's transport on the server and keep it from reconnecting while the customer writes.
          await page.route('**/socket.io/**', (route) => route.abort());
          const admin = app.kora.io.of('/admin');
          // Every /admin socket is cut: this page's, and any an earlier page left behind (a closed page's
          // socket can outlive it on the server for a while under load; cutting it changes nothing).
          for (const socket of admin.sockets.values()) socket.conn.close();
          await expect.poll(() => status.textContent()).toBe('Reconnecting…');
          expect((await send('Écrit pendant la coupure', `during-${viewport.width}`)).ok).toBe(true);
          // A new conversation meanwhile: the inbox (beside the conversation on a wide screen) shows it after.
          const wide = viewport.width >= 1000;
          const other = wide ? await joinThroughLink(app.url, link.body.token, 'Noé Pendant') : null;
          other?.socket.close();
          await page.waitForTimeout(300);
          expect(await page.getByText('Écrit pendant la coupure').count()).toBe(0);

          await page.unroute('**/socket.io/**');
          await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('Live');
          await page.getByText('Écrit pendant la coupure').waitFor({ timeout: 5_000 });
          if (wide) await page.getByText('Noé Pendant').first().waitFor({ timeout: 5_000 });
          // Merged, not doubled, and the draft survived.
          expect(await page.getByText('Avant la coupure').count()).toBe(1);
          expect(await page.getByLabel('Your answer').inputValue()).toBe('Brouillon du coach');
          if (SHOTS) await page.screenshot({ path: `${SHOTS}/panel-resync-${viewport.width}.png` });
          // The aborted reconnection attempts are the only failures allowed.
          expect(errors.filter((error) => !error.includes('net::ERR_FAILED'))).toEqual([]);
        } finally {
          customer.socket.close();
        }
      },
      TEST_TIMEOUT_MS,
    );
  }

  it(
    "updates the dashboard's figures with what happened while it was disconnected",
    async () => {
      const { app } = suite;
      const cookie = await app.login();
      const link = await adminFetch(app.url, cookie, '/api/admin/links', {
        method: 'POST',
        body: JSON.stringify({ name: 'Resync dashboard', mode: 'standard' }),
      });
      const customer = await joinThroughLink(app.url, link.body.token, 'Zoé Tableau');
      try {
        const admin = app.kora.io.of('/admin');
        // This page's socket: one that was not there before it (an earlier page's may linger).
        const earlier = new Set(admin.sockets.keys());
        const fresh = () => [...admin.sockets.keys()].filter((id) => !earlier.has(id)).length;
        const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
        await signInToPanel(page, app.url, { email: app.adminEmail, password: app.adminPassword });
        const card = page
          .locator('section[aria-labelledby="today-heading"] > div > *')
          .filter({ hasText: 'Messages today' });
        const figure = async () =>
          Number((await card.locator('span').first().textContent())?.replace(/\D/g, ''));
        await expect.poll(fresh, { timeout: 15_000 }).toBeGreaterThan(0);
        const before = await figure();

        await page.route('**/socket.io/**', (route) => route.abort());
        for (const socket of admin.sockets.values()) {
          earlier.add(socket.id);
          socket.conn.close();
        }
        // The customer's message and the assistant's answer both land while the panel is cut.
        const answered = nextMessage(customer.socket, (m) => m.sender.type === 'assistant', 10_000);
        const sent = await request(customer.socket, 'send', {
          conversationId: customer.conversationId,
          text: 'Pendant la coupure du tableau de bord',
          clientMessageId: 'dash-1',
        });
        expect(sent.ok).toBe(true);
        await answered;
        await page.waitForTimeout(2_500);
        expect(await figure()).toBe(before);

        await page.unroute('**/socket.io/**');
        await expect.poll(fresh, { timeout: 15_000 }).toBeGreaterThan(0);
        await expect.poll(figure, { timeout: 6_000 }).toBe(before + 2);
      } finally {
        customer.socket.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
