/**
 * Issue 19, campaigns in Chromium: the composer warns how many recipients have no address on the
 * chosen channels (they would be skipped), cancelling asks first (dismissing keeps the campaign
 * scheduled), and a campaign's message is marked as such in the inbox. Screenshots at phone and laptop
 * sizes (kora-admin-campaign-reach-*.png, kora-admin-campaign-mark-*.png in the temp folder).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, type JoinedCustomer, joinThroughLink, nextMessage } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `kora-admin-${name}.png`), fullPage: true });

describe.skipIf(skipBrowserTests)('campaign composer warnings, cancel confirmation, inbox mark', () => {
  let cookie: string;
  let customer: JoinedCustomer;
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });
  const api = (route: string, init: RequestInit = {}) => adminFetch(suite.app.url, cookie, route, init);

  beforeAll(async () => {
    cookie = await suite.app.login();
    const link = (
      await api('/api/admin/links', {
        method: 'POST',
        body: JSON.stringify({ name: 'Site', mode: 'standard' }),
      })
    ).body.token;
    customer = await joinThroughLink(suite.app.url, link, 'Nora Web');
    await api(`/api/admin/contacts/${customer.member.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ tags: ['club'] }),
    });
    const imported = await api('/api/admin/contacts/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', origin: suite.app.url },
      body: 'name,tags\nPaul Papier,club\nLina Papier,club\n',
    });
    expect(imported.body.imported).toBe(2);
  });

  afterAll(() => customer?.socket.close());

  async function signedIn(viewport: typeof LAPTOP) {
    const page = await suite.newPage({ viewport, locale: 'en-US' });
    await signInToPanel(page, suite.app.url, {
      email: suite.app.adminEmail,
      password: suite.app.adminPassword,
    });
    return { page, errors: watchErrors(page) };
  }

  it(
    'warns of recipients without an address on the chosen channels',
    async () => {
      for (const viewport of [PHONE, LAPTOP]) {
        const { page, errors } = await signedIn(viewport);
        await page.goto(`${suite.app.url}/admin/campaigns`);
        await page.getByRole('button', { name: 'New campaign' }).click();
        const form = page.getByRole('form', { name: 'New campaign' });
        await form.getByLabel('Name').fill('Club de janvier');
        await form.getByLabel('Message').fill('Bonjour {firstName} !');
        await form.getByLabel('Tag').fill('club');
        await form.getByRole('button', { name: 'Add', exact: true }).click();
        const warning = form.getByRole('status').filter({ hasText: 'This campaign reaches 3 people.' });
        await warning.waitFor();
        await warning
          .getByText('2 of them have no address on any chosen channel: they will receive nothing (skipped).')
          .waitFor();
        await warning.getByText('No address on a channel (skipped there): Web: 2.').waitFor();
        await warning.scrollIntoViewIfNeeded();
        await shot(page, `campaign-reach-${viewport.width}`);
        expect(errors).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'asks before cancelling, and marks the campaign’s message in the inbox',
    async () => {
      const nextYear = new Date().getFullYear() + 1;
      const scheduled = await api('/api/admin/campaigns', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Atelier lointain',
          message: 'Plus tard',
          targets: [{ type: 'all' }],
          channels: ['web'],
          schedule: { at: `${nextYear}-06-01T09:00` },
        }),
      });
      expect(
        (await api(`/api/admin/campaigns/${scheduled.body.id}/launch`, { method: 'POST' })).body.status,
      ).toBe('scheduled');
      const now = await api('/api/admin/campaigns', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Bienvenue au club',
          message: 'Bienvenue {firstName} !',
          targets: [{ type: 'contact', id: customer.member.id }],
          channels: ['web'],
        }),
      });
      const arrived = nextMessage(customer.socket, (message) => message.text === 'Bienvenue Nora !');
      await api(`/api/admin/campaigns/${now.body.id}/launch`, { method: 'POST' });
      await arrived;

      const { page, errors } = await signedIn(LAPTOP);
      await page.goto(`${suite.app.url}/admin/campaigns/${scheduled.body.id}`);
      await page.getByText('Scheduled', { exact: true }).waitFor();
      page.once('dialog', (dialog) => {
        expect(dialog.message()).toBe(
          'Cancel “Atelier lointain”? What has not been sent yet will not be sent.',
        );
        void dialog.dismiss();
      });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForTimeout(300);
      expect((await api(`/api/admin/campaigns/${scheduled.body.id}`)).body.status).toBe('scheduled');
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('Cancelled', { exact: true }).waitFor();

      for (const viewport of [PHONE, LAPTOP]) {
        await page.setViewportSize(viewport);
        await page.goto(`${suite.app.url}/admin/conversations/${customer.conversationId}`);
        const mark = page.getByRole('link', { name: 'Campaign: Bienvenue au club' });
        await mark.waitFor();
        expect(await mark.getAttribute('href')).toBe(`/admin/campaigns/${now.body.id}`);
        await shot(page, `campaign-mark-${viewport.width}`);
      }
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS * 2,
  );
});
