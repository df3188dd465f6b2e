import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from '../../fakes/llm-server.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { ensureBuilt, launchChromium, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const CHUNKS = ['La séance ', 'dure une heure ', 'et se fait en ligne.'];

describe.skipIf(skipBrowserTests)('streamed answer in the web chat (Chromium)', () => {
  let llm: FakeLlm;
  let app: TestApp;
  let browser: Browser;
  let chatPath: string;

  beforeAll(async () => {
    await ensureBuilt('chat-ui');
    llm = await startFakeLlm({ text: CHUNKS.join('') });
    llm.respondWith({ text: CHUNKS.join(''), chunks: CHUNKS, chunkDelayMs: 400 });
    app = await startTestApp({
      env: { AI_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.url}/v1` },
    });
    browser = await launchChromium();
    const cookie = await app.login();
    const link = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    chatPath = `/c/${link.body.token}`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await llm?.close();
  });

  it(
    'shows the answer growing, then the stored message in its place',
    async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-CH' });
      try {
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${app.url}${chatPath}`);
        await page.getByLabel('Votre nom').fill('Nina');
        await page.getByRole('button', { name: 'Commencer' }).click();
        const box = page.getByLabel('Votre message');
        await box.fill('Combien de temps dure une séance ?');
        await box.press('Enter');
        const draft = page.locator('.draft');
        await draft.waitFor({ timeout: 15_000 });
        const partial = (await draft.textContent()) ?? '';
        expect(partial.length).toBeGreaterThan(0);
        expect(CHUNKS.join('').startsWith(partial.replace(/\s*…$/, '').trim().slice(0, 8))).toBe(true);
        const final = page.locator('li[data-sender="assistant"]').filter({ hasText: CHUNKS[2]! });
        await final.waitFor({ timeout: 15_000 });
        expect(await draft.count()).toBe(0);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
