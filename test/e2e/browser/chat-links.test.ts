import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from './suite.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

describe.skipIf(skipBrowserTests)('web chat page: links, text safety, language (Chromium)', () => {
  let chatPath: string;

  const suite = useBrowserSuite('chat-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    const cookie = await suite.app.login();
    const link = await adminFetch(suite.app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    expect(link.status).toBe(201);
    chatPath = `/c/${link.body.token}`;
  });

  async function joined(locale: string, name: string): Promise<Page> {
    const page = await suite.newPage({ ...PHONE, locale });
    await page.goto(`${suite.app.url}${chatPath}`);
    await page.locator('#join-name').fill(name);
    await page.locator('form.join button[type="submit"]').click();
    await page.locator('#composer-text').waitFor();
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    const box = page.locator('#composer-text');
    await box.fill(text);
    await box.press('Enter');
    await page
      .locator('li.own')
      .filter({ hasText: text.slice(0, 12) })
      .first()
      .waitFor();
  }

  it(
    'makes http(s) links clickable in a new tab, never javascript: ones, and never parses text as HTML',
    async () => {
      const page = await joined('fr-CH', 'Inès');
      const errors = watchErrors(page);
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      const safe = `${suite.app.url}/healthz`;
      const text = `Voir ${safe}. Et javascript:alert(1) puis <img src=x onerror="alert(2)"> <b>gras</b> 🎉`;
      await send(page, text);

      const bubble = page.locator('li.own .bubble').filter({ hasText: 'Voir' });
      const links = bubble.locator('a');
      expect(await links.count()).toBe(1);
      // The sentence's full stop is not part of the link.
      expect(await links.first().getAttribute('href')).toBe(safe);
      expect(await links.first().getAttribute('target')).toBe('_blank');
      expect((await links.first().getAttribute('rel'))?.split(' ').sort()).toEqual([
        'nofollow',
        'noopener',
        'noreferrer',
      ]);
      // Markup stays text: no element was made from it, and the emoji is there as typed.
      expect(await bubble.locator('img, b').count()).toBe(0);
      const shown = await bubble.textContent();
      expect(shown).toContain('<img src=x onerror="alert(2)">');
      expect(shown).toContain('javascript:alert(1)');
      expect(shown).toContain('🎉');
      expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);

      // Clicking the link opens it in a new tab, without access back to the chat.
      const [opened] = await Promise.all([page.context().waitForEvent('page'), links.first().click()]);
      await opened.waitForLoadState();
      expect(opened.url()).toBe(safe);
      expect(await opened.evaluate(() => window.opener)).toBeNull();
      expect(await opened.textContent('body')).toContain('"ok"');
      await opened.close();

      expect(dialogs).toBe(0);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'speaks the browser language and switches language on demand, remembering the choice',
    async () => {
      const page = await joined('en-US', 'Sam');
      expect(await page.locator('#composer-text').getAttribute('placeholder')).toBe('Write a message…');
      expect(await page.title()).toBe('Chat');
      await page.getByLabel('Language').selectOption('fr');
      await page.getByLabel('Votre message').waitFor();
      expect(await page.locator('#composer-text').getAttribute('placeholder')).toBe('Écrivez un message…');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      expect(await page.title()).toBe('Discussion');
      await page.reload();
      await page.getByLabel('Votre message').waitFor();
      expect(await page.getByRole('button', { name: 'Envoyer' }).count()).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'on /chat, says how to join without an invitation, and politely refuses a group that does not exist',
    async () => {
      const page = await suite.newPage({ ...PHONE, locale: 'fr-CH' });
      const errors = watchErrors(page);
      await page.goto(`${suite.app.url}/chat`);
      await page.getByText('ouvrez le lien d’invitation').waitFor();
      expect(await page.locator('#join-name').count()).toBe(0);

      await page.goto(`${suite.app.url}/chat?group=no-such-group`);
      await page.getByLabel('Votre nom').fill('Zoé');
      await page.getByRole('button', { name: 'Commencer' }).click();
      await page.getByRole('alert').filter({ hasText: 'Ce groupe n’existe pas' }).waitFor();
      // Still on the form, nothing remembered.
      expect(await page.locator('#join-name').count()).toBe(1);
      await page.screenshot({ path: path.join(tmpdir(), 'kora-chat-no-group.png') });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
