/**
 * Issue 19 #1 in Chromium: the coach's own reply leaves "queued" in the open conversation as soon as
 * the channel took it, without a reload. The web channel sends at once, so the live status often
 * reaches the panel before the answer to the coach's POST (which says "queued"): that answer must not
 * undo it.
 */
import { describe, expect, it } from 'vitest';
import { adminFetch, joinThroughLink, nextMessage, request } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const REPLIES = 5;

describe.skipIf(skipBrowserTests)('issue 19 #1: message status in the open conversation', () => {
  const suite = useBrowserSuite('admin-ui');

  it(
    "shows the coach's replies as sent once the customer has them, live, and after a reload",
    async () => {
      const { app } = suite;
      const cookie = await app.login();
      const link = await adminFetch(app.url, cookie, '/api/admin/links', {
        method: 'POST',
        body: JSON.stringify({ name: 'Status', mode: 'standard' }),
      });
      const customer = await joinThroughLink(app.url, link.body.token, 'Inès Status');
      try {
        const asked = await request(customer.socket, 'send', {
          conversationId: customer.conversationId,
          text: 'Bonjour, une question',
          clientMessageId: 'st-1',
        });
        expect(asked.ok).toBe(true);
        const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
        const errors = watchErrors(page, { path: '/auth/me', status: [401] });
        await signInToPanel(page, app.url, { email: app.adminEmail, password: app.adminPassword });
        await page.goto(`${app.url}/admin/conversations/${customer.conversationId}`);
        await page.getByText('Bonjour, une question').waitFor();

        const box = page.getByLabel('Your answer');
        // Several replies: each is a fresh race between the live status and the POST's answer.
        for (let i = 1; i <= REPLIES; i++) {
          const text = `Réponse numéro ${i}`;
          const received = nextMessage(customer.socket, (m) => m.text === text, 10_000);
          await box.fill(text);
          await box.press('Enter');
          expect((await received).status).toBe('sent');
          const meta = page.locator('ol > li').filter({ hasText: text }).first();
          await expect.poll(() => meta.textContent(), { timeout: 5_000 }).toMatch(/· sent/);
        }
        // And it stays so: nothing late turns a reply back to "queued".
        await page.waitForTimeout(500);
        const metas = await page.locator('ol > li').filter({ hasText: 'Réponse numéro' }).allTextContents();
        expect(metas).toHaveLength(REPLIES);
        for (const text of metas) expect(text).not.toMatch(/queued/);
        await page.reload();
        await page.locator('ol').getByText(`Réponse numéro ${REPLIES}`).waitFor();
        const reloaded = await page
          .locator('ol > li')
          .filter({ hasText: 'Réponse numéro' })
          .allTextContents();
        for (const text of reloaded) expect(text).toMatch(/· sent/);
        expect(errors).toEqual([]);
      } finally {
        customer.socket.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
