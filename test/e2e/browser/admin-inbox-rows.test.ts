/**
 * Issue 19 in Chromium, the inbox list: previews and unread counts (tab title, menu), assignment with
 * Mine / Unassigned / All live in another agent's panel, open / resolved, search passages highlighted,
 * and the customer's typing in the open conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { inboxKit, PHONE } from './inbox-kit.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('issue 19: the inbox list', () => {
  const suite = useBrowserSuite('admin-ui');
  const kit = inboxKit(suite);
  let owner: string;

  beforeAll(async () => {
    owner = await suite.app.login();
  });
  afterAll(() => kit.close());

  it(
    'shows each row’s newest message and unread count, the total in the tab title and the menu, live',
    async () => {
      const aicha = await kit.customer(owner, 'Aïcha Benali');
      await aicha.say('Bonjour, le cours de yoga du mardi est-il complet ?');
      const page = await kit.signedIn();
      const errors = watchErrors(page);
      await page.goto(`${suite.app.url}/admin/conversations`);
      const row = page.getByRole('link', { name: /Aïcha Benali/ });
      await row.waitFor();
      await expect.poll(() => row.textContent()).toMatch(/Assistant:|Aïcha Benali:/);
      await expect.poll(() => page.title()).toMatch(/^\(\d+\) Kora admin$/);
      const before = Number(/^\((\d+)\)/.exec(await page.title())![1]);
      const menu = page.getByRole('navigation').getByRole('link', { name: /Conversations/ });
      await expect.poll(() => menu.locator('[data-count]').getAttribute('data-count')).toBe(String(before));
      await expect.poll(() => row.locator('[title="1 unread"]').count()).toBe(1);
      // A new customer starts writing: their row and the totals follow live.
      const bruno = await kit.customer(owner, 'Bruno Keller');
      await bruno.say('Je voudrais un rendez-vous');
      const brunoRow = page.getByRole('link', { name: /Bruno Keller/ });
      // The newest message is the preview: Bruno's, or the assistant's answer once it came.
      await expect
        .poll(() => brunoRow.textContent(), { timeout: 10_000 })
        .toMatch(/Bruno Keller: Je voudrais un rendez-vous|Assistant: /);
      await expect.poll(() => page.title()).toBe(`(${before + 1}) Kora admin`);
      await bruno.say('Demain matin ?');
      await expect.poll(() => brunoRow.locator('[title="2 unread"]').count()).toBe(1);
      await kit.screenshots(page, 'rows');
      // Opening it reads it, for this agent.
      await brunoRow.click();
      await page.getByRole('heading', { name: 'Bruno Keller', level: 2 }).waitFor();
      await expect.poll(() => page.title()).toBe(`(${before}) Kora admin`);
      await expect.poll(() => brunoRow.locator('[title$="unread"]').count()).toBe(0);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'assigns a conversation, and another agent’s Mine / Unassigned filters follow live',
    async () => {
      const ann = await kit.agent(owner, 'Ann Agent', 'ann@example.com');
      const chloe = await kit.customer(owner, 'Chloé Martin');
      await chloe.say('Bonjour !');
      const annPage = await kit.signedIn(PHONE, ann);
      await annPage.goto(`${suite.app.url}/admin/conversations`);
      await annPage.getByRole('button', { name: 'Unassigned' }).click();
      const annRow = annPage.getByRole('link', { name: /Chloé Martin/ });
      await annRow.waitFor();
      const page = await kit.signedIn();
      await page.goto(`${suite.app.url}/admin/conversations/${chloe.conversationId}`);
      await page.getByLabel('Assigned to').selectOption({ label: 'Ann Agent' });
      // Gone from Ann's "Unassigned" at once; in her "Mine".
      await expect.poll(() => annRow.count(), { timeout: 10_000 }).toBe(0);
      await annPage.getByRole('button', { name: 'Mine' }).click();
      await expect.poll(() => annRow.textContent(), { timeout: 10_000 }).toContain('→ Ann Agent');
      await kit.screenshots(annPage, 'assigned-agent');
      await kit.screenshots(page, 'assign');
      const audit = await kit.call(owner, 'GET', '/api/admin/audit-log');
      expect(audit.body.items[0]).toMatchObject({
        action: 'conversations.assign',
        target: chloe.conversationId,
      });
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'resolves a conversation, filters by status, and the customer writing reopens it',
    async () => {
      const dan = await kit.customer(owner, 'Dan Weber');
      await dan.say('Merci pour tout');
      const page = await kit.signedIn();
      await page.goto(`${suite.app.url}/admin/conversations/${dan.conversationId}?status=open`);
      await page.getByRole('heading', { name: 'Dan Weber', level: 2 }).waitFor();
      const row = page.getByRole('link', { name: /Dan Weber/ });
      await row.waitFor();
      await page.getByRole('button', { name: 'Resolve' }).click();
      await page.getByRole('button', { name: 'Reopen' }).waitFor();
      // Resolved: it leaves the "open" list.
      await expect.poll(() => row.count()).toBe(0);
      await page.getByLabel('Status').selectOption('resolved');
      await expect.poll(() => row.textContent()).toContain('Resolved');
      await kit.screenshots(page, 'resolved');
      await dan.say('En fait, une dernière question');
      await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
      await page.getByLabel('Status').selectOption('open');
      await row.waitFor();
      await page.getByRole('button', { name: 'Resolve' }).waitFor();
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'shows what a search matched in each row, highlighted',
    async () => {
      const eva = await kit.customer(owner, 'Eva Rossi');
      await eva.say(
        `${'Bonjour, '.repeat(12)}je cherche un cours de Pilâtes prénatal le jeudi soir, merci ${'!'.repeat(3)}`,
      );
      const page = await kit.signedIn();
      await page.goto(`${suite.app.url}/admin/conversations`);
      await page.getByLabel('Search conversations').fill('pilates jeu');
      const row = page.getByRole('link', { name: /Eva Rossi/ });
      await expect
        .poll(() => row.getByTestId('match').textContent(), { timeout: 10_000 })
        .toContain('Pilâtes prénatal');
      expect(await row.locator('mark').allTextContents()).toEqual(['Pilâtes', 'jeu']);
      await kit.screenshots(page, 'search');
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'shows the customer typing in the open conversation',
    async () => {
      const fanny = await kit.customer(owner, 'Fanny Dubois');
      await fanny.say('Bonjour');
      const page = await kit.signedIn(PHONE);
      await page.goto(`${suite.app.url}/admin/conversations/${fanny.conversationId}`);
      await page.getByRole('heading', { name: 'Fanny Dubois', level: 2 }).waitFor();
      await page.waitForTimeout(300);
      fanny.socket.emit('typing', { conversationId: fanny.conversationId });
      await page.getByText('Fanny Dubois is typing…').waitFor({ timeout: 10_000 });
      await kit.screenshots(page, 'typing');
      await page.getByText('Fanny Dubois is typing…').waitFor({ state: 'detached', timeout: 10_000 });
    },
    TEST_TIMEOUT_MS * 2,
  );
});
