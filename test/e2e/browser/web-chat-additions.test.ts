/**
 * Issue 19's web chat additions in Chromium, on a phone (390×844) and a laptop (1280×800): the
 * business's branding, "(coach) joined the conversation", the coach's typing, delivery ticks with
 * the business, the emoji picker and images. Screenshots land in the temp folder (kora-wc19-*.png).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { makePng } from '../../helpers/png.js';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  laptop: { viewport: { width: 1280, height: 800 } },
} as const;
const ACCENT = '#0a7d5c';

describe.skipIf(skipBrowserTests)('web chat additions (Chromium)', () => {
  const suite = useBrowserSuite('chat-ui', { env: { AI_PROVIDER: 'offline' } });
  let cookie: string;
  let chatPath: string;

  const api = (p: string, method: string, body?: unknown) =>
    adminFetch(suite.app.url, cookie, p, { method, ...(body ? { body: JSON.stringify(body) } : {}) });

  async function upload(p: string, fields: Record<string, string>, bytes: Buffer) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'image.png');
    const response = await fetch(`${suite.app.url}${p}`, {
      method: 'POST',
      body: form,
      headers: { cookie, origin: suite.app.url },
    });
    return { status: response.status, body: await response.json() };
  }

  beforeAll(async () => {
    cookie = await suite.app.login();
    const link = await api('/api/admin/links', 'POST', { name: 'Site', mode: 'standard' });
    chatPath = `/c/${link.body.token}`;
    const logo = await upload('/api/admin/web-chat/logo', {}, makePng(96, 96, [10, 125, 92]));
    expect(logo.status).toBe(201);
    const saved = await api('/api/admin/web-chat', 'PUT', {
      name: 'Studio Lina',
      logoUrl: logo.body.logoUrl,
      accentColor: ACCENT,
      welcomeMessage: 'Bienvenue au Studio Lina ! Posez-nous vos questions.',
      replyTime: 'minutes',
    });
    expect(saved.status).toBe(200);
  });

  /** A visitor who joined through the link; returns their conversation id. */
  async function joined(page: Page, name: string): Promise<string> {
    await page.goto(`${suite.app.url}${chatPath}`);
    await page.locator('#join-name').fill(name);
    await page.locator('form.join button[type="submit"]').click();
    await page.locator('#composer-text').waitFor();
    return page.evaluate(() => localStorage.getItem('kora.selected') ?? '');
  }

  async function say(page: Page, text: string) {
    await page.locator('#composer-text').fill(text);
    await page.locator('#composer-text').press('Enter');
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(tmpdir(), `kora-wc19-${name}.png`) });

  for (const [size, options] of Object.entries(SIZES)) {
    it(
      `wears the business's name, logo, colour, welcome and reply time (${size})`,
      async () => {
        const page = await suite.newPage({ ...options, locale: 'fr-FR' });
        const errors = watchErrors(page);
        await page.goto(`${suite.app.url}${chatPath}`);
        await page.locator('.chat-header h1', { hasText: 'Studio Lina' }).waitFor();
        await expect
          .poll(() => page.locator('form.join p').first().textContent())
          .toContain('Bienvenue au Studio Lina');
        expect(await page.locator('.reply-time').textContent()).toBe('Répond en général en quelques minutes');
        const logo = page.locator('img.brand-logo');
        await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
        const button = await page
          .locator('form.join button[type="submit"]')
          .evaluate((el) => getComputedStyle(el).backgroundColor);
        expect(button).toBe('rgb(10, 125, 92)');
        expect(await page.title()).toBe('Studio Lina');
        await shot(page, `branding-${size}`);
        expect(errors).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `shows delivery ticks, the coach joining and typing, and read after a reload (${size})`,
      async () => {
        const page = await suite.newPage({ ...options, locale: 'en-US' });
        const errors = watchErrors(page);
        const conversationId = await joined(page, `Aïcha ${size}`);
        await expect.poll(() => page.locator('.message.welcome').textContent()).toContain('Bienvenue');
        await say(page, 'Hello, what are your opening hours?');
        // The assistant answered: the customer's message shows ✓✓ delivered.
        await page.locator('.message.own .receipt.delivered').first().waitFor();
        expect(await page.locator('.message.own .receipt').first().getAttribute('title')).toBe('Delivered');
        // A person takes over: the line is shown at once and kept.
        await api(`/api/admin/conversations/${conversationId}/handoff`, 'POST', { active: true });
        const line = page.locator('.message.system-line');
        await line.waitFor();
        expect(await line.textContent()).toMatch(/^.+ \(coach\) joined the conversation$/);
        // The coach writes in the panel: the customer sees it.
        const coach = await connectAdmin(suite.app.url, cookie);
        try {
          await coach.timeout(5_000).emitWithAck('typing', { conversationId });
          await page.locator('.typing', { hasText: 'is typing…' }).waitFor();
          await shot(page, `coach-typing-${size}`);
        } finally {
          coach.close();
        }
        await say(page, 'Are you there?');
        await expect
          .poll(() => page.locator('.message.own .receipt').last().getAttribute('class'))
          .toContain('sent');
        const messages = await api(`/api/admin/conversations/${conversationId}/messages`, 'GET');
        const newest = messages.body.items.findLast(
          (m: { sender: { type: string } }) => m.sender.type === 'contact',
        );
        await api(`/api/admin/conversations/${conversationId}/read`, 'POST', { messageId: newest.id });
        await expect.poll(() => page.locator('.message.own .receipt.read').count()).toBe(2);
        await page.reload();
        await page.locator('.message.system-line').waitFor();
        await expect.poll(() => page.locator('.message.own .receipt.read').count()).toBe(2);
        await shot(page, `ticks-joined-${size}`);
        expect(errors).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `inserts an emoji from a picker loaded on demand (${size})`,
      async () => {
        const page = await suite.newPage({ ...options, locale: 'en-US' });
        const scripts: string[] = [];
        page.on('request', (request) => {
          if (request.resourceType() === 'script') scripts.push(request.url());
        });
        await joined(page, `Ben ${size}`);
        const before = scripts.length;
        await page.locator('#composer-text').fill('Merci ');
        await page.getByRole('button', { name: 'Add an emoji' }).click();
        const picker = page.getByRole('dialog', { name: 'Emoji' });
        await picker.waitFor();
        expect(scripts.length).toBe(before + 1);
        expect(await picker.locator('button.emoji').count()).toBeGreaterThan(50);
        await shot(page, `emoji-${size}`);
        await picker.getByRole('button', { name: '🙏' }).click();
        expect(await page.locator('#composer-text').inputValue()).toBe('Merci 🙏');
        expect(await picker.isVisible()).toBe(false);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `sends an image, refuses one over 5 MB, and shows the coach's (${size})`,
      async () => {
        const page = await suite.newPage({ ...options, locale: 'en-US' });
        const errors = watchErrors(page);
        const conversationId = await joined(page, `Cléo ${size}`);
        const input = page.locator('#composer-image');
        await input.setInputFiles({
          name: 'huge.png',
          mimeType: 'image/png',
          buffer: Buffer.alloc(5 * 1024 * 1024 + 1),
        });
        await page.locator('.composer .error', { hasText: 'larger than 5 MB' }).waitFor();
        await page.locator('#composer-text').fill('My mat');
        await input.setInputFiles({ name: 'mat.png', mimeType: 'image/png', buffer: makePng(240, 160) });
        const own = page.locator('.message.own img.message-image');
        await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
        expect(
          await page.locator('.message.own', { has: page.locator('img.message-image') }).textContent(),
        ).toContain('My mat');
        expect(await page.locator('#composer-text').inputValue()).toBe('');
        const coach = await upload(
          '/api/admin/attachments',
          { conversationId, text: 'Our studio' },
          makePng(200, 120, [200, 80, 40]),
        );
        expect(coach.status).toBe(201);
        const theirs = page.locator('.message.coach img.message-image');
        await expect.poll(() => theirs.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(200);
        await page.reload();
        await expect.poll(() => page.locator('img.message-image').count()).toBe(2);
        await shot(page, `images-${size}`);
        expect(errors).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );
  }
});

function connectAdmin(url: string, cookie: string): Promise<Socket> {
  const socket = io(`${url}/admin`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}
