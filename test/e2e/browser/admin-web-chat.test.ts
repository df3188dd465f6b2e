/**
 * Issue 19's web chat in the coach's panel (Chromium, 390×844 and 1280×800): the branding settings
 * (errors naming the field in the panel's language), images and the joined line in the thread, the
 * image button, and the coach's typing and reading reaching the customer.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, type JoinedCustomer, joinThroughLink } from '../../helpers/chat-client.js';
import { makePng } from '../../helpers/png.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR' },
  laptop: { viewport: { width: 1280, height: 800 }, locale: 'en-US' },
} as const;

const WORDS = {
  phone: {
    accentError: 'La couleur d’accent doit s’écrire #rrggbb, par exemple #3b5bdb.',
    upload: 'Envoyer un logo',
    save: 'Enregistrer',
    saved: 'Enregistré',
    joined: '(coach) a rejoint la conversation',
    attach: 'Joindre une image',
  },
  laptop: {
    accentError: 'The accent colour must be written #rrggbb, for example #3b5bdb.',
    upload: 'Upload a logo',
    save: 'Save',
    saved: 'Saved',
    joined: '(coach) joined the conversation',
    attach: 'Attach an image',
  },
} as const;

function next<T>(customer: JoinedCustomer, event: string, match: (payload: T) => boolean = () => true) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event}`)), 10_000);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      customer.socket.off(event, listener);
      resolve(payload);
    };
    customer.socket.on(event, listener);
  });
}

describe.skipIf(skipBrowserTests)("the web chat in the coach's panel (Chromium)", () => {
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });
  let cookie: string;
  let linkToken: string;

  beforeAll(async () => {
    cookie = await suite.app.login();
    const link = await adminFetch(suite.app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    linkToken = link.body.token;
  });

  async function signedIn(size: keyof typeof SIZES): Promise<Page> {
    const page = await suite.newPage(SIZES[size]);
    const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
    await signInToPanel(page, suite.app.url, credentials, SIZES[size].locale);
    return page;
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(tmpdir(), `kora-wc19-admin-${name}.png`), fullPage: true });

  for (const size of ['phone', 'laptop'] as const) {
    const words = WORDS[size];

    it(
      `sets the web chat's branding, refusing a bad colour in the panel's language (${size})`,
      async () => {
        const page = await signedIn(size);
        // The refused save is a 400 the browser reports on its console; nothing else may fail.
        const errors = watchErrors(page, { path: '/api/admin/web-chat', status: [400] });
        await page.goto(`${suite.app.url}/admin/web-chat`);
        await page.locator('#brand-name').fill(`Studio Lina ${size}`);
        await page.locator('#brand-accent').fill('vert');
        await page.getByRole('button', { name: words.save, exact: true }).click();
        const error = page.locator('#brand-accent-error');
        await error.waitFor();
        expect(await error.textContent()).toBe(words.accentError);
        expect((await (await fetch(`${suite.app.url}/chat/branding`)).json()).name).not.toBe(
          `Studio Lina ${size}`,
        );
        await page.locator('#brand-accent').fill('#0a7d5c');
        await page.locator('#brand-welcome').fill('Bienvenue ! Nous répondons vite.');
        await page.locator('#brand-reply').selectOption('hours');
        const chooser = page.waitForEvent('filechooser');
        await page.getByText(words.upload).click();
        await (await chooser).setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: makePng(80, 80) });
        await expect.poll(() => page.locator('#brand-logo').inputValue()).toMatch(/^\/chat\/logo\//);
        await page.getByRole('button', { name: words.save, exact: true }).click();
        await page.getByRole('status').filter({ hasText: words.saved }).waitFor();
        const previewLogo = page.locator('section[aria-label] img');
        await expect.poll(() => previewLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(80);
        const shown = await (await fetch(`${suite.app.url}/chat/branding`)).json();
        expect(shown).toMatchObject({
          name: `Studio Lina ${size}`,
          accentColor: '#0a7d5c',
          replyTime: 'hours',
          welcomeMessage: 'Bienvenue ! Nous répondons vite.',
        });
        await shot(page, `settings-${size}`);
        expect(errors).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `shows images and the joined line, sends an image, and tells the customer it types and reads (${size})`,
      async () => {
        const customer = await joinThroughLink(suite.app.url, linkToken, `Aïcha ${size}`);
        try {
          const { conversationId, member } = customer;
          const form = new FormData();
          form.append('conversationId', conversationId);
          form.append('clientMessageId', `photo-${size}`);
          form.append('text', 'Voici mon tapis');
          form.append(
            'file',
            new Blob([new Uint8Array(makePng(240, 160))], { type: 'image/png' }),
            'mat.png',
          );
          const sent = await fetch(`${suite.app.url}/chat/attachments`, {
            method: 'POST',
            body: form,
            headers: { authorization: `Bearer ${member.token}` },
          });
          expect(sent.status).toBe(201);
          const sentId = ((await sent.json()) as { message: { id: string } }).message.id;
          await suite.app.kora.engine.idle();
          await adminFetch(suite.app.url, cookie, `/api/admin/conversations/${conversationId}/handoff`, {
            method: 'POST',
            body: JSON.stringify({ active: true }),
          });

          const page = await signedIn(size);
          const errors = watchErrors(page);
          const read = next<{ memberId: string; messageId: string }>(customer, 'read');
          await page.goto(`${suite.app.url}/admin/conversations/${conversationId}`);
          const image = page.locator('li img').first();
          await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(240);
          expect(await page.locator('[data-system="coach_joined"]').textContent()).toContain(words.joined);
          // Opening the thread is reading it: the customer's ✓✓.
          expect(await read).toMatchObject({ memberId: 'coach', messageId: sentId });

          const typing = next<{ member: { name: string } }>(customer, 'typing');
          await page.locator('#reply').pressSequentially('Joli');
          expect((await typing).member.name).toBeTruthy();

          const live = next<{ message: { sender: { type: string }; media?: { url: string }[] } }>(
            customer,
            'message',
            (event) => event.message.sender.type === 'coach',
          );
          const chooser = page.waitForEvent('filechooser');
          await page.locator(`button[aria-label="${words.attach}"]`).click();
          await (await chooser).setFiles({
            name: 'plan.png',
            mimeType: 'image/png',
            buffer: makePng(200, 120, [200, 80, 40]),
          });
          const theirs = await live;
          expect(theirs.message.media?.[0]?.url).toMatch(/^\/chat\/attachments\//);
          await expect.poll(() => page.locator('li img').count()).toBe(2);
          await expect
            .poll(() =>
              page
                .locator('li img')
                .last()
                .evaluate((img: HTMLImageElement) => img.naturalWidth),
            )
            .toBe(200);
          expect(await page.locator('#reply').inputValue()).toBe('');
          await shot(page, `thread-${size}`);
          expect(errors).toEqual([]);
        } finally {
          customer.socket.close();
        }
      },
      TEST_TIMEOUT_MS,
    );
  }
});
