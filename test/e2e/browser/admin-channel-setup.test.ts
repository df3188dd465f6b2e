/**
 * Issue 19, the channels page in Chromium: every channel with its status, the variables that turn it
 * on (from the descriptors) and, for Telegram and WhatsApp, the steps with this installation's webhook
 * addresses. Screenshots at phone and laptop sizes (kora-admin-channel-setup-*.png in the temp folder).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('channels page: status and how to turn each on', () => {
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });

  it(
    'shows each channel on or off, its variables, and the Telegram and WhatsApp steps',
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
        await page.goto(`${suite.app.url}/admin/channels`);
        const setup = page.getByRole('region', {
          name: french ? 'Activer les canaux' : 'Turning channels on',
        });
        const card = (label: string) => setup.getByRole('listitem', { name: label, exact: true });
        await card('Web chat')
          .getByText(french ? 'Activé · ready' : 'On · ready')
          .waitFor();
        await card('Web chat')
          .getByText(french ? 'Toujours activé : rien à régler.' : 'Always on: nothing to set.')
          .waitFor();
        const telegram = card('Telegram');
        await telegram.getByText(french ? 'Désactivé' : 'Off', { exact: true }).waitFor();
        await telegram.getByText('TELEGRAM_BOT_TOKEN', { exact: true }).waitFor();
        await telegram
          .getByText(french ? /^Dans Telegram, écrivez à @BotFather/ : /^In Telegram, write to @BotFather/)
          .waitFor();
        // The steps name this installation's webhook address (PUBLIC_URL).
        const cookie = await suite.app.login();
        const { publicUrl } = (await adminFetch(suite.app.url, cookie, '/api/admin/channels')).body;
        expect(publicUrl).toMatch(/^http/);
        await telegram.getByText(`${publicUrl}/webhooks/telegram`, { exact: false }).waitFor();
        const whatsapp = card('WhatsApp');
        for (const variable of [
          'TWILIO_ACCOUNT_SID',
          'TWILIO_AUTH_TOKEN',
          'TWILIO_WHATSAPP_FROM',
          'WHATSAPP_PROVIDER',
        ]) {
          await whatsapp.getByText(variable, { exact: true }).waitFor();
        }
        await whatsapp.getByText(`${publicUrl}/webhooks/twilio (HTTP POST)`, { exact: false }).waitFor();
        await card('SMS').getByText('TWILIO_SMS_FROM', { exact: true }).waitFor();
        await card('Email').getByText('RESEND_API_KEY', { exact: true }).waitFor();
        // Teams has no guide: its variables only.
        expect(await card('Microsoft Teams').locator('details').count()).toBe(0);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: path.join(tmpdir(), `kora-admin-channel-setup-${viewport.width}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );
});
