import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { adminFetch, connectChat, request } from '../../helpers/chat-client.js';
import { ensureBuilt, launchChromium, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'fr-CH' };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-CH' };
const shot = (name: string) => path.join(tmpdir(), `kora-chat-${name}.png`);

/** Counts the beeps the page plays (every WebAudio oscillator started). */
function countBeeps() {
  const win = window as unknown as { __beeps: number };
  win.__beeps = 0;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    win.__beeps++;
    return start.apply(this, args);
  };
}

interface Member {
  name: string;
  context: BrowserContext;
  page: Page;
  errors: string[];
}

describe.skipIf(skipBrowserTests)('community web chat: groups and private messages (Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let groupId: string;
  let aicha: Member;
  let ben: Member;
  let chloe: Member;
  /** A second connection of Chloé's, to prove what reaches her on the wire. */
  let chloeSocket: Socket | undefined;
  const heardByChloe: { message: { text: string } }[] = [];

  async function joinGroup(name: string, options: object): Promise<Member> {
    const context = await browser.newContext(options);
    await context.addInitScript(countBeeps);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${app.url}/chat?group=${encodeURIComponent(groupId)}`);
    await page.getByLabel('Votre nom').fill(name);
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.locator('#thread-title').filter({ hasText: 'Yoga du mardi' }).waitFor({ timeout: 15_000 });
    return { name, context, page, errors };
  }

  async function send(member: Member, text: string): Promise<void> {
    const box = member.page.getByLabel('Votre message');
    await box.fill(text);
    await box.press('Enter');
    await member.page.locator('li.own').filter({ hasText: text }).waitFor();
  }

  const bubble = (member: Member, text: string) =>
    member.page.locator('li.message').filter({ hasText: text });

  beforeAll(async () => {
    await ensureBuilt('chat-ui');
    app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
    browser = await launchChromium();
    const cookie = await app.login();
    const group = await adminFetch(app.url, cookie, '/api/admin/groups', {
      method: 'POST',
      body: JSON.stringify({ name: 'Yoga du mardi' }),
    });
    if (group.status !== 201)
      throw new Error(`POST /api/admin/groups → ${group.status} ${JSON.stringify(group.body)}`);
    groupId = group.body.id;
    aicha = await joinGroup('Aïcha', DESKTOP);
    ben = await joinGroup('Ben', PHONE);
    chloe = await joinGroup('Chloé', PHONE);
  }, 120_000);

  afterAll(async () => {
    chloeSocket?.close();
    for (const member of [aicha, ben, chloe]) await member?.context.close();
    await browser?.close();
    await app?.stop();
  });

  it(
    'two members see each other live, with names, typing and read receipts',
    async () => {
      const hello = 'Bonjour à tous 👋 on se voit mardi ?';
      await send(aicha, hello);
      // Ben has the group open: the message arrives live with Aïcha's name.
      await bubble(ben, hello).waitFor();
      expect(await bubble(ben, hello).locator('.sender').textContent()).toBe('Aïcha');
      expect(await bubble(ben, hello).evaluate((li) => li.classList.contains('own'))).toBe(false);
      // Ben's page marked it read: Aïcha's tick turns double.
      await aicha.page.locator('li.own .receipt.read').filter({ hasText: '✓✓' }).waitFor();

      // Ben types: Aïcha sees it, and it goes away by itself after a few seconds.
      await ben.page.getByLabel('Votre message').pressSequentially('Oui', { delay: 30 });
      const typing = aicha.page.locator('.typing').filter({ hasText: 'Ben écrit…' });
      await typing.waitFor();
      await typing.waitFor({ state: 'detached', timeout: 6_000 });
      await ben.page.getByLabel('Votre message').fill('');

      const answer = 'Oui, à mardi 🧘 !';
      await send(ben, answer);
      await bubble(aicha, answer).waitFor();
      // Aïcha's own earlier message is read; Ben's new one is his own with a single tick until Aïcha reads it.
      await ben.page.locator('li.own').filter({ hasText: answer }).locator('.receipt.read').waitFor();
      // Chloé, in the group too, got both.
      await bubble(chloe, answer).waitFor();
      await bubble(chloe, hello).waitFor();

      await aicha.page.screenshot({ path: shot('group-desktop') });
      await ben.page.screenshot({ path: shot('group-phone') });
      for (const member of [aicha, ben, chloe]) expect(member.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a private message reaches only its recipient, with an unread badge, a beep and a title flash',
    async () => {
      // Aïcha opens a private chat by clicking Ben's name on his group message.
      await bubble(aicha, 'Oui, à mardi').locator('.sender-name').filter({ hasText: 'Ben' }).click();
      await aicha.page.locator('#thread-title').filter({ hasText: 'Ben' }).waitFor();
      const secret = 'Message privé pour Ben 🤫';
      const chloeMember = JSON.parse(
        (await chloe.page.evaluate(() => localStorage.getItem('kora.member'))) ?? '{}',
      );
      chloeSocket = await connectChat(app.url, chloeMember.token);
      chloeSocket.on('message', (event) => heardByChloe.push(event));
      await send(aicha, secret);

      // Ben still has the group open: the new conversation shows up with one unread message.
      await ben.page.waitForFunction(() => document.title.startsWith('(1) '), null, { timeout: 10_000 });
      expect(await ben.page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBe(1);
      await ben.page.getByRole('button', { name: 'Retour aux conversations' }).click();
      const entry = ben.page.locator('button.conversation[data-kind="direct"]');
      await entry.locator('.unread').filter({ hasText: '1' }).waitFor();
      expect(await entry.locator('.title').textContent()).toBe('Aïcha');
      await ben.page.screenshot({ path: shot('list-phone') });

      await entry.click();
      await bubble(ben, secret).waitFor();
      await ben.page.waitForFunction(() => document.title === 'Discussion');
      await ben.page.getByRole('button', { name: 'Retour aux conversations' }).click();
      expect(await entry.locator('.unread').count()).toBe(0);
      // Aïcha sees that Ben read it.
      await aicha.page.locator('li.own').filter({ hasText: secret }).locator('.receipt.read').waitFor();

      // Chloé: no conversation but the group, nothing shown, no alert.
      await chloe.page.getByRole('button', { name: 'Retour aux conversations' }).click();
      await chloe.page.locator('button.conversation').first().waitFor();
      expect(await chloe.page.locator('button.conversation').count()).toBe(1);
      expect(await chloe.page.getByText(secret).count()).toBe(0);
      expect(await chloe.page.title()).toBe('Discussion');
      expect(await chloe.page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBe(0);
      // Nor on the wire: a second socket of Chloé's heard nothing of it, and her list holds only the group.
      expect(heardByChloe.some((event) => event.message.text === secret)).toBe(false);
      const listed = await request<{ conversations: { kind: string }[] }>(chloeSocket, 'conversations', {});
      expect(listed.ok && listed.conversations.map((c) => c.kind)).toEqual(['group']);

      await aicha.page.screenshot({ path: shot('direct-desktop') });
      for (const member of [aicha, ben, chloe]) expect(member.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a reload keeps the member, the open conversation and its history',
    async () => {
      const before = await ben.page.evaluate(() => localStorage.getItem('kora.member'));
      await ben.page.reload();
      // Back in the conversation he had open (the private one), with its history.
      await ben.page.locator('#thread-title').filter({ hasText: 'Aïcha' }).waitFor();
      await bubble(ben, 'Message privé pour Ben').waitFor();
      expect(await ben.page.getByLabel('Votre nom').count()).toBe(0);
      expect(await ben.page.evaluate(() => localStorage.getItem('kora.member'))).toBe(before);
      // The address lost its ?group= on the first visit: a reload does not join again.
      expect(new URL(ben.page.url()).search).toBe('');
      await ben.page.getByRole('button', { name: 'Retour aux conversations' }).click();
      await ben.page.locator('button.conversation[data-kind="group"]').click();
      await bubble(ben, 'Bonjour à tous').waitFor();
      await bubble(ben, 'Oui, à mardi').waitFor();
      expect(await ben.page.locator('li.own').filter({ hasText: 'Oui, à mardi' }).count()).toBe(1);
      // Aïcha read it before the reload: still ✓✓ from history, with no new read event (issue 19 #2).
      const receipt = ben.page.locator('li.own').filter({ hasText: 'Oui, à mardi' }).locator('.receipt');
      await expect.poll(() => receipt.getAttribute('class')).toBe('receipt read');
      expect(await receipt.textContent()).toContain('✓✓');

      // Still live after the reload.
      const after = 'Toujours là après rechargement';
      await aicha.page.locator('button.conversation[data-kind="group"]').click();
      await aicha.page.locator('#thread-title').filter({ hasText: 'Yoga du mardi' }).waitFor();
      await send(aicha, after);
      await bubble(ben, after).waitFor();
      // The socket that heard nothing private does hear the group.
      await expect.poll(() => heardByChloe.some((event) => event.message.text === after)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'counts unread group messages while elsewhere; a hidden tab flashes and reads a private message only once shown',
    async () => {
      const { page } = ben;
      const setVisibility = (state: 'hidden' | 'visible') =>
        page.evaluate((value) => {
          Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
          document.dispatchEvent(new Event('visibilitychange'));
        }, state);
      const beeps = () => page.evaluate(() => (window as unknown as { __beeps: number }).__beeps);
      const beepsBefore = await beeps();

      // Ben reads his private conversation; a group message counts as unread, without any alert.
      await page.getByRole('button', { name: 'Retour aux conversations' }).click();
      await page.locator('button.conversation[data-kind="direct"]').click();
      const question = 'Qui vient samedi ?';
      await send(aicha, question);
      await page.getByRole('button', { name: 'Retour aux conversations' }).click();
      const group = page.locator('button.conversation[data-kind="group"]');
      await group.locator('.unread').filter({ hasText: '1' }).waitFor();
      expect(await group.locator('.preview').textContent()).toBe(`Aïcha: ${question}`);
      expect(await group.locator('.visually-hidden').textContent()).toBe('1 message non lu');
      expect(await page.title()).toBe('Discussion');
      expect(await beeps()).toBe(beepsBefore);

      // With the tab hidden, a private message alerts and stays unread, even in the open conversation.
      await page.locator('button.conversation[data-kind="direct"]').click();
      await setVisibility('hidden');
      await aicha.page.locator('button.conversation[data-kind="direct"]').click();
      const ping = 'Tu es là ?';
      await send(aicha, ping);
      await bubble(ben, ping).waitFor();
      await page.waitForFunction(() => document.title.startsWith('(1) '));
      expect(await beeps()).toBe(beepsBefore + 1);
      const receipt = aicha.page.locator('li.own').filter({ hasText: ping }).locator('.receipt');
      await page.waitForTimeout(300);
      expect(await receipt.getAttribute('class')).toBe('receipt sent');

      // Back on the tab: read, and the title is the page's again.
      await setVisibility('visible');
      await aicha.page.locator('li.own').filter({ hasText: ping }).locator('.receipt.read').waitFor();
      await page.waitForFunction(() => document.title === 'Discussion');
      await page.getByRole('button', { name: 'Retour aux conversations' }).click();
      expect(await page.locator('button.conversation[data-kind="direct"] .unread').count()).toBe(0);
      await page.locator('button.conversation[data-kind="group"]').click();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "shows the coach's message in the group with the Coach badge, live for every member",
    async () => {
      await aicha.page.locator('button.conversation[data-kind="group"]').click();
      await aicha.page.locator('#thread-title').filter({ hasText: 'Yoga du mardi' }).waitFor();
      const cookie = await app.login();
      const text = 'Rappel : apportez votre tapis 🧘‍♀️';
      const posted = await adminFetch(app.url, cookie, `/api/admin/conversations/${groupId}/messages`, {
        method: 'POST',
        body: JSON.stringify({ text }),
      });
      expect(posted.status).toBe(201);
      for (const member of [aicha, ben]) {
        const item = bubble(member, text);
        await item.waitFor();
        expect(await item.getAttribute('data-sender')).toBe('coach');
        expect(await item.locator('.badge').textContent()).toBe('Coach');
        // The coach is no member to write to privately.
        expect(await item.locator('.sender-name').count()).toBe(0);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fits a phone screen: list or conversation, no sideways scrolling; both side by side on a desktop',
    async () => {
      const { page } = ben;
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      // Conversation shown, list hidden.
      expect(await page.locator('.thread').isVisible()).toBe(true);
      expect(await page.locator('nav.conversations').isVisible()).toBe(false);
      expect(await overflow()).toBeLessThanOrEqual(0);
      const composer = await page.locator('.composer').boundingBox();
      expect(composer).not.toBeNull();
      expect(composer!.y + composer!.height).toBeLessThanOrEqual(844);
      expect(composer!.width).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Retour aux conversations' }).click();
      expect(await page.locator('nav.conversations').isVisible()).toBe(true);
      expect(await page.locator('.thread').isVisible()).toBe(false);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.locator('button.conversation[data-kind="group"]').click();

      // A long word and a long link do not widen the page.
      await send(ben, `https://example.invalid/${'a'.repeat(120)} ${'b'.repeat(80)}`);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: shot('thread-phone') });

      // The people Ben can write to privately: those seen writing in the group (not himself, not the coach).
      await page.locator('.people summary').click();
      // The people are the menu's list; the menu also holds "leave the group" since issue 19.
      const people = page.locator('.people-menu li button');
      expect(await people.allTextContents()).toEqual(['Aïcha']);
      expect(await page.locator('.people-menu button.leave').textContent()).toBe('Quitter le groupe');
      expect(await people.first().getAttribute('aria-label')).toBe('Écrire en privé à Aïcha');
      await page.screenshot({ path: shot('members-phone') });
      await page.locator('.people summary').click();

      const desktop = aicha.page;
      expect(await desktop.locator('nav.conversations').isVisible()).toBe(true);
      expect(await desktop.locator('.thread').isVisible()).toBe(true);
      expect(await desktop.getByRole('button', { name: 'Retour aux conversations' }).isVisible()).toBe(false);
      await desktop.screenshot({ path: shot('desktop') });
      // Every button says what it does, for a screen reader too.
      for (const member of [aicha, ben]) {
        const unnamed = await member.page.evaluate(() =>
          [...document.querySelectorAll('button, select, textarea, input')]
            .filter((element) => {
              const labelled =
                element.getAttribute('aria-label') || (element as HTMLInputElement).labels?.length;
              return !labelled && !element.textContent?.trim();
            })
            .map((element) => element.outerHTML),
        );
        expect(unnamed).toEqual([]);
      }
      for (const member of [aicha, ben, chloe]) expect(member.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a campaign that opens a conversation with the business shows up live on the open page (issue 19 #3)',
    async () => {
      const { page } = chloe;
      const member = JSON.parse((await page.evaluate(() => localStorage.getItem('kora.member'))) ?? '{}');
      const cookie = await app.login();
      const post = (p: string, body?: unknown) =>
        adminFetch(app.url, cookie, p, {
          method: 'POST',
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const text = 'Nouvel atelier samedi, Chloé !';
      const campaign = await post('/api/admin/campaigns', {
        name: 'Atelier',
        message: text,
        targets: [{ type: 'contact', id: member.id }],
        channels: ['web'],
      });
      expect(campaign.status).toBe(201);
      expect((await post(`/api/admin/campaigns/${campaign.body.id}/launch`)).status).toBe(200);
      const back = page.getByRole('button', { name: 'Retour aux conversations' });
      if (await back.isVisible()) await back.click();
      // No reload, no reconnection: the new conversation comes in with its message.
      const entry = page.locator('button.conversation[data-kind="assistant"]');
      await entry.waitFor({ timeout: 10_000 });
      await entry.click();
      await bubble(chloe, text).waitFor();
      expect(await bubble(chloe, text).getAttribute('data-sender')).toBe('coach');
      expect(chloe.errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
