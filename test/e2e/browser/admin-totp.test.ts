/**
 * The owner turns on two-factor sign-in from the panel (reading the key the page shows and computing
 * the code as an authenticator app would), signs out, and signs in with a code; then turns it off.
 * Screenshots of the security page and of the login's code step at phone and laptop sizes go to
 * /tmp/shots-totp/.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, stepAt } from '../../../server/admin/auth/totp.js';
import { useBrowserSuite } from './suite.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const SHOTS = '/tmp/shots-totp';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
// The login's 401 (code needed, wrong code) and the set-up's 400 (wrong code) are the app working.
const EXPECTED_REFUSALS = { path: '/api/admin/auth/', status: [400, 401] };

describe.skipIf(skipBrowserTests)('two-factor sign-in in the admin panel (Chromium)', () => {
  /** Shown by the first test, used by the second. */
  let recoveryCodes: string[] = [];

  const suite = useBrowserSuite('admin-ui');

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  async function openPage(locale: string): Promise<Page> {
    return suite.newPage({ viewport: LAPTOP, locale });
  }

  const overflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

  /** Screenshots at both sizes; nothing may stick out sideways on the phone. */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.setViewportSize(PHONE);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${SHOTS}/${name}-390x844.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
    await page.screenshot({ path: `${SHOTS}/${name}-1280x800.png`, fullPage: true });
  }

  async function signIn(page: Page, submitName: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/admin/auth/login')),
      page.getByRole('button', { name: submitName }).click(),
    ]);
    return response.status();
  }

  it(
    'turns 2FA on from the Security page, then signs in with the code; wrong codes are said next to the field',
    async () => {
      const page = await openPage('en-US');
      const errors = watchErrors(page, EXPECTED_REFUSALS);
      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByLabel('Password').fill(suite.app.adminPassword);
      expect(await signIn(page, 'Sign in')).toBe(200);
      await page.getByText('Signed in as').waitFor();

      await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
      await page.waitForURL('**/admin/security');
      await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
      await page.getByText('Off: your password alone signs you in.').waitFor();
      await page.getByRole('button', { name: 'Set up' }).click();

      const shown = page.getByTestId('totp-secret');
      await shown.waitFor();
      const secret = base32Decode((await shown.textContent()) ?? '');
      expect(secret).toHaveLength(20);
      // The QR code is drawn (an image, not the placeholder).
      await page.locator('img[alt="QR code to scan with your authenticator app"]').waitFor();
      await shoot(page, 'security-setup');

      const field = page.getByLabel('Authentication code');
      expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await field.getAttribute('inputmode')).toBe('numeric');
      const step = stepAt(Date.now());
      const right = hotp(secret, step);
      await field.fill(String((Number(right) + 1) % 1_000_000).padStart(6, '0'));
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByText('Wrong code. Type the code your app shows now').waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');

      await field.fill(right);
      await page.getByRole('button', { name: 'Turn on' }).click();
      await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
      const codes = await page.locator('ol code').allTextContents();
      recoveryCodes = codes;
      expect(codes).toHaveLength(10);
      for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      await page.getByRole('button', { name: 'Copy the recovery codes' }).waitFor();
      await shoot(page, 'security-recovery-codes');
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByText(/^✓ On since .+\. 10 unused recovery codes left\.$/).waitFor();
      await shoot(page, 'security-on');

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL('**/admin/login');

      // Sign in again: the password first, then the code step.
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByLabel('Password').fill(suite.app.adminPassword);
      expect(await signIn(page, 'Sign in')).toBe(401);
      const codeField = page.getByLabel('Authentication code');
      await codeField.waitFor();
      expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await codeField.getAttribute('inputmode')).toBe('numeric');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
      await shoot(page, 'login-code');

      // The code that turned 2FA on is used up.
      await codeField.fill(right);
      expect(await signIn(page, 'Sign in')).toBe(401);
      await page.locator('#code-error').filter({ hasText: 'Wrong code.' }).waitFor();
      expect(await codeField.getAttribute('aria-invalid')).toBe('true');
      await shoot(page, 'login-code-wrong');

      await codeField.fill(hotp(secret, Math.max(step + 1, stepAt(Date.now()))));
      expect(await signIn(page, 'Sign in')).toBe(200);
      await page.getByText('Signed in as').waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin');

      // A recovery code too, after switching the field to it.
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL('**/admin/login');
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByLabel('Password').fill(suite.app.adminPassword);
      expect(await signIn(page, 'Sign in')).toBe(401);
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      const recoveryField = page.getByLabel('Recovery code');
      expect(await recoveryField.getAttribute('inputmode')).toBe('text');
      await recoveryField.fill(codes[0]!);
      expect(await signIn(page, 'Sign in')).toBe(200);
      await page.getByText('Signed in as').waitFor();

      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'turns 2FA off in French with the password and a recovery code',
    async () => {
      expect(recoveryCodes).toHaveLength(10);
      const page = await openPage('fr-FR');
      const errors = watchErrors(page, EXPECTED_REFUSALS);
      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByLabel('E-mail').fill(suite.app.adminEmail);
      await page.getByLabel('Mot de passe').fill(suite.app.adminPassword);
      expect(await signIn(page, 'Se connecter')).toBe(401);
      await page.getByRole('button', { name: 'Utiliser un code de secours' }).click();
      await page.getByLabel('Code de secours').fill(recoveryCodes[1]!);
      expect(await signIn(page, 'Se connecter')).toBe(200);
      await page.getByText('Connecté en tant que').waitFor();

      await page.getByRole('navigation').getByRole('link', { name: 'Sécurité' }).click();
      await page.getByRole('heading', { name: 'Connexion en deux étapes' }).waitFor();
      await page.getByText(/Activée depuis le .+\. 8 codes de secours inutilisés\.$/).waitFor();

      // New recovery codes: the ones left before stop working.
      await page.getByRole('button', { name: 'Nouveaux codes de secours' }).click();
      await page.getByLabel('Mot de passe').fill(suite.app.adminPassword);
      await page.getByLabel('Code ou code de secours').fill(recoveryCodes[2]!);
      await page.locator('form').getByRole('button', { name: 'Nouveaux codes de secours' }).click();
      await page.getByRole('heading', { name: 'Vos codes de secours' }).waitFor();
      const renewed = await page.locator('ol code').allTextContents();
      expect(renewed).toHaveLength(10);
      expect(renewed.filter((code) => recoveryCodes.includes(code))).toEqual([]);
      await shoot(page, 'security-renewed-fr');
      await page.getByRole('button', { name: 'Je les ai enregistrés' }).click();
      await page.getByText(/Activée depuis le .+\. 10 codes de secours inutilisés\.$/).waitFor();

      await page.getByRole('button', { name: 'Désactiver' }).click();
      const password = page.getByLabel('Mot de passe');
      const code = page.getByLabel('Code ou code de secours');
      await password.fill('pas le bon mot de passe');
      await code.fill(renewed[0]!);
      await page.getByRole('button', { name: 'Désactiver' }).click();
      await page
        .locator('#totp-disable-password-error')
        .filter({ hasText: 'Mot de passe incorrect.' })
        .waitFor();
      await shoot(page, 'security-turn-off-fr');

      // A code from before the renewal no longer works.
      await password.fill(suite.app.adminPassword);
      await code.fill(recoveryCodes[3]!);
      await page.getByRole('button', { name: 'Désactiver' }).click();
      await page.locator('#totp-disable-code-error').waitFor();
      await code.fill(renewed[0]!);
      await page.getByRole('button', { name: 'Désactiver' }).click();
      await page.getByText('Désactivée : votre mot de passe suffit pour vous connecter.').waitFor();
      await page.getByRole('button', { name: 'Configurer' }).waitFor();
      const owner = await suite.app.kora.store.adminUsers.getByEmail(suite.app.adminEmail);
      expect(owner).toMatchObject({ totpSecret: null, totpEnabledAt: null });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "resets an agent's 2FA from the Users page, after a confirmation",
    async () => {
      // An agent with 2FA on, set up over the API as their own browser would.
      const owner = await suite.app.login();
      const agent = { email: 'zoe@example.com', password: 'agent password 12345' };
      const created = await adminFetch(suite.app.url, owner, '/api/admin/users', {
        method: 'POST',
        body: JSON.stringify({ ...agent, name: 'Zoé Agent', role: 'agent' }),
      });
      expect(created.status).toBe(201);
      const login = await fetch(`${suite.app.url}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(agent),
      });
      const agentCookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const setup = await adminFetch(suite.app.url, agentCookie, '/api/admin/auth/totp/setup', {
        method: 'POST',
      });
      const code = hotp(base32Decode(setup.body.secret), stepAt(Date.now()));
      const enabled = await adminFetch(suite.app.url, agentCookie, '/api/admin/auth/totp/enable', {
        method: 'POST',
        body: JSON.stringify({ code }),
      });
      expect(enabled.status).toBe(200);

      const page = await openPage('en-US');
      const errors = watchErrors(page, EXPECTED_REFUSALS);
      await signInToPanel(page, suite.app.url, {
        email: suite.app.adminEmail,
        password: suite.app.adminPassword,
      });
      await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click();
      const row = page.locator('li.item-row').filter({ hasText: 'zoe@example.com' });
      await row.getByText('2FA', { exact: true }).waitFor();
      const me = page.locator('li.item-row').filter({ hasText: suite.app.adminEmail });
      await me.waitFor();
      expect(await me.getByRole('button', { name: /Reset 2FA/ }).count()).toBe(0);
      await shoot(page, 'users-with-2fa');

      // Dismissed: nothing changes; accepted: 2FA is off and the agent is signed out.
      page.once('dialog', (dialog) => void dialog.dismiss());
      await row.getByRole('button', { name: 'Reset 2FA Zoé Agent' }).click();
      expect((await adminFetch(suite.app.url, agentCookie, '/api/admin/auth/me')).status).toBe(200);
      const messages: string[] = [];
      page.once('dialog', (dialog) => {
        messages.push(dialog.message());
        void dialog.accept();
      });
      await row.getByRole('button', { name: 'Reset 2FA Zoé Agent' }).click();
      await row.getByRole('button', { name: 'Reset 2FA Zoé Agent' }).waitFor({ state: 'detached' });
      expect(messages[0]).toContain('Zoé Agent');
      expect(await row.getByText('2FA', { exact: true }).count()).toBe(0);
      await shoot(page, 'users-after-reset');
      expect((await adminFetch(suite.app.url, agentCookie, '/api/admin/auth/me')).status).toBe(401);
      expect((await suite.app.kora.store.adminUsers.getByEmail(agent.email))?.totpEnabledAt).toBeNull();
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
