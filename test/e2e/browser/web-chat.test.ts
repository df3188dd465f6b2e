import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../helpers/app.js';
import { useBrowserSuite } from './suite.js';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const QUESTION = 'Combien coûte le cours de méditation ?';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-CH' };

interface CreatedLink {
  id: string;
  token: string;
  urls: { web: string };
}

describe.skipIf(skipBrowserTests)('web chat in Chromium', () => {
  let link: CreatedLink;
  /** `urls.web` on the test server: it carries PUBLIC_URL, which tests do not set to their free port. */
  let chatUrl: string;

  const suite = useBrowserSuite('chat-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    const cookie = await suite.app.login();
    await adminPost(suite.app, cookie, '/api/admin/offers', {
      name: 'Cours de méditation',
      kind: 'course',
      description: 'Huit semaines pour apprendre à méditer.',
      price: 490,
      currency: 'CHF',
      visible: true,
    });
    link = await adminPost<CreatedLink>(suite.app, cookie, '/api/admin/links', {
      name: 'Site',
      mode: 'standard',
    });
    chatUrl = new URL(new URL(link.urls.web).pathname, suite.app.url).href;
  });

  async function openChat(): Promise<Page> {
    const page = await suite.newPage(PHONE);
    await page.goto(chatUrl);
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    const box = page.getByLabel('Votre message');
    await box.fill(text);
    await box.press('Enter');
  }

  it(
    'asks the name once, answers a price question, keeps the history across a reload',
    async () => {
      expect(new URL(link.urls.web).pathname).toBe(`/c/${link.token}`);
      const page = await openChat();
      const errors = watchErrors(page);

      await page.getByLabel('Votre nom').fill('Camille');
      await page.getByRole('button', { name: 'Commencer' }).click();
      await send(page, QUESTION);

      const answer = page.locator('li[data-sender="assistant"]').filter({ hasText: '490 CHF' });
      await answer.first().waitFor({ timeout: 15_000 });
      const mine = page.locator('li.own').filter({ hasText: QUESTION });
      // The ack and the server's `message` event carry the same message: it shows once.
      expect(await mine.count()).toBe(1);
      expect(await page.getByLabel('Votre message').inputValue()).toBe('');
      expect(await page.locator('li[data-sender="assistant"] .badge').first().textContent()).toBe(
        'Assistant',
      );

      const stored = await page.evaluate(() => localStorage.getItem('kora.member'));
      expect(JSON.parse(stored ?? 'null')).toMatchObject({ name: 'Camille', token: expect.any(String) });

      await page.reload();
      await answer.first().waitFor({ timeout: 15_000 });
      expect(await mine.count()).toBe(1);
      expect(await page.getByLabel('Votre nom').count()).toBe(0);
      await page.screenshot({ path: path.join(tmpdir(), 'kora-web-chat.png') });

      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'asks the name again when the stored member token is refused',
    async () => {
      const context = await suite.newContext(PHONE);
      await context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
          sessionStorage.setItem('seeded', '1');
          localStorage.setItem(
            'kora.member',
            JSON.stringify({ id: 'gone', name: 'Ancien', token: 'not-a-token' }),
          );
        }
      });
      const page = await context.newPage();
      await page.goto(chatUrl);
      await page.getByLabel('Votre nom').waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => localStorage.getItem('kora.member'))).toBeNull();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows the refusal when the visitor sends too fast',
    async () => {
      const page = await openChat();
      await page.getByLabel('Votre nom').fill('Alex');
      await page.getByRole('button', { name: 'Commencer' }).click();
      const box = page.getByLabel('Votre message');
      const refusal = page.getByRole('alert').filter({ hasText: 'trop vite' });
      for (let n = 1; n <= 12 && (await refusal.count()) === 0; n++) {
        await send(page, `message ${n}`);
        // Wait for the ack: the box empties on success, the refusal appears otherwise.
        await page.waitForFunction(
          () =>
            (document.getElementById('composer-text') as HTMLTextAreaElement | null)?.value === '' ||
            document.querySelector('.composer [role="alert"]') !== null,
        );
      }
      await refusal.waitFor();
      // The refused text stays in the box to send again later.
      expect(await box.inputValue()).toMatch(/^message \d+$/);
    },
    TEST_TIMEOUT_MS,
  );
});

async function adminPost<T = unknown>(app: TestApp, cookie: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
