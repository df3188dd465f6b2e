/**
 * The panel with email on (the fake Resend API), in Chromium: password reset ("Forgot your password?"
 * on the login page, the emailed link, the new password, signing in with it), and the campaign
 * composer's email subject.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeResend, startFakeResend } from '../../fakes/resend-api.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const fake: FakeResend = await startFakeResend();
const NEW_PASSWORD = 'a fresh long passphrase';

describe.skipIf(skipBrowserTests)('password reset in the admin panel', () => {
  const suite = useBrowserSuite('admin-ui', {
    env: { RESEND_API_KEY: fake.apiKey, EMAIL_FROM: 'Kora <hello@example.com>', RESEND_BASE_URL: fake.url },
  });

  afterAll(() => fake.close());

  it(
    'edits the email subject of a draft in the composer',
    async () => {
      const cookie = await suite.app.login();
      const created = await adminFetch(suite.app.url, cookie, '/api/admin/campaigns', {
        method: 'POST',
        body: JSON.stringify({
          name: 'Autumn',
          message: 'Hello',
          targets: [{ type: 'all' }],
          channels: ['email'],
        }),
      });
      expect(created.status).toBe(201);
      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
      await signInToPanel(page, suite.app.url, credentials, 'en-US');
      await page.goto(`${suite.app.url}/admin/campaigns/${created.body.id}`);
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Email subject').fill('News for {firstName}');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(created.body.id)),
        page.getByRole('button', { name: 'Save draft' }).click(),
      ]);
      expect(response.status()).toBe(200);
      const saved = await adminFetch(suite.app.url, cookie, `/api/admin/campaigns/${created.body.id}`);
      expect(saved.body.subject).toBe('News for {firstName}');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'mails a link from the login page, sets the new password through it, and signs in with it',
    async () => {
      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const errors = watchErrors(page, { path: '/api/admin/auth/', status: [401] });
      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.waitForURL('**/admin/reset-password');
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await page.getByRole('status').filter({ hasText: 'a link is on its way' }).waitFor();

      const [mail] = await fake.waitForSent(1);
      const link = /(http\S+\/admin\/reset-password\?token=\S+)/.exec(mail?.text ?? '')?.[1];
      expect(link).toBeDefined();
      await page.goto(link!.replace(/^http:\/\/localhost:\d+/, suite.app.url));
      await page.getByLabel('New password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Set the password' }).click();
      await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

      await page.getByRole('link', { name: 'Back to sign-in' }).click();
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByLabel('Password').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
