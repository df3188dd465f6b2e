/**
 * Issue 19, the audit log in Chromium: actions as sentences, people and targets by name, filters by
 * person, area and day. Screenshots at phone and laptop sizes (kora-admin-audit-*.png in the temp folder).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('audit log with names and filters', () => {
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    const cookie = await suite.app.login();
    const post = (route: string, body: unknown) =>
      adminFetch(suite.app.url, cookie, route, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('/api/admin/groups', { name: 'Yoga du soir' })).status).toBe(201);
    expect((await post('/api/admin/links', { name: 'Instagram', mode: 'standard' })).status).toBe(201);
  });

  it(
    'shows who did what to which, and filters by area and day',
    async () => {
      for (const [viewport, locale] of [
        [{ width: 390, height: 844 }, 'fr-FR'],
        [{ width: 1280, height: 800 }, 'en-US'],
      ] as const) {
        const french = locale === 'fr-FR';
        const page = await suite.newPage({ viewport, locale });
        const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
        await signInToPanel(page, suite.app.url, credentials, locale);
        const errors = watchErrors(page);
        await page.goto(`${suite.app.url}/admin/audit-log`);
        const row = (text: string) => page.getByRole('row').filter({ hasText: text });
        await row(french ? 'A créé un groupe' : 'Created a group')
          .getByText('Yoga du soir')
          .waitFor();
        await row(french ? 'A créé un lien d’entrée' : 'Created an entry link')
          .getByText('Instagram')
          .waitFor();
        expect(await page.getByText('groups.create', { exact: true }).count()).toBe(0);
        await page.getByLabel(french ? 'Domaine' : 'Area').selectOption('groups');
        await page.getByText(french ? '1 entrées' : '1 entries', { exact: true }).waitFor();
        expect(await row('Instagram').count()).toBe(0);
        // A day range in the past empties the list.
        await page.getByLabel(french ? 'Au (jour)' : 'Until (day)').fill('2020-01-01');
        await page.getByText(french ? 'Aucune entrée pour l’instant.' : 'No entry yet.').waitFor();
        await page.getByLabel(french ? 'Au (jour)' : 'Until (day)').fill('');
        await row('Yoga du soir').waitFor();
        await page.screenshot({
          path: path.join(tmpdir(), `kora-admin-audit-${viewport.width}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );
});
