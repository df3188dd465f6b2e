/**
 * What the coach sees of the assistant's work in the panel's conversation view, with a model behind it
 * (the fake LLM server, driven by the real OpenAI SDK): the STRICT guard's interventions, the tracked
 * payment links and their clicks, and the AI usage on the dashboard.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLlm, startFakeLlm } from '../../fakes/llm-server.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../../helpers/chat-client.js';
import {
  ensureBuilt,
  launchChromium,
  signInToPanel,
  skipBrowserTests,
  TEST_TIMEOUT_MS,
  watchErrors,
} from './chromium.js';

const PAY_URL = 'https://pay.example.com/yoga';
const ANSWER = `Le cours coûte 120 CHF, payez ici : ${PAY_URL}`;

describe.skipIf(skipBrowserTests)('admin panel: the assistant at work, seen by the coach (Chromium)', () => {
  let llm: FakeLlm;
  let app: TestApp;
  let cookie: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const tokens = { standard: '', strict: '' };
  const sockets: { close(): void }[] = [];

  const post = (route: string, body: unknown) =>
    adminFetch(app.url, cookie, route, { method: 'POST', body: JSON.stringify(body) });

  /** A customer of `mode` asks; resolves once the assistant answered them. */
  async function ask(mode: 'standard' | 'strict', name: string, text: string) {
    const customer = await joinThroughLink(app.url, tokens[mode], name);
    sockets.push(customer.socket);
    const answered = nextMessage(customer.socket, (m) => m.sender.type === 'assistant', 10_000);
    const sent = await request(customer.socket, 'send', {
      conversationId: customer.conversationId,
      text,
      clientMessageId: `${name}-1`,
    });
    expect(sent.ok).toBe(true);
    return { conversationId: customer.conversationId, answer: await answered };
  }

  beforeAll(async () => {
    await ensureBuilt('admin-ui');
    llm = await startFakeLlm({ text: ANSWER });
    app = await startTestApp({
      env: {
        AI_PROVIDER: 'openai',
        OPENAI_API_KEY: 'sk-test-123',
        OPENAI_BASE_URL: `${llm.url}/v1`,
        OPENAI_MODEL: 'gpt-test',
      },
    });
    cookie = await app.login();
    const offer = await post('/api/admin/offers', {
      name: 'Yoga du samedi',
      kind: 'course',
      price: 120,
      currency: 'CHF',
      paymentUrl: PAY_URL,
    });
    expect(offer.status).toBe(201);
    tokens.standard = (await post('/api/admin/links', { name: 'Annonces', mode: 'standard' })).body.token;
    tokens.strict = (
      await post('/api/admin/links', {
        name: 'Partenaire',
        mode: 'strict',
        customPrompt: 'Présente le studio, jamais de prix.',
      })
    ).body.token;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await context.newPage();
    errors = watchErrors(page, { path: '/api/admin/auth/', status: [401] });
    await signInToPanel(page, app.url, { email: app.adminEmail, password: app.adminPassword });
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await context?.close();
    await browser?.close();
    await app?.stop();
    await llm?.close();
  });

  it(
    'shows what the STRICT guard removed from an answer, which the customer never saw',
    async () => {
      const { conversationId, answer } = await ask('strict', 'Hugo Strict', 'Combien coûte le yoga ?');
      expect(answer.text).not.toContain('120');
      await page.goto(`${app.url}/admin/conversations/${conversationId}`);
      const guard = page.getByText(/^The STRICT guard removed: /);
      await guard.waitFor();
      const removed = await guard.textContent();
      expect(removed).toContain('120 CHF');
      expect(removed).toContain(PAY_URL);
      // The whole passage the customer got a short phrase for, as the model wrote it.
      const passage = await page
        .getByText(/^Replaced passage: /)
        .first()
        .textContent();
      expect(passage).toContain('120 CHF');
      await page.getByText('Mode STRICT').waitFor();
      await page.screenshot({ path: path.join(tmpdir(), 'kora-admin-conversation-guard-laptop.png') });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lists the payment links sent in a conversation with their clicks',
    async () => {
      const { conversationId, answer } = await ask('standard', 'Anna Standard', 'Je veux réserver le yoga');
      expect(answer.text).toContain('/p/');
      const tracked = await adminFetch(
        app.url,
        cookie,
        `/api/admin/conversations/${conversationId}/payment-links`,
      );
      expect(tracked.body.items).toHaveLength(1);
      // The customer follows the link (the redirect is the product; its target is not fetched).
      const click = await fetch(`${app.url}/p/${tracked.body.items[0].id}`, { redirect: 'manual' });
      expect(click.status).toBe(302);

      await page.goto(`${app.url}/admin/conversations/${conversationId}`);
      const payments = page.locator('details').filter({ hasText: 'Payment links' });
      await payments.getByText('Clicks: 1').first().waitFor();
      await payments.locator('summary').click();
      await payments.getByText(PAY_URL).waitFor();

      // The dashboard counts the model's tokens of today.
      await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
      const used = page.getByText(/AI tokens today/).locator('..');
      await used.waitFor();
      expect(Number((await used.locator('span').first().textContent())?.replace(/\D/g, ''))).toBeGreaterThan(
        0,
      );
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
