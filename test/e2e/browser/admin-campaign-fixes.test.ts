/**
 * Issue 19, the campaign and catalog screens in Chromium: the scheduled send time on campaign pages,
 * a duplicate's basket and schedule, `{link:<name>}` in the composer, promo amounts with their
 * currency and a form that fits its card, and errors as sentences in the panel's language.
 * Screenshots land in the system temp folder (kora-fix19-<what>-<size>.png).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(skipBrowserTests)('issue 19: campaigns and catalog in the panel', () => {
  const suite = useBrowserSuite('admin-ui');
  let cookie: string;
  let linkId: string;
  const api = (p: string, init: RequestInit = {}) => adminFetch(suite.app.url, cookie, p, init);
  const post = (p: string, body?: unknown) =>
    api(p, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    cookie = await suite.app.login();
    linkId = (await post('/api/admin/links', { name: 'Instagram bio', mode: 'standard' })).body.id;
    const imported = await api('/api/admin/contacts/import', {
      method: 'POST',
      // As the panel's own upload: a CSV body needs the same-origin Origin a browser sends (CSRF rule).
      headers: { 'content-type': 'text/csv', origin: suite.app.url },
      body: 'name,email,phone,tags\nAline Morel,aline@example.com,,vip\nBruno Keller,bruno@example.com,,vip\n',
    });
    expect(imported.body.imported).toBe(2);
    expect((await post('/api/admin/offers', offer)).status).toBe(201);
  });

  const offer = {
    name: 'Cours',
    kind: 'course',
    description: 'Yoga',
    price: 25,
    currency: 'CHF',
    visible: true,
  };

  async function signedIn(viewport: { width: number; height: number }, locale = 'en-US'): Promise<Page> {
    const page = await suite.newPage({ viewport, locale });
    const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
    await signInToPanel(page, suite.app.url, credentials, locale);
    return page;
  }

  async function shoot(page: Page, name: string) {
    for (const [size, viewport] of [
      ['phone', PHONE],
      ['laptop', LAPTOP],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: path.join(tmpdir(), `kora-fix19-${name}-${size}.png`), fullPage: true });
    }
  }

  const formatted = (page: Page, iso: string) =>
    page.evaluate(
      ([at, lang]) => new Date(at!).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }),
      [iso, 'en'],
    );

  it(
    'shows the scheduled send time, not the launch time, in the list and on the campaign',
    async () => {
      const at = new Date(Date.UTC(new Date().getFullYear() + 1, 5, 1, 9, 0)).toISOString();
      const created = await post('/api/admin/campaigns', {
        name: 'June workshop',
        message: 'Hello {firstName}',
        targets: [{ type: 'tag', id: 'vip' }],
        channels: ['web'],
        schedule: { at },
      });
      expect((await post(`/api/admin/campaigns/${created.body.id}/launch`)).body.status).toBe('scheduled');
      const page = await signedIn(LAPTOP);
      const when = await formatted(page, at);
      await page.goto(`${suite.app.url}/admin/campaigns`);
      const row = page.getByRole('listitem').filter({ hasText: 'June workshop' });
      await row.getByText(when).waitFor();
      await page.goto(`${suite.app.url}/admin/campaigns/${created.body.id}`);
      await page.getByRole('heading', { level: 1, name: 'June workshop' }).waitFor();
      await page.getByText(when).waitFor();
      await shoot(page, 'campaign-scheduled');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'duplicates with a counted basket and no past time, so "Save and launch" works',
    async () => {
      const created = await post('/api/admin/campaigns', {
        name: 'Flash',
        message: 'Hi',
        targets: [{ type: 'tag', id: 'vip' }],
        channels: ['web'],
        schedule: { at: new Date(Date.now() + 1_000).toISOString() },
      });
      await post(`/api/admin/campaigns/${created.body.id}/launch`);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const page = await signedIn(LAPTOP);
      await page.goto(`${suite.app.url}/admin/campaigns/${created.body.id}`);
      await page.getByRole('button', { name: 'Duplicate' }).click();
      await page.getByRole('heading', { level: 1, name: 'Flash (copy)' }).waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      const basket = page.getByRole('list', { name: 'Recipients' });
      await basket.getByText('#vip').waitFor();
      await expect.poll(() => basket.locator('.badge').textContent()).toBe('2');
      await page.getByText('≈ 2 people').waitFor();
      expect(await page.getByLabel('When launched').isChecked()).toBe(true);
      await shoot(page, 'campaign-duplicate');
      await page.getByRole('button', { name: 'Save and launch' }).click();
      await page
        .getByText(/Sending|Completed/)
        .first()
        .waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'keeps {link:<name>} in the composer, the campaign and the editor; the API stores the link id',
    async () => {
      const page = await signedIn(LAPTOP);
      await page.goto(`${suite.app.url}/admin/campaigns`);
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'New campaign' });
      await form.getByLabel('Name').fill('With a link');
      await form.getByLabel('Message').fill('Book here: ');
      await form.getByRole('button', { name: '{link:Instagram bio}' }).click();
      expect(await form.getByLabel('Message').inputValue()).toBe('Book here: {link:Instagram bio}');
      await form.getByRole('button', { name: 'Every contact' }).click();
      await form.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { level: 1, name: 'With a link' }).waitFor();
      await page.getByText('Book here: {link:Instagram bio}').waitFor();
      const id = new URL(page.url()).pathname.split('/').pop()!;
      expect((await api(`/api/admin/campaigns/${id}`)).body.message).toBe(`Book here: {link:${linkId}}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      expect(await page.getByLabel('Message').inputValue()).toBe('Book here: {link:Instagram bio}');
      await shoot(page, 'campaign-link');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows a fixed-amount promo with its currency, and the promo form fits its card',
    async () => {
      await post('/api/admin/promo-codes', { code: 'MINUS5', description: '', discount: { amount: 5 } });
      const page = await signedIn(LAPTOP);
      await page.goto(`${suite.app.url}/admin/catalog?tab=promos`);
      const row = page.getByRole('listitem').filter({ hasText: 'MINUS5' });
      await row.getByText('−CHF 5.00').waitFor();
      await page.getByRole('button', { name: 'New promo code' }).click();
      const form = page.locator('form').filter({ has: page.locator('#promo-new-validUntil') });
      for (const viewport of [LAPTOP, PHONE]) {
        await page.setViewportSize(viewport);
        const card = (await form.boundingBox())!;
        for (const field of ['code', 'percent', 'amount', 'validUntil', 'maxUses']) {
          const box = (await page.locator(`#promo-new-${field}`).boundingBox())!;
          expect(box.x + box.width, `${field} at ${viewport.width} px`).toBeLessThanOrEqual(
            card.x + card.width,
          );
        }
      }
      await shoot(page, 'promo-form');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'says what is wrong in the panel’s language, naming the field, never the API’s own words',
    async () => {
      const page = await signedIn(LAPTOP, 'fr-FR');
      // Promo: a percentage and an amount at once.
      await page.goto(`${suite.app.url}/admin/catalog?tab=promos`);
      await page.getByRole('button', { name: 'Nouveau code promo' }).click();
      await page.locator('#promo-new-code').fill('DOUBLE');
      await page.locator('#promo-new-percent').fill('10');
      await page.locator('#promo-new-amount').fill('5');
      await page.getByRole('button', { name: 'Créer' }).click();
      const discount = page.locator('#promo-new-percent-error');
      await discount.waitFor();
      expect(await discount.textContent()).toMatch(/pourcentage.*montant/i);
      expect(await discount.textContent()).not.toMatch(/discount|percent or amount/);

      // Campaign: a send time in the past.
      await page.goto(`${suite.app.url}/admin/campaigns`);
      await page.getByRole('button', { name: 'Nouvelle campagne' }).click();
      await page.locator('#campaign-name').fill('Passé');
      await page.locator('#campaign-message').fill('Bonjour');
      await page.getByRole('button', { name: 'Tous les contacts' }).click();
      await page.locator('input[name="when"]').nth(1).check();
      await page.locator('#campaign-at').fill('2020-01-01T09:00');
      await page.getByRole('button', { name: 'Enregistrer et lancer' }).click();
      const at = page.locator('#campaign-at-error');
      await at.waitFor();
      expect(await at.textContent()).toMatch(/heure d’envoi.*futur/i);
      expect(await at.textContent()).not.toMatch(/schedule|past/);
      await shoot(page, 'errors-fr');

      // A delivery skipped for want of a web identity (imported contacts never wrote on the web).
      const created = await post('/api/admin/campaigns', {
        name: 'Web only',
        message: 'Bonjour',
        targets: [{ type: 'tag', id: 'vip' }],
        channels: ['web'],
      });
      await post(`/api/admin/campaigns/${created.body.id}/launch`);
      await page.goto(`${suite.app.url}/admin/campaigns/${created.body.id}`);
      const table = page.locator('table');
      await table.getByText('Aline Morel').waitFor();
      const text = (await table.textContent()) ?? '';
      expect(text).not.toMatch(/no_identity|no web identity/);
      expect(text).toMatch(/Web/);
      expect(text).toMatch(/jamais écrit/);
      await shoot(page, 'deliveries-fr');

      // A CSV import's refused rows: the reason as a sentence, not "phone: too short (\"12\")".
      await page.goto(`${suite.app.url}/admin/contacts`);
      await page.getByRole('button', { name: 'Importer un CSV' }).click();
      const csv = 'name,email,phone,tags\nCourt,,12,\nAline Bis,aline@example.com,,\n';
      await page
        .getByLabel('Fichier CSV')
        .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator('form').getByRole('button', { name: 'Importer un CSV' }).click();
      const report = page.getByRole('status').filter({ hasText: 'Ligne 2' });
      await report.waitFor();
      const reasons = (await report.textContent()) ?? '';
      expect(reasons).toContain('Ligne 1 : le numéro de téléphone n’est pas valide');
      expect(reasons).toContain('Ligne 2 : un contact avec cet e-mail ou ce téléphone existe déjà.');
      expect(reasons).not.toMatch(/phone:|too short|already exists/);
    },
    TEST_TIMEOUT_MS,
  );
});
