/**
 * The life cycle every browser test file shares: its page built, one app and one Chromium for the
 * file, and a browser context per test, closed after it. A file's own `beforeAll` (seeding) runs after
 * this one's, and its own `afterAll` before the app stops.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../../helpers/app.js';
import { ensureBuilt, launchChromium } from './chromium.js';

export interface BrowserSuite {
  readonly app: TestApp;
  readonly browser: Browser;
  /** This test's browser context (closed after the test). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** The first page of a new context for this test. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

export function useBrowserSuite(ui: 'admin-ui' | 'chat-ui', appOptions: TestAppOptions = {}): BrowserSuite {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    await ensureBuilt(ui);
    app = await startTestApp(appOptions);
    browser = await launchChromium();
  }, 120_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const suite: BrowserSuite = {
    get app() {
      if (!app) throw new Error('the app starts in beforeAll');
      return app;
    },
    get browser() {
      if (!browser) throw new Error('Chromium starts in beforeAll');
      return browser;
    },
    async newContext(options) {
      context = await suite.browser.newContext(options);
      return context;
    },
    async newPage(options) {
      return (await suite.newContext(options)).newPage();
    },
  };
  return suite;
}
