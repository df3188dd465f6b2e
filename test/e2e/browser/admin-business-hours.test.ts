/**
 * Issue 19, business hours in Chromium: the owner sets weekly hours and an away message on the
 * Assistant page; closing before opening is refused with a sentence naming the field, in the panel's
 * language. Screenshots at phone and laptop sizes (kora-admin-business-hours-*.png in the temp folder).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe.skipIf(skipBrowserTests)('business hours in the panel', () => {
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline', TIMEZONE: 'Europe/Zurich' } });

  it(
    'sets weekly hours and an away message, refusing a closing before the opening',
    async () => {
      for (const [viewport, locale] of [
        [PHONE, 'fr-FR'],
        [LAPTOP, 'en-US'],
      ] as const) {
        const french = locale === 'fr-FR';
        const page = await suite.newPage({ viewport, locale });
        const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
        await signInToPanel(page, suite.app.url, credentials, locale);
        const errors = watchErrors(page, { path: '/api/admin/business-hours', status: [400] });
        await page.goto(`${suite.app.url}/admin/assistant`);
        const form = page.getByRole('form', { name: french ? 'Heures d’ouverture' : 'Business hours' });
        await form.getByText('Europe/Zurich', { exact: false }).waitFor();
        await form.getByLabel(french ? 'Utiliser des heures d’ouverture' : 'Use business hours').check();
        // A day of its own per run (the second run finds the first one's hours saved).
        const day = french ? 'Lundi' : 'Tuesday';
        await form
          .getByRole('button', { name: french ? `Ajouter un horaire le ${day}` : `Add hours on ${day}` })
          .click();
        await form.getByLabel(french ? `${day}, ouverture (1)` : `${day}, opens (1)`).fill('12:00');
        await form.getByLabel(french ? `${day}, fermeture (1)` : `${day}, closes (1)`).fill('08:00');
        await form
          .getByLabel(french ? 'Message d’absence' : 'Away message')
          .fill(french ? 'En vacances jusqu’au 4 janvier.' : 'On holiday until 4 January.');
        await form
          .getByRole('button', { name: french ? 'Appliquer ces horaires' : 'Apply these hours' })
          .click();
        await form
          .getByRole('alert')
          .getByText(
            french
              ? /^Heures d’ouverture : chaque heure au format HH:MM/
              : /^Business hours: each time as HH:MM/,
          )
          .waitFor();
        await page.screenshot({
          path: path.join(tmpdir(), `kora-admin-business-hours-error-${viewport.width}.png`),
          fullPage: true,
        });
        await form.getByLabel(french ? `${day}, fermeture (1)` : `${day}, closes (1)`).fill('18:00');
        await form
          .getByRole('button', { name: french ? 'Appliquer ces horaires' : 'Apply these hours' })
          .click();
        await form
          .getByRole('status')
          .getByText(french ? 'Enregistré.' : 'Saved.')
          .waitFor();
        await page.screenshot({
          path: path.join(tmpdir(), `kora-admin-business-hours-${viewport.width}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
        const cookie = await suite.app.login();
        const saved = (await adminFetch(suite.app.url, cookie, '/api/admin/business-hours')).body;
        expect(saved).toMatchObject({
          enabled: true,
          awayMessage: french ? 'En vacances jusqu’au 4 janvier.' : 'On holiday until 4 January.',
        });
        expect(saved.weekly[french ? 'mon' : 'tue']).toEqual([{ from: '12:00', to: '18:00' }]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );
});
