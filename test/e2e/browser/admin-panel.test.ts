/**
 * The coach's panel in Chromium, against the real app: every section opens (phone and laptop, no
 * console error), the inbox is live, links are made from the panel, campaigns are composed and sent.
 * Screenshots of each section land in the system temp folder (kora-admin-<section>-<size>.png).
 */
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite } from './suite.js';
import { adminFetch, joinThroughLink, nextMessage, request } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS } from './chromium.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Each section: its nav link, the heading it shows, and the admin API it reads first. */
const SECTIONS = [
  { slug: 'dashboard', link: 'Dashboard', heading: 'Dashboard', api: '/api/admin/stats' },
  { slug: 'conversations', link: 'Conversations', heading: null, api: '/api/admin/conversations' },
  { slug: 'contacts', link: 'Contacts', heading: 'Contacts', api: '/api/admin/contacts' },
  { slug: 'groups', link: 'Groups', heading: 'Groups', api: '/api/admin/groups' },
  { slug: 'classes', link: 'Classes', heading: 'Classes', api: '/api/admin/sessions' },
  { slug: 'bookings', link: 'Bookings', heading: 'Bookings', api: '/api/admin/bookings' },
  { slug: 'check-in', link: 'Check-in', heading: 'Check-in', api: '/api/admin/bookings/check-in' },
  { slug: 'campaigns', link: 'Campaigns', heading: 'Campaigns', api: '/api/admin/campaigns' },
  { slug: 'links', link: 'Links', heading: 'Entry links', api: '/api/admin/links' },
  { slug: 'assistant', link: 'Assistant', heading: 'Assistant', api: '/api/admin/assistant' },
  { slug: 'catalog', link: 'Catalog', heading: 'Catalog', api: '/api/admin/offers' },
  { slug: 'channels', link: 'Channels', heading: 'Channels', api: '/api/admin/channels' },
  { slug: 'users', link: 'Users', heading: 'Users', api: '/api/admin/users' },
  { slug: 'audit-log', link: 'Audit log', heading: 'Audit log', api: '/api/admin/audit-log' },
  { slug: 'security', link: 'Security', heading: 'Security', api: '/api/admin/auth/totp' },
] as const;

describe.skipIf(skipBrowserTests)('admin panel sections in Chromium', () => {
  let cookie: string;

  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    cookie = await suite.app.login();
    await seed();
  });

  const post = (route: string, body: unknown) =>
    adminFetch(suite.app.url, cookie, route, { method: 'POST', body: JSON.stringify(body) });

  /** Something in every list, so the sections (and their screenshots) show data, not only empty states. */
  async function seed() {
    const made = [
      await post('/api/admin/offers', {
        name: 'Yoga du samedi',
        kind: 'course',
        price: 120,
        currency: 'CHF',
      }),
      await post('/api/admin/articles', {
        title: 'Horaires',
        body: 'Le studio ouvre à 8 h du lundi au samedi.',
      }),
      await post('/api/admin/promo-codes', {
        code: 'RENTREE',
        description: 'Septembre',
        discount: { percent: 10 },
      }),
      await post('/api/admin/links', { name: 'Site web', mode: 'standard' }),
      await post('/api/admin/groups', { name: 'Yoga débutants' }),
    ];
    expect(made.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    const imported = await adminFetch(suite.app.url, cookie, '/api/admin/contacts/import', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', origin: suite.app.url },
      body: 'name,email,phone,tags\nAline Morel,aline@example.com,+41791234567,vip;yoga\nBruno Keller,bruno@example.com,,yoga\n',
    });
    expect(imported.body).toEqual({ imported: 2, refused: [] });
  }

  async function signedIn(viewport: { width: number; height: number }, locale = 'en-US'): Promise<Page> {
    const page = await suite.newPage({ viewport, locale });
    await signInToPanel(
      page,
      suite.app.url,
      { email: suite.app.adminEmail, password: suite.app.adminPassword },
      locale,
    );
    return page;
  }

  /**
   * Uncaught errors and console errors, except what a browser logs for an expected refusal: the 401 of
   * the first /auth/me, and the status `allow` names.
   */
  function errorsOf(page: Page, allow: { path?: string; status: number } | null = null): string[] {
    const errors: string[] = [];
    const expected = (message: ConsoleMessage) => {
      const url = message.location().url;
      if (url.includes('/api/admin/auth/me') && message.text().includes('status of 401')) return true;
      return (
        allow !== null &&
        (allow.path === undefined || new URL(url).pathname === allow.path) &&
        message.text().includes(`status of ${allow.status}`)
      );
    };
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected(message))
        errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    return errors;
  }

  for (const size of [
    { name: 'laptop', viewport: LAPTOP },
    { name: 'phone', viewport: PHONE },
  ]) {
    it(
      `opens every section from the navigation without console errors (${size.name})`,
      async () => {
        const page = await signedIn(size.viewport);
        const errors = errorsOf(page);
        const missing: string[] = [];
        page.on('response', (response) => {
          const url = new URL(response.url());
          if (response.status() === 404 && url.pathname.startsWith('/api/admin/')) missing.push(url.pathname);
        });
        const nav = page.getByRole('navigation', { name: 'Main' });
        for (const section of SECTIONS) {
          await nav.getByRole('link', { name: section.link, exact: true }).click();
          const href = section.slug === 'dashboard' ? '/admin' : `/admin/${section.slug}`;
          await page.waitForURL((url) => url.pathname === href);
          if (section.heading) await page.getByRole('heading', { level: 1, name: section.heading }).waitFor();
          else await page.getByRole('searchbox', { name: 'Search conversations' }).waitFor();
          // Loaded: no "Loading…" left (each list ends in data, its empty state or its error).
          await page.waitForFunction(
            () => !document.querySelector('[role="status"]')?.textContent?.includes('Loading'),
          );
          await page.screenshot({ path: path.join(tmpdir(), `kora-admin-${section.slug}-${size.name}.png`) });
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${section.slug} overflows at ${size.name} width`).toBeLessThanOrEqual(0);
        }
        // Every section's API answered: no admin route was missing.
        expect(missing).toEqual([]);
        expect(errors).toEqual([]);
      },
      TEST_TIMEOUT_MS * 2,
    );
  }

  it(
    'lets the coach answer a live customer from the inbox (Enter sends, Shift+Enter is a new line) and take over',
    async () => {
      const link = await post('/api/admin/links', { name: 'Inbox test', mode: 'standard' });
      expect(link.status).toBe(201);
      const page = await signedIn(LAPTOP);
      const errors = errorsOf(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Conversations' }).click();
      await page.getByText('Live', { exact: true }).waitFor();

      // The customer arrives after the page loaded: the conversation appears without a reload.
      const customer = await joinThroughLink(suite.app.url, link.body.token, 'Zoé Live');
      try {
        const sent = await request(customer.socket, 'send', {
          conversationId: customer.conversationId,
          text: 'Bonjour, avez-vous des cours le samedi ?',
          clientMessageId: 'inbox-1',
        });
        expect(sent.ok).toBe(true);
        const item = page.getByRole('link', { name: /Zoé Live/ });
        await item.waitFor();
        await item.click();
        await page.waitForURL(`**/admin/conversations/${customer.conversationId}`);
        await page.getByText('Bonjour, avez-vous des cours le samedi ?').waitFor();

        // A second customer message arrives live in the open conversation.
        await request(customer.socket, 'send', {
          conversationId: customer.conversationId,
          text: 'Et le dimanche ?',
          clientMessageId: 'inbox-2',
        });
        // In the thread (the inbox row beside it now previews the newest message too).
        await page.locator('ol').getByText('Et le dimanche ?').waitFor();

        const answer = nextMessage(customer.socket, (m) => m.sender.type === 'coach', 10_000);
        const box = page.getByLabel('Your answer');
        await box.fill('Oui, à 10 h.');
        await box.press('Shift+Enter');
        await box.pressSequentially('À samedi !');
        await box.press('Enter');
        const received = await answer;
        expect(received.text).toBe('Oui, à 10 h.\nÀ samedi !');
        expect(received.sender.name).not.toBe('');
        await page.locator('li').filter({ hasText: 'À samedi !' }).first().waitFor();
        // The box empties when the API has answered, which may come after the live message under load.
        await expect.poll(() => box.inputValue()).toBe('');

        // The offline assistant handed this question to the coach: hand back, then take over again.
        const handedOff = async () => {
          const list = await adminFetch(suite.app.url, cookie, '/api/admin/conversations?handoff=true');
          return list.body.items.some((c: { id: string }) => c.id === customer.conversationId);
        };
        const handBack = page.getByRole('button', { name: 'Hand back to the assistant' });
        const takeOver = page.getByRole('button', { name: 'Take over' });
        await handBack.or(takeOver).waitFor();
        if (await handBack.isVisible()) {
          expect(await handedOff()).toBe(true);
          await handBack.click();
          await takeOver.waitFor();
          expect(await handedOff()).toBe(false);
        }
        await takeOver.click();
        await handBack.waitFor();
        expect(await handedOff()).toBe(true);
        await page.getByText('You are answering: the assistant is silent.').waitFor();
        await page.screenshot({ path: path.join(tmpdir(), 'kora-admin-conversation-laptop.png') });

        // The search asks the server (`query=`): a word of the messages finds it, another word does not.
        const search = page.getByRole('searchbox', { name: 'Search conversations' });
        const searched = (word: string) =>
          page.waitForResponse(
            (r) => r.url().includes('/api/admin/conversations?') && r.url().includes(`query=${word}`),
          );
        await Promise.all([searched('dimanche'), search.fill('dimanche')]);
        await page.getByRole('link', { name: /Zoé Live/ }).waitFor();
        await Promise.all([searched('introuvable'), search.fill('introuvable')]);
        await page.getByText('No conversation matches.').waitFor();
        await search.fill('');
        await page.getByRole('link', { name: /Zoé Live/ }).waitFor();

        // On a phone the open conversation takes the screen, with a way back to the list.
        await page.setViewportSize(PHONE);
        await page.getByRole('link', { name: /All conversations/ }).waitFor();
        expect(await page.getByLabel('Your answer').isVisible()).toBe(true);
        expect(await page.getByRole('searchbox', { name: 'Search conversations' }).isVisible()).toBe(false);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(tmpdir(), 'kora-admin-conversation-phone.png') });
        await page.getByRole('link', { name: /All conversations/ }).click();
        await page.getByRole('searchbox', { name: 'Search conversations' }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        customer.socket.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'creates an entry link, showing the API field error first, with QR codes and copy buttons',
    async () => {
      const page = await signedIn(PHONE);
      // The refused first try (400) is part of the story.
      const errors = errorsOf(page, { path: '/api/admin/links', status: 400 });
      await page.goto(`${suite.app.url}/admin/links`);
      await page.getByRole('button', { name: 'New link' }).click();
      const form = page.getByRole('form', { name: 'New link' });
      await form.getByLabel('Name').fill('Flyer salon');
      await form.getByLabel('Mode').selectOption('strict');
      await form.getByRole('button', { name: 'Create' }).click();
      // STRICT without its own prompt: the API names the field, the panel shows it under that field.
      const promptError = page.locator('#link-new-prompt-error');
      await promptError.waitFor();
      expect(await promptError.textContent()).toContain('A STRICT link needs its own custom prompt.');
      await form.getByLabel('Custom prompt').fill('Tu présentes seulement le salon du 12 mai.');
      await form.getByRole('button', { name: 'Create' }).click();
      const card = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: 'Flyer salon' }) });
      await card.waitFor();
      const webQr = card.getByRole('img', { name: /QR code of .*\/c\// });
      await webQr.waitFor();
      expect(await card.getByRole('button', { name: /Copy/ }).count()).toBeGreaterThan(0);
      // The image is in the page before its PNG is drawn: its src comes a moment later.
      await expect
        .poll(() => webQr.getAttribute('src'), { timeout: 5_000 })
        .toMatch(/^data:image\/png;base64,/);

      const links = await adminFetch(suite.app.url, cookie, '/api/admin/links');
      const made = links.body.items.find((l: { name: string }) => l.name === 'Flyer salon');
      expect(made).toMatchObject({
        mode: 'strict',
        customPrompt: 'Tu présentes seulement le salon du 12 mai.',
      });
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-links-created-phone.png'),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'imports contacts with a report, searches, edits tags and merges two contacts',
    async () => {
      const page = await signedIn(LAPTOP);
      const errors = errorsOf(page);
      await page.goto(`${suite.app.url}/admin/contacts`);
      await page.getByRole('button', { name: 'Import CSV' }).click();
      const csv =
        'name,email,phone,tags\nChloé Dubois,chloe@example.com,,pilates\nSans Email,pas-un-email,,\nChloé D.,chloe.d@example.com,,\n';
      await page
        .getByLabel('CSV file')
        .setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.locator('form').getByRole('button', { name: 'Import CSV' }).click();
      const report = page.getByRole('status').filter({ hasText: 'imported' });
      await report.getByText('2 imported.').waitFor();
      await report.getByText('Row 2: the email address is not valid.').waitFor();

      await page.getByRole('searchbox', { name: 'Search contacts' }).fill('chloe');
      await page.getByText('2 contacts', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Edit Chloé Dubois' }).click();
      const tags = page.getByLabel(/^Tags/);
      await tags.fill('pilates, vip');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('row').filter({ hasText: 'Chloé Dubois' }).getByText('vip').waitFor();

      await page.getByRole('checkbox', { name: 'Select Chloé Dubois' }).check();
      await page.getByRole('checkbox', { name: 'Select Chloé D.' }).check();
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Merge selected (2)' }).click();
      await page.getByText('Merged into Chloé Dubois.').waitFor();
      await page.getByText('1 contacts', { exact: true }).waitFor();
      const found = await adminFetch(suite.app.url, cookie, '/api/admin/contacts?query=chloe');
      expect(found.body.items).toHaveLength(1);
      expect(found.body.items[0].tags).toEqual(['pilates', 'vip']);
      expect(await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(
        '/api/admin/contacts/export.csv',
      );
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'shows the API field errors next to the fields of the catalog, assistant and campaign forms, then saves',
    async () => {
      const page = await signedIn(LAPTOP);
      // Each refused first try below is part of the story (400 on these routes).
      const errors = errorsOf(page, { status: 400 });

      // Catalog: a currency that is not ISO 4217.
      await page.goto(`${suite.app.url}/admin/catalog`);
      await page.getByRole('button', { name: 'New offer' }).click();
      await page.locator('#offer-new-name').fill('Atelier respiration');
      await page.locator('#offer-new-price').fill('45');
      await page.locator('#offer-new-currency').fill('EURO');
      await page.getByRole('button', { name: 'Create' }).click();
      await page
        .locator('#offer-new-currency-error')
        .getByText(/3-letter ISO 4217/)
        .waitFor();
      await page.locator('#offer-new-currency').fill('EUR');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('Atelier respiration').waitFor();
      await page.getByText('€45.00').waitFor();

      // Promo codes tab: exactly one of percent or amount.
      await page.getByRole('tab', { name: 'Promo codes' }).click();
      await page.getByRole('button', { name: 'New promo code' }).click();
      await page.locator('#promo-new-code').fill('ETE2026');
      await page.locator('#promo-new-percent').fill('10');
      await page.locator('#promo-new-amount').fill('5');
      await page.getByRole('button', { name: 'Create' }).click();
      await page
        .locator('#promo-new-percent-error')
        .getByText('Give either a discount percentage or an amount, not both, and not neither.')
        .waitFor();
      await page.locator('#promo-new-amount').fill('');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('ETE2026').waitFor();

      // Assistant: a payment link that is not http(s).
      await page.goto(`${suite.app.url}/admin/assistant`);
      await page.getByLabel('Twint').fill('ftp://pay.example.com/twint');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .locator('#pay-twint-error')
        .getByText(/http\(s\) URL/)
        .waitFor();
      await page.getByLabel('Twint').fill('https://pay.example.com/twint');
      // Safe domains for STRICT links: a shortener is refused under the field, domains are kept as hosts.
      await page.getByLabel('Safe domains (STRICT links)').fill('studio.ch\nbit.ly');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .locator('#safe-domains-error')
        .getByText(/shortener/)
        .waitFor();
      await page.getByLabel('Safe domains (STRICT links)').fill('https://www.Studio.ch/blog\nyoutube.com');
      await page.getByLabel('Messages remembered').fill('12');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved.').waitFor();
      const settings = await adminFetch(suite.app.url, cookie, '/api/admin/assistant');
      expect(settings.body.paymentLinks.twint).toBe('https://pay.example.com/twint');
      expect(settings.body.memory.messages).toBe(12);
      expect(settings.body.safeDomains).toEqual(['studio.ch', 'youtube.com']);

      // Campaign: a time in the past is refused under the time field; a future one schedules it.
      await page.goto(`${suite.app.url}/admin/campaigns`);
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'New campaign' });
      await form.getByLabel('Name').fill('Atelier de juin');
      await form.getByLabel('Message').fill('Bonjour {firstName}, un atelier arrive !');
      await form.getByLabel('Tag').fill('yoga');
      await form.getByRole('button', { name: 'Add', exact: true }).click();
      await form.getByRole('list', { name: 'Recipients' }).getByText('#yoga').waitFor();
      // The two seeded contacts tagged yoga.
      await form.getByText('≈ 2 people').waitFor();
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-campaign-composer-laptop.png'),
        fullPage: true,
      });
      await page.setViewportSize(PHONE);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-campaign-composer-phone.png'),
        fullPage: true,
      });
      await page.setViewportSize(LAPTOP);
      await form.getByLabel('At a time').check();
      await form.locator('#campaign-at').fill('2020-01-01T09:00');
      await form.getByRole('button', { name: 'Save and launch' }).click();
      await form
        .locator('#campaign-at-error')
        .getByText('The send time must be a date and time in the future.')
        .waitFor();
      const nextYear = new Date().getFullYear() + 1;
      await form.locator('#campaign-at').fill(`${nextYear}-06-01T09:00`);
      await form.getByRole('button', { name: 'Save and launch' }).click();
      await page.getByRole('heading', { level: 1, name: 'Atelier de juin' }).waitFor();
      await page.getByText('Scheduled', { exact: true }).waitFor();

      // Cancel (asked first since issue 19), then duplicate into a new draft.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByText('Cancelled', { exact: true }).waitFor();
      const cancelledUrl = page.url();
      await page.getByRole('button', { name: 'Duplicate' }).click();
      await page.waitForURL((url) => url.href !== cancelledUrl);
      await page.getByText('Draft', { exact: true }).waitFor();
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'creates a group, renames it and manages its members',
    async () => {
      const page = await signedIn(PHONE);
      const errors = errorsOf(page);
      await page.goto(`${suite.app.url}/admin/groups`);
      await page.getByLabel('New group').fill('Méditation du soir');
      await page.getByRole('button', { name: 'Create' }).click();
      const item = page.getByRole('listitem').filter({ hasText: 'Méditation du soir' });
      await item.getByText('0 members').waitFor();
      await item.getByRole('button', { name: 'Rename' }).click();
      await page.getByLabel('Rename').fill('Méditation du matin');
      await page.getByRole('button', { name: 'Save' }).click();
      const renamed = page.getByRole('listitem').filter({ hasText: 'Méditation du matin' });
      await renamed.getByRole('button', { name: 'Members' }).click();
      await renamed.getByText('No member yet.').waitFor();
      await renamed.getByLabel('Add a contact').fill('Aline');
      await renamed.getByRole('button', { name: /Aline Morel/ }).click();
      await renamed.getByText('1 members').waitFor();
      await renamed.getByRole('button', { name: 'Remove Aline Morel' }).waitFor();
      const groups = await adminFetch(suite.app.url, cookie, '/api/admin/groups');
      const group = groups.body.items.find((g: { name: string }) => g.name === 'Méditation du matin');
      expect(group).toMatchObject({ memberCount: 1 });
      await renamed.getByRole('button', { name: 'Remove Aline Morel' }).click();
      await renamed.getByText('0 members').waitFor();
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-groups-members-phone.png'),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'loads more conversations when the inbox is scrolled to its end, and older messages when the thread is scrolled up',
    async () => {
      const link = await post('/api/admin/links', { name: 'Paging', mode: 'standard' });
      const customers = [];
      for (let i = 0; i < 36; i++)
        customers.push(await joinThroughLink(suite.app.url, link.body.token, `Paging ${i}`));
      try {
        const thread = customers[0]!.conversationId;
        for (let i = 1; i <= 60; i++) {
          const sent = await post(`/api/admin/conversations/${thread}/messages`, { text: `Note ${i}` });
          expect(sent.status).toBe(201);
        }
        const page = await signedIn(LAPTOP);
        const errors = errorsOf(page);
        const listed = () => page.getByRole('link', { name: /^Paging \d+/ }).count();
        const pages: string[] = [];
        page.on('request', (r) => {
          const url = new URL(r.url());
          if (url.pathname === '/api/admin/conversations') pages.push(url.searchParams.get('page') ?? '');
        });
        await page.goto(`${suite.app.url}/admin/conversations?kind=assistant`);
        await page
          .getByRole('link', { name: /^Paging/ })
          .first()
          .waitFor();
        expect(await listed()).toBeLessThan(36);
        // Scrolling the list to its end asks for the next page.
        const inbox = page.getByRole('list').filter({ has: page.getByRole('link', { name: /^Paging/ }) });
        await inbox.evaluate((list) => {
          list.scrollTop = list.scrollHeight;
        });
        await expect.poll(listed, { timeout: 10_000 }).toBe(36);
        expect(pages).toContain('2');
        await page.getByText('Today', { exact: true }).first().waitFor();

        // The thread opens on its newest 50 messages; scrolling up brings the first ones.
        await page.goto(`${suite.app.url}/admin/conversations/${thread}`);
        await page.getByText('Note 60', { exact: true }).waitFor();
        expect(await page.getByText('Note 1', { exact: true }).count()).toBe(0);
        await page.getByText('Note 11', { exact: true }).scrollIntoViewIfNeeded();
        await page
          .locator('ol')
          .first()
          .evaluate((list) => {
            list.scrollTop = 0;
          });
        await page.getByText('Note 1', { exact: true }).waitFor();
        expect(errors).toEqual([]);
      } finally {
        for (const customer of customers) customer.socket.close();
      }
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'keeps the first screen (sign-in, then the dashboard) within 60 KB of gzipped JavaScript',
    async () => {
      const page = await suite.newPage({ viewport: LAPTOP, locale: 'en-US' });
      const scripts = new Map<string, Promise<Buffer>>();
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') scripts.set(response.url(), response.body());
      });
      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByLabel('Email').fill(suite.app.adminEmail);
      await page.getByLabel('Password').fill(suite.app.adminPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as').waitFor();
      await page.waitForLoadState('networkidle');
      let gzipped = 0;
      for (const body of scripts.values()) gzipped += gzipSync(await body, { level: 9 }).length;
      console.info(
        `[admin panel] first screen: ${scripts.size} script(s), ${(gzipped / 1024).toFixed(1)} KB gzipped`,
      );
      expect(scripts.size).toBeGreaterThan(0);
      expect(gzipped).toBeLessThanOrEqual(60 * 1024);
      // The heavy parts wait for their section: no QR encoder on the first screen. The socket.io client
      // (the dashboard follows new messages) is its own chunk, fetched once the dashboard has rendered,
      // and counted in the budget above.
      expect([...scripts.keys()].filter((url) => /\/(browser|qr)[-.]/.test(url))).toEqual([]);
      const entry = [...scripts.keys()].find((url) => /\/index-[\w-]+\.js$/.test(url));
      expect(entry).toBeDefined();
      expect((await scripts.get(entry!)!).toString()).not.toContain('engine.io');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'hides the owner-only sections from an agent',
    async () => {
      const agent = await post('/api/admin/users', {
        email: 'agent@example.com',
        name: 'Agent Smith',
        password: 'agent password 12345',
        role: 'agent',
      });
      expect(agent.status).toBe(201);
      const page = await suite.newPage({ viewport: LAPTOP, locale: 'en-US' });
      const errors = errorsOf(page);
      await page.goto(`${suite.app.url}/admin/login`);
      await page.getByLabel('Email').fill('agent@example.com');
      await page.getByLabel('Password').fill('agent password 12345');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Conversations' }).waitFor();
      const names = await nav.getByRole('link').allTextContents();
      // Agents check people in at the door and take payments there (bookings); classes are the owner's.
      expect(names).toEqual([
        'Dashboard',
        'Conversations',
        'Contacts',
        'Groups',
        'Bookings',
        'Check-in',
        'Security',
      ]);
      await nav.getByRole('link', { name: 'Groups' }).click();
      await page.getByText('Yoga débutants').waitFor();
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'speaks French for a French browser and switches to English',
    async () => {
      const page = await signedIn(LAPTOP, 'fr-CH');
      const errors = errorsOf(page);
      const nav = page.getByRole('navigation', { name: 'Principal' });
      await nav.getByRole('link', { name: 'Tableau de bord' }).waitFor();
      await page.getByText('Connecté en tant que').waitFor();
      // Every section in French on a phone: longer words, still no sideways scrolling.
      await page.setViewportSize(PHONE);
      for (const section of SECTIONS) {
        await page.goto(
          `${suite.app.url}${section.slug === 'dashboard' ? '/admin' : `/admin/${section.slug}`}`,
        );
        await nav.waitFor();
        await page.waitForFunction(() => !document.body.textContent?.includes('Chargement…'));
        await page.screenshot({ path: path.join(tmpdir(), `kora-admin-${section.slug}-phone-fr.png`) });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${section.slug} overflows in French`).toBeLessThanOrEqual(0);
      }
      await page.getByLabel('Langue').selectOption('en');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'composes a campaign with a live preview, launches it and shows its progress',
    async () => {
      const link = await post('/api/admin/links', { name: 'Campaign link', mode: 'standard' });
      const customer = await joinThroughLink(suite.app.url, link.body.token, 'Camille Campagne');
      try {
        const page = await signedIn(LAPTOP);
        const errors = errorsOf(page);
        await page.goto(`${suite.app.url}/admin/campaigns`);
        await page.getByRole('button', { name: 'New campaign' }).click();
        const form = page.getByRole('form', { name: 'New campaign' });
        await form.getByLabel('Name').fill('Rentrée');
        await form.getByLabel('Message').fill('Bonjour ');
        await form.getByRole('button', { name: '{firstName}' }).click();
        await form.getByText('Bonjour Marie').waitFor();
        // The basket: one contact, found by name.
        await form.getByLabel('Contact').fill('Camille');
        await form.getByRole('button', { name: /Camille Campagne/ }).click();
        await form.getByRole('list', { name: 'Recipients' }).getByText('Camille Campagne').waitFor();
        await form.getByRole('button', { name: 'Save draft' }).click();
        await page.waitForURL(/\/admin\/campaigns\/[^/]+$/);
        const campaignId = new URL(page.url()).pathname.split('/').pop()!;
        await page.getByRole('heading', { level: 1, name: 'Rentrée' }).waitFor();
        await page.getByText('Draft', { exact: true }).waitFor();

        // From here the page hears of progress only through the /admin socket (no re-read of the campaign).
        const reads: string[] = [];
        page.on('request', (request) => {
          if (new URL(request.url()).pathname === `/api/admin/campaigns/${campaignId}`)
            reads.push(request.method());
        });
        const incoming = nextMessage(customer.socket, (m) => m.sender.type === 'coach', 15_000);
        const [launched] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith(`/api/admin/campaigns/${campaignId}/launch`)),
          page.getByRole('button', { name: 'Launch' }).click(),
        ]);
        expect(launched.status()).toBe(200);
        expect((await incoming).text).toBe('Bonjour Camille');
        await page.locator('progress').first().waitFor();
        await page.getByText('1 of 1 done').waitFor({ timeout: 15_000 });
        await page.getByText('Completed', { exact: true }).first().waitFor({ timeout: 15_000 });
        expect(reads).toEqual([]);
        // The ledger row shows its channel and state.
        await page.getByRole('cell', { name: 'Web', exact: true }).first().waitFor();
        await page.screenshot({
          path: path.join(tmpdir(), 'kora-admin-campaign-laptop.png'),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      } finally {
        customer.socket.close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sets quiet hours in the composer; half of them is refused next to the missing field',
    async () => {
      const link = await post('/api/admin/links', { name: 'Quiet link', mode: 'standard' });
      const customer = await joinThroughLink(suite.app.url, link.body.token, 'Camille Soirée');
      customer.socket.close();
      const page = await signedIn(PHONE);
      // The API's 400 for the missing end is the app working.
      const errors = errorsOf(page, { path: '/api/admin/campaigns', status: 400 });
      await page.goto(`${suite.app.url}/admin/campaigns`);
      await page.getByRole('button', { name: 'New campaign' }).click();
      const form = page.getByRole('form', { name: 'New campaign' });
      await form.getByLabel('Name').fill('Soirée');
      await form.getByLabel('Message').fill('Bonsoir {firstName}');
      await form.getByLabel('Contact').fill('Soirée');
      await form.getByRole('button', { name: /Camille Soirée/ }).click();
      const quiet = form.getByRole('group', { name: 'Quiet hours' });
      await quiet.getByLabel('From').fill('21:30');
      await form.getByRole('button', { name: 'Save draft' }).click();
      await page.locator('#campaign-quiet-to-error').filter({ hasText: 'HH:MM' }).waitFor();
      expect(await quiet.getByLabel('Until').getAttribute('aria-invalid')).toBe('true');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({
        path: path.join(tmpdir(), 'kora-admin-campaign-quiet-phone.png'),
        fullPage: true,
      });

      await quiet.getByLabel('Until').fill('07:45');
      await form.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/admin\/campaigns\/[^/]+$/);
      await page.getByText(/quiet 21:30–07:45/).waitFor();
      const campaignId = new URL(page.url()).pathname.split('/').pop()!;
      const saved = await adminFetch(
        suite.app.url,
        await suite.app.login(),
        `/api/admin/campaigns/${campaignId}`,
      );
      expect(saved.body).toMatchObject({ name: 'Soirée', quietHours: { from: '21:30', to: '07:45' } });
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
