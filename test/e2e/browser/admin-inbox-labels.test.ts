/**
 * Issue 19 in the coach's inbox (Chromium): a group conversation is labelled as a group (no mode, a
 * singular badge), and a message's status is in the panel's language.
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

describe.skipIf(skipBrowserTests)('issue 19: inbox labels', () => {
  const suite = useBrowserSuite('admin-ui');
  let groupId: string;

  beforeAll(async () => {
    const cookie = await suite.app.login();
    const post = (p: string, body: unknown) =>
      adminFetch(suite.app.url, cookie, p, { method: 'POST', body: JSON.stringify(body) });
    groupId = (await post('/api/admin/groups', { name: 'Morning yoga' })).body.id;
    expect(
      (await post(`/api/admin/conversations/${groupId}/messages`, { text: 'Bonjour à tous' })).status,
    ).toBe(201);
  });

  async function signedIn(viewport: { width: number; height: number }, locale: string): Promise<Page> {
    const page = await suite.newPage({ viewport, locale });
    const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
    await signInToPanel(page, suite.app.url, credentials, locale);
    return page;
  }

  it(
    'labels a group conversation as a group, without a mode, in English',
    async () => {
      const page = await signedIn(LAPTOP, 'en-US');
      await page.goto(`${suite.app.url}/admin/conversations/${groupId}`);
      await page.getByRole('heading', { name: 'Morning yoga' }).waitFor();
      const header = page
        .locator('header')
        .filter({ has: page.getByRole('heading', { name: 'Morning yoga' }) });
      await header.getByText(/Group/).waitFor();
      expect(await header.textContent()).not.toMatch(/Mode|STANDARD/);
      const item = page.getByRole('link', { name: /Morning yoga/ });
      expect(await item.locator('.badge').allTextContents()).toEqual(['Group']);
      for (const [size, viewport] of [
        ['laptop', LAPTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(tmpdir(), `kora-fix19-group-${size}.png`), fullPage: true });
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows the message status and the group label in French',
    async () => {
      const page = await signedIn(LAPTOP, 'fr-FR');
      await page.goto(`${suite.app.url}/admin/conversations/${groupId}`);
      const bubble = page.locator('ol').getByRole('listitem').filter({ hasText: 'Bonjour à tous' });
      await bubble.waitFor();
      const meta = (await bubble.textContent()) ?? '';
      expect(meta).not.toMatch(/\bsent\b|\bqueued\b/);
      expect(meta).toMatch(/envoyé|en file/i);
      const item = page.getByRole('link', { name: /Morning yoga/ });
      expect(await item.locator('.badge').allTextContents()).toEqual(['Groupe']);
      await page.screenshot({ path: path.join(tmpdir(), 'kora-fix19-group-fr-laptop.png'), fullPage: true });
    },
    TEST_TIMEOUT_MS,
  );
});
