/**
 * Issue 19, contacts in Chromium: phone search in a national format, a contact's page with its email
 * and phone edited (a bad number refused with a sentence naming the field), and the CSV import's
 * column choice, update option and preview before anything is written. Screenshots at phone and laptop
 * sizes land in the system temp folder (kora-admin-contact-*.png).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `kora-admin-${name}.png`), fullPage: true });

describe.skipIf(skipBrowserTests)('contacts: page, phone search, import preview', () => {
  let cookie: string;
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });
  const api = (route: string, init: RequestInit = {}) => adminFetch(suite.app.url, cookie, route, init);

  beforeAll(async () => {
    cookie = await suite.app.login();
    const seeded = await api('/api/admin/contacts/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', origin: suite.app.url },
      body: 'name,email,phone,tags\nAïcha Benali,aicha@example.com,+41791234567,yoga\nBruno Keller,,+41781112233,\n',
    });
    expect(seeded.body.imported).toBe(2);
  });

  async function openContacts(viewport: typeof LAPTOP, locale = 'en-US') {
    const page = await suite.newPage({ viewport, locale });
    // The refused phone below is an expected 400 (the sign-in page's 401 from /auth/me is another).
    const seen = watchErrors(page, { path: '/api/admin/contacts', status: [400] });
    const errors = { list: () => seen.filter((error) => !error.includes('status of 401 (Unauthorized)')) };
    await signInToPanel(
      page,
      suite.app.url,
      { email: suite.app.adminEmail, password: suite.app.adminPassword },
      locale,
    );
    await page.goto(`${suite.app.url}/admin/contacts`);
    return { page, errors };
  }

  it(
    'finds a contact by a national number and edits their email and phone on their page',
    async () => {
      for (const viewport of [PHONE, LAPTOP]) {
        const { page, errors } = await openContacts(viewport);
        await page.getByRole('searchbox', { name: 'Search contacts' }).fill('079 123');
        await page.getByText('1 contacts', { exact: true }).waitFor();
        await page.getByRole('link', { name: 'Open Aïcha Benali' }).click();
        await page.getByRole('heading', { name: 'Aïcha Benali' }).waitFor();
        await page.getByText('WhatsApp').first().waitFor();
        await page.getByLabel('Phone').fill('12');
        await page.getByRole('button', { name: 'Save' }).click();
        await page
          .locator('#contact-phone-error')
          .getByText('Phone: write a number in national (079 123 45 67) or international (+41 79 …) format.')
          .waitFor();
        await shot(page, `contact-page-error-${viewport.width}`);
        await page.getByLabel('Phone').fill('079 123 45 67');
        await page.getByLabel('Email').fill(viewport === PHONE ? 'aicha.b@example.com' : 'aicha@example.com');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.getByRole('status').getByText('Saved.').waitFor();
        expect(await page.locator('#contact-phone-error').count()).toBe(0);
        await shot(page, `contact-page-${viewport.width}`);
        expect(errors.list()).toEqual([]);
      }
      const [aicha] = (await api('/api/admin/contacts?query=aicha')).body.items;
      expect(aicha).toMatchObject({ email: 'aicha@example.com', phone: '+41791234567' });
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'previews an import with chosen columns and updates the known contact when asked',
    async () => {
      const csv =
        'Nom complet;Courriel;Natel;Groupe\nNina Neu;nina@example.com;079 111 22 33;a\nAïcha;aicha@example.com;;newsletter\nBad;x;;\n';
      // The laptop (English) previews only; the phone (French) previews the same, then imports.
      for (const viewport of [LAPTOP, PHONE]) {
        const { page, errors } = await openContacts(viewport, viewport === PHONE ? 'fr-FR' : 'en-US');
        const french = viewport === PHONE;
        await page.getByRole('button', { name: french ? 'Importer un CSV' : 'Import CSV' }).click();
        await page
          .getByLabel(french ? 'Fichier CSV' : 'CSV file')
          .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        // "Nom complet", "Courriel", "Natel" are guessed; "Groupe" is not a tags header.
        const nameColumn = page.getByLabel(french ? 'Colonne Nom' : 'Name column');
        await page
          .getByRole('status')
          .getByText(french ? '1 nouveaux, 0 mis à jour, 2 refusés.' : '1 new, 0 updated, 2 refused.')
          .waitFor();
        expect(await nameColumn.inputValue()).toBe('Nom complet');
        expect(await page.getByLabel(french ? 'Colonne Étiquettes' : 'Tags column').inputValue()).toBe('');
        await page.getByLabel(french ? 'Colonne Étiquettes' : 'Tags column').selectOption('Groupe');
        await page.getByLabel(french ? /^Mettre à jour les contacts/ : /^Update the contacts/).check();
        await page
          .getByRole('status')
          .getByText(french ? '1 nouveaux, 1 mis à jour, 1 refusés.' : '1 new, 1 updated, 1 refused.')
          .waitFor();
        await page.getByRole('cell', { name: french ? 'Mise à jour' : 'Update', exact: true }).waitFor();
        await shot(page, `contact-import-preview-${viewport.width}`);
        // The preview wrote nothing.
        expect((await api('/api/admin/contacts?query=nina')).body.total).toBe(0);
        if (viewport === PHONE) {
          await page.locator('form').getByRole('button', { name: 'Importer un CSV' }).click();
          await page.getByText('1 importé(s).').waitFor();
          await page.getByText('1 mis à jour.').waitFor();
          await shot(page, `contact-import-done-${viewport.width}`);
        }
        expect(errors.list()).toEqual([]);
      }
      const [aicha] = (await api('/api/admin/contacts?query=aicha')).body.items;
      expect(aicha.tags).toEqual(['yoga', 'newsletter']);
    },
    TEST_TIMEOUT_MS * 2,
  );
});
