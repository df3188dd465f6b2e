/**
 * The panel's editable lists in Chromium against the real app: an item is created, edited in place and
 * deleted after the confirmation (the catalog's articles), and a new team member joins the end of the
 * users list. Each change is checked in the API too.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from './suite.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

describe.skipIf(skipBrowserTests)('editable lists in Chromium', () => {
  let cookie: string;

  const suite = useBrowserSuite('admin-ui');

  beforeAll(async () => {
    cookie = await suite.app.login();
  });

  async function signedIn(): Promise<Page> {
    const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await signInToPanel(page, suite.app.url, {
      email: suite.app.adminEmail,
      password: suite.app.adminPassword,
    });
    return page;
  }

  const api = async (path: string) => (await adminFetch(suite.app.url, cookie, path)).body;

  it(
    'creates an article, edits it in place and deletes it after the confirmation',
    async () => {
      const page = await signedIn();
      const errors = watchErrors(page, { path: '/api/admin/auth/me', status: [401] });
      await page.goto(`${suite.app.url}/admin/catalog?tab=articles`);
      await page.getByText('No article yet.').waitFor();

      await page.getByRole('button', { name: 'New article' }).click();
      await page.getByLabel('Title').fill('Horaires');
      await page.getByLabel('Text').fill('Ouvert du lundi au samedi.');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('Ouvert du lundi au samedi.').waitFor();
      expect((await api('/api/admin/articles')).items).toMatchObject([{ title: 'Horaires' }]);

      await page.getByRole('button', { name: 'Edit Horaires' }).click();
      await page.getByLabel('Title').fill('Horaires d’été');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('button', { name: 'Edit Horaires d’été' }).waitFor();
      expect((await api('/api/admin/articles')).items).toMatchObject([{ title: 'Horaires d’été' }]);

      // Dismissing the confirmation keeps the article; accepting it deletes it.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: 'Delete Horaires d’été' }).click();
      expect((await api('/api/admin/articles')).items).toHaveLength(1);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Delete Horaires d’été' }).click();
      await page.getByText('No article yet.').waitFor();
      expect((await api('/api/admin/articles')).items).toEqual([]);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'adds a new team member at the end of the users list',
    async () => {
      const page = await signedIn();
      const errors = watchErrors(page, { path: '/api/admin/auth/me', status: [401] });
      await page.goto(`${suite.app.url}/admin/users`);
      await page.getByRole('button', { name: 'Edit coach' }).waitFor();
      await page.getByRole('button', { name: 'New user' }).click();
      await page.getByLabel('Email').fill('agent@example.com');
      await page.getByLabel('Name').fill('Zoé Agent');
      await page.getByLabel('Password').fill('agent password 12345');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('button', { name: 'Edit Zoé Agent' }).waitFor();
      const names = await page.locator('li.item-row strong').allTextContents();
      expect(names).toEqual(['coach', 'Zoé Agent']);
      expect((await api('/api/admin/users')).items.map((u: { email: string }) => u.email)).toContain(
        'agent@example.com',
      );
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
