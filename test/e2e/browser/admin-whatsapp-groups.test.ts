/**
 * WhatsApp groups in the panel (issue 18 item 5): with a linked number, a campaign can post into a
 * WhatsApp group chat; with Twilio, whose WhatsApp has no groups, the panel does not offer it (the
 * option is disabled, the reason shown) and a WhatsApp group's page shows the reason instead of the
 * reply box.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KoraApp } from '../../../server/app.js';
import { newConversation } from '../../../core/conversations.js';
import { fakeSocketFactory } from '../../bots/whatsapp/fake-baileys-socket.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp } from '../../helpers/app.js';
import { startTwilioApp, type TwilioTestApp } from '../../helpers/twilio-app.js';
import { waitFor } from '../../helpers/wait.js';
import {
  ensureBuilt,
  launchChromium,
  signInToPanel,
  skipBrowserTests,
  TEST_TIMEOUT_MS,
  watchErrors,
} from './chromium.js';

const GROUP = '120363041234567890@g.us';

describe.skipIf(skipBrowserTests)('admin panel: WhatsApp groups (Chromium)', () => {
  let linked: KoraApp;
  let twilio: TwilioTestApp;
  let twilioGroupId: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    await ensureBuilt('admin-ui');
    const sockets = fakeSocketFactory();
    linked = (
      await startTestApp({
        env: { WHATSAPP_PROVIDER: 'baileys' },
        start: { whatsappBaileys: { socketFactory: sockets.factory, backoff: { baseMs: 20, maxMs: 100 } } },
      })
    ).kora;
    const socket = await sockets.nth(1);
    socket.groups.set(GROUP, {
      id: GROUP,
      subject: 'Yoga du jeudi',
      participants: [{ id: '41791112233@s.whatsapp.net' }, { id: '41790000031@s.whatsapp.net' }],
    });
    socket.open('41791112233:9@s.whatsapp.net');
    await waitFor(() => linked.store.conversations.findByExternalChat('whatsapp', GROUP, 'group'));

    twilio = await startTwilioApp({ TWILIO_WHATSAPP_FROM: 'whatsapp:+41791112233' });
    // A group a linked number synced before the installation moved to Twilio.
    const group = newConversation(
      { id: 'wa-group-1', kind: 'group', title: 'Yoga du jeudi', channel: 'whatsapp', externalChatId: GROUP },
      new Date().toISOString(),
    );
    await twilio.app.kora.store.conversations.create(group);
    twilioGroupId = group.id;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await linked?.close();
    await twilio?.stop();
  });

  async function composer(page: Page, url: string) {
    await signInToPanel(page, url, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await page.goto(`${url}/admin/campaigns`);
    await page.getByRole('button', { name: 'New campaign' }).click();
    return page.getByRole('form', { name: 'New campaign' });
  }

  it(
    'offers a linked number’s WhatsApp group as a group chat to post a campaign into',
    async () => {
      const page = await context.newPage();
      const errors = watchErrors(page, { path: '/api/admin/auth/', status: [401] });
      const form = await composer(page, linked.url);
      const select = form.getByLabel('Post in a group chat');
      const option = select.getByRole('option', { name: 'Yoga du jeudi · WhatsApp' });
      await option.waitFor({ state: 'attached' });
      expect(await option.isDisabled()).toBe(false);
      const id = await option.getAttribute('value');
      await select.selectOption(id!);
      await form.getByText('Yoga du jeudi (group chat)').waitFor();
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'does not offer WhatsApp groups through Twilio, and says why where the coach would post',
    async () => {
      const page = await context.newPage();
      const errors = watchErrors(page, { path: '/api/admin/auth/', status: [401] });
      const form = await composer(page, twilio.app.url);
      const option = form
        .getByLabel('Post in a group chat')
        .getByRole('option', { name: 'Yoga du jeudi · WhatsApp' });
      await option.waitFor({ state: 'attached' });
      expect(await option.isDisabled()).toBe(true);
      await form.getByText(/WhatsApp through Twilio has no groups/).waitFor();

      await page.goto(`${twilio.app.url}/admin/conversations/${twilioGroupId}`);
      await page
        .getByRole('note')
        .filter({ hasText: /Twilio has no groups/ })
        .waitFor();
      expect(await page.getByLabel('Your answer').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_TIMEOUT_MS,
  );
});
