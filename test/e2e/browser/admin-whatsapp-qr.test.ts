import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KoraApp } from '../../../server/app.js';
import {
  type FakeBaileysSocket,
  type FakeSocketFactory,
  fakeSocketFactory,
} from '../../bots/whatsapp/fake-baileys-socket.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp } from '../../helpers/app.js';
import {
  ensureBuilt,
  launchChromium,
  signInToPanel,
  skipBrowserTests,
  TEST_TIMEOUT_MS,
  watchErrors,
} from './chromium.js';

describe.skipIf(skipBrowserTests)('admin panel: linking WhatsApp by QR code (Chromium)', () => {
  let kora: KoraApp;
  let sockets: FakeSocketFactory;
  let socket: FakeBaileysSocket;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await ensureBuilt('admin-ui');
    sockets = fakeSocketFactory();
    kora = (
      await startTestApp({
        env: { WHATSAPP_PROVIDER: 'baileys' },
        start: { whatsappBaileys: { socketFactory: sockets.factory, backoff: { baseMs: 20, maxMs: 100 } } },
      })
    ).kora;
    socket = await sockets.nth(1);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await kora?.close();
  });

  it(
    'shows the QR code Baileys issues, live, then the linked number',
    async () => {
      const errors = watchErrors(page, { path: '/api/admin/auth/', status: [401] });
      await signInToPanel(page, kora.url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      await page.getByRole('navigation').getByRole('link', { name: 'Channels' }).click();
      const card = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: /whatsapp/i }) });
      await card.getByText('No QR code to scan right now.').waitFor();

      // Baileys issues a code: the /admin socket says so and the panel fetches the image.
      socket.showQr('2@PanelQrPayload,Zm9vYmFy,YmF6cXV4,ZGF0YQ==');
      const image = card.getByRole('img', { name: 'Scan with WhatsApp to link the number' });
      await image.waitFor();
      expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await page.screenshot({
        path: path.join(os.tmpdir(), 'kora-admin-channels-qr-phone.png'),
        fullPage: true,
      });

      // Scanned: the number is linked, the code goes away, the state turns ready.
      socket.open('41791112233:9@s.whatsapp.net');
      await card.getByText('ready', { exact: true }).waitFor();
      await card.getByText('+41791112233').waitFor();
      await card.getByText('No QR code to scan right now.').waitFor();
      expect(await image.count()).toBe(0);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
