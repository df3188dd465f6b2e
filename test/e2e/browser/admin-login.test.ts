import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite } from './suite.js';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

// The browser logs every refused request as a console error: these ones are the app working.
const EXPECTED_REFUSALS = { path: '/api/admin/auth/', status: [401, 429] };

describe.skipIf(skipBrowserTests)('admin panel in Chromium', () => {
  const suite = useBrowserSuite('admin-ui');

  async function openPage(viewport: { width: number; height: number }): Promise<Page> {
    return suite.newPage({ viewport, locale: 'en-US' });
  }

  async function submitLogin(page: Page, email: string, password: string): Promise<number> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/admin/auth/login')),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    return response.status();
  }

  it(
    'sends a visitor to the login, refuses a wrong password, signs in and out',
    async () => {
      const page = await openPage({ width: 1280, height: 800 });
      const errors = watchErrors(page, EXPECTED_REFUSALS);

      await page.goto(`${suite.app.url}/admin`);
      await page.waitForURL('**/admin/login');

      expect(await submitLogin(page, suite.app.adminEmail, 'not-the-password-at-all')).toBe(401);
      await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/login');

      expect(await submitLogin(page, suite.app.adminEmail, suite.app.adminPassword)).toBe(200);
      const who = page.getByText('Signed in as');
      await who.waitFor();
      expect(await who.textContent()).toMatch(
        new RegExp(`^Signed in as .+ \\(${escapeRegExp(suite.app.adminEmail)}\\)$`),
      );
      expect(new URL(page.url()).pathname).toBe('/admin');
      const nav = page.getByRole('navigation');
      expect(await nav.count()).toBe(1);
      expect(await nav.getByRole('link', { name: 'Dashboard' }).count()).toBe(1);

      // The session is a cookie: a reload stays signed in.
      await page.reload();
      await who.waitFor();
      await page.screenshot({ path: path.join(tmpdir(), 'kora-admin-home.png') });

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL('**/admin/login');
      await page.getByLabel('Email').waitFor();
      await page.reload();
      await page.getByLabel('Password').waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/login');

      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fits a phone screen',
    async () => {
      const page = await openPage({ width: 390, height: 844 });
      const errors = watchErrors(page, EXPECTED_REFUSALS);
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByLabel('Email').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);

      expect(await submitLogin(page, suite.app.adminEmail, suite.app.adminPassword)).toBe(200);
      await page.getByText('Signed in as').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      const logout = await page.getByRole('button', { name: 'Log out' }).boundingBox();
      expect(logout).not.toBeNull();
      expect(logout!.x + logout!.width).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  // Last in this file: it locks logins from this address for 15 minutes.
  it(
    'says when to retry after too many failed logins',
    async () => {
      const page = await openPage({ width: 1280, height: 800 });
      await page.goto(`${suite.app.url}/admin/login`);
      let status = 0;
      for (let attempt = 0; attempt < 10 && status !== 429; attempt++) {
        status = await submitLogin(page, 'someone@example.com', `wrong-password-${attempt}`);
      }
      expect(status).toBe(429);
      const alert = page.getByRole('alert').filter({ hasText: 'Too many attempts' });
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Too many attempts, retry in \d+ minutes?\.$/);
    },
    TEST_TIMEOUT_MS,
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
