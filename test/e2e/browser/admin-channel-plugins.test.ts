/**
 * Issue 18 item 1 in Chromium: the campaign composer offers only the configured channels; the others
 * are shown disabled with the variable that turns them on (here only the web is configured).
 */
import { describe, expect, it } from 'vitest';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('issue 18: channels in the campaign composer', () => {
  const suite = useBrowserSuite('admin-ui');

  it(
    'shows unconfigured channels disabled with the variable to set, configured ones enabled',
    async () => {
      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
      await signInToPanel(page, suite.app.url, credentials, 'en-US');
      await page.goto(`${suite.app.url}/admin/campaigns`);
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'New campaign' });
      const telegram = form.locator('#channel-telegram');
      await expect.poll(() => telegram.isDisabled()).toBe(true);
      await expect.poll(() => form.locator('#channel-sms').isDisabled()).toBe(true);
      await expect.poll(() => form.locator('#channel-whatsapp').isDisabled()).toBe(true);
      expect(await form.locator('#channel-web').isDisabled()).toBe(false);
      expect(await form.locator('#channel-web').isChecked()).toBe(true);
      // The hint names the variable, and the box points to it for screen readers.
      expect(await form.locator('#channel-telegram-hint').textContent()).toContain('TELEGRAM_BOT_TOKEN');
      expect(await form.locator('#channel-sms-hint').textContent()).toContain('TWILIO_SMS_FROM');
      expect(await telegram.getAttribute('aria-describedby')).toBe('channel-telegram-hint');
      expect(await form.locator('#channel-web-hint').count()).toBe(0);
      // A click on a disabled box changes nothing.
      await telegram.click({ force: true });
      expect(await telegram.isChecked()).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});
