/**
 * What tells the coach something happened, in Chromium against the real app: the dashboard's figures
 * for today (and their live update), and the inbox's beep and browser notification for a customer's
 * message. The page's Notification and Web Audio are observed (not replaced) by an init script, so
 * the real constructors run; the test checks what the panel asked of them.
 */
// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, whose innerText() is the rendered text with its line breaks (the figures are matched line by line), not the DOM property.
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from './suite.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Records each notification and each beep the page makes, leaving the browser's own objects at work. */
const OBSERVE_ALERTS = () => {
  const seen = {
    notifications: [] as { title: string; body: string }[],
    beeps: 0,
    instances: [] as unknown[],
  };
  (window as unknown as { __alerts: typeof seen }).__alerts = seen;
  const Native = window.Notification;
  class Observed extends Native {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      seen.notifications.push({ title, body: options?.body ?? '' });
      seen.instances.push(this);
    }
  }
  Object.defineProperty(Observed, 'permission', { get: () => Native.permission });
  window.Notification = Observed as typeof Notification;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    seen.beeps++;
    return start.apply(this, args);
  };
};

type Alerts = { notifications: { title: string; body: string }[]; beeps: number };

describe.skipIf(skipBrowserTests)('alerts for the coach in Chromium', () => {
  let cookie: string;
  let linkToken: string;
  const sockets: Socket[] = [];

  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    cookie = await suite.app.login();
    const link = await adminFetch(suite.app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site web', mode: 'standard' }),
    });
    linkToken = link.body.token;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
  });

  async function customer(name: string) {
    const joined = await joinThroughLink(suite.app.url, linkToken, name);
    sockets.push(joined.socket);
    let sent = 0;
    return {
      ...joined,
      /** Sends a message and waits for the assistant's answer. */
      async say(text: string) {
        const answered = nextMessage(joined.socket, (m) => m.sender.type === 'assistant');
        const ack = await request(joined.socket, 'send', {
          conversationId: joined.conversationId,
          text,
          clientMessageId: `${name}-${++sent}`,
        });
        expect(ack.ok).toBe(true);
        await answered;
      },
    };
  }

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const context = await suite.newContext({ viewport, locale: 'en-US' });
    await context.grantPermissions(['notifications'], { origin: suite.app.url });
    await context.addInitScript(OBSERVE_ALERTS);
    const page = await context.newPage();
    await signInToPanel(page, suite.app.url, {
      email: suite.app.adminEmail,
      password: suite.app.adminPassword,
    });
    return page;
  }

  const card = (page: Page, label: string) =>
    page
      .locator('a, div')
      .filter({ has: page.getByText(label, { exact: true }) })
      .last();

  it(
    "shows today's conversations, messages and handoffs waiting, and follows new messages live",
    async () => {
      const ada = await customer('Ada');
      await ada.say('Bonjour, quels sont vos horaires ?');
      const page = await signedIn(LAPTOP);
      const errors = watchErrors(page, { path: '/api/admin/auth/me', status: [401] });
      await page.getByRole('heading', { name: 'Today', exact: true }).waitFor();
      const messages = card(page, 'Messages today');
      await expect.poll(() => messages.innerText()).toMatch(/^2\b/);
      expect(await messages.innerText()).toContain('1 from customers · 1 by the assistant · 0 by you');
      expect(await card(page, 'Conversations today').innerText()).toMatch(/^1\b[\s\S]*1 new/);
      // Nothing in the catalog answers Ada: the assistant told her the coach will answer that one and
      // stays with her, so her conversation waits for the coach without being handed over.
      expect(await card(page, 'Waiting for you').innerText()).toMatch(/^1\b[\s\S]*0 handed over to you/);
      // 14 bars of messages per day, today's last (its value is in the table read to screen readers).
      const chart = page.getByRole('figure').filter({ hasText: 'Messages per day' });
      expect(await chart.locator('rect').count()).toBe(14);
      expect(await chart.locator('td').last().innerText()).toBe('2');

      // A second customer writes, then asks for the coach: the dashboard follows without a reload.
      const bea = await customer('Bea');
      await bea.say('Je voudrais parler au coach');
      await bea.socket.emitWithAck('send', {
        conversationId: bea.conversationId,
        text: 'Vous êtes là ?',
        clientMessageId: 'bea-waiting',
      });
      await expect.poll(() => messages.innerText(), { timeout: 10_000 }).toMatch(/^5\b/);
      await expect
        .poll(() => card(page, 'Waiting for you').innerText(), { timeout: 10_000 })
        .toMatch(/^2\b[\s\S]*1 handed over to you/);
      expect(await card(page, 'Conversations today').innerText()).toMatch(/^2\b[\s\S]*2 new/);
      await expect.poll(() => card(page, 'Contacts').innerText()).toMatch(/^2\b/);
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-dashboard-today-laptop.png'),
        fullPage: true,
      });
      await page.setViewportSize(PHONE);
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-dashboard-today-phone.png'),
        fullPage: true,
      });
      // The card opens the conversations waiting for the coach: Ada's question, Bea's handoff.
      await page.setViewportSize(LAPTOP);
      await card(page, 'Waiting for you').click();
      await page.waitForURL('**/admin/conversations?waiting=true');
      const inbox = page.getByRole('region', { name: 'Conversations' });
      await expect.poll(() => inbox.getByRole('link').count()).toBe(2);
      expect(await inbox.getByRole('link').filter({ hasText: 'Question for you' }).count()).toBe(1);
      expect(await inbox.getByRole('link').filter({ hasText: 'Handoff' }).count()).toBe(1);
      // The coach answers Bea: her conversation leaves the list live, though still handed over.
      const answered = await adminFetch(
        suite.app.url,
        cookie,
        `/api/admin/conversations/${bea.conversationId}/messages`,
        {
          method: 'POST',
          body: JSON.stringify({ text: 'Oui, je suis là.' }),
        },
      );
      expect(answered.status).toBe(201);
      await expect.poll(() => inbox.getByRole('link').count()).toBe(1);
      expect(await inbox.getByRole('link').filter({ hasText: 'Question for you' }).count()).toBe(1);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "beeps and shows a browser notification for a customer's message while the coach is elsewhere",
    async () => {
      const page = await signedIn(LAPTOP);
      const errors = watchErrors(page, { path: '/api/admin/auth/me', status: [401] });
      await page.getByRole('navigation').getByRole('link', { name: 'Conversations' }).click();
      await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
      // Notifications are allowed already, so the panel does not offer to ask.
      expect(await page.getByRole('button', { name: /notifications/i }).count()).toBe(0);
      // The coach switches to another tab: the panel's page loses the focus (Playwright tells every
      // page it has the focus unless told not to).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
      const other = await page.context().newPage();
      await other.bringToFront();
      await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);

      const cleo = await customer('Cléo');
      await cleo.say('Avez-vous une place samedi ?');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __alerts: Alerts }).__alerts.notifications))
        .toEqual([{ title: expect.stringContaining('Cléo'), body: 'Avez-vous une place samedi ?' }]);
      const alerts = await page.evaluate(() => (window as unknown as { __alerts: Alerts }).__alerts);
      expect(alerts.beeps).toBe(1);
      // The assistant's answer is no customer message: no second alert.
      expect(alerts.notifications).toHaveLength(1);

      // Clicking the notification opens that conversation in the panel.
      await page.evaluate(() => {
        const seen = (window as unknown as { __alerts: { instances: Notification[] } }).__alerts;
        const shown = seen.instances[0]!;
        shown.onclick?.(new Event('click'));
      });
      await page.waitForURL(`**/admin/conversations/${cleo.conversationId}`);
      await page.getByText('Avez-vous une place samedi ?').first().waitFor();
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
