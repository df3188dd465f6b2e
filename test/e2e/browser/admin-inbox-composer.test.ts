/**
 * Issue 19 in Chromium, the open conversation: private notes (never reach the customer), canned replies
 * typed with `/` (created on their page, {firstName} filled), send later (shown as scheduled, sent at
 * its time, cancellable), and the customer's side panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { inboxKit, PHONE } from './inbox-kit.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('issue 19: the open conversation', () => {
  const suite = useBrowserSuite('admin-ui', {
    env: { TIMEZONE: 'Europe/Zurich' },
    start: { campaigns: { processEveryMs: 200 } },
  });
  const kit = inboxKit(suite);
  let owner: string;

  beforeAll(async () => {
    owner = await suite.app.login();
  });
  afterAll(() => kit.close());

  it(
    'writes a private note the team sees and the customer never gets',
    async () => {
      const aicha = await kit.customer(owner, 'Aïcha Benali');
      await aicha.say('Bonjour');
      const received: string[] = [];
      aicha.socket.on('message', (event: { message: { text: string } }) => received.push(event.message.text));
      const page = await kit.signedIn();
      const errors = watchErrors(page);
      await page.goto(`${suite.app.url}/admin/conversations/${aicha.conversationId}`);
      await page.getByRole('heading', { name: 'Aïcha Benali', level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Note', exact: true }).click();
      const box = page.getByPlaceholder('Private note: only your team sees it');
      await box.fill('Cliente fidèle, proposer le pack 10 cours');
      await page.getByRole('button', { name: 'Add note' }).click();
      const note = page
        .getByRole('listitem')
        .filter({ hasText: 'Cliente fidèle, proposer le pack 10 cours' });
      await expect.poll(() => note.first().textContent()).toContain('private note');
      // The side panel lists it too (on a laptop the panel is a column).
      await page.getByRole('complementary').getByText('Cliente fidèle').waitFor();
      await kit.screenshots(page, 'note');
      const history = (
        await kit.call(owner, 'GET', `/api/admin/conversations/${aicha.conversationId}/messages`)
      ).body;
      expect(history.items.filter((m: { kind?: string }) => m.kind === 'note')).toHaveLength(1);
      await page.waitForTimeout(500);
      expect(received.some((text) => text.includes('Cliente fidèle'))).toBe(false);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'creates a canned reply, then types it with / and gets the customer’s first name filled',
    async () => {
      const bruno = await kit.customer(owner, 'Bruno Keller');
      await bruno.say('Quels sont vos tarifs ?');
      const page = await kit.signedIn();
      await page.goto(`${suite.app.url}/admin/canned-replies`);
      await page.getByRole('button', { name: 'New canned reply' }).click();
      await page.getByLabel('Shortcut').fill('tarifs');
      await page
        .getByLabel('Text', { exact: true })
        .fill('Bonjour {firstName}, nos tarifs sont sur la page Offres.');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.getByText('/tarifs').waitFor();
      await kit.screenshots(page, 'canned-page');
      await page.goto(`${suite.app.url}/admin/conversations/${bruno.conversationId}`);
      const box = page.getByPlaceholder('Your answer');
      await box.fill('/tar');
      const option = page.getByRole('option', { name: /\/tarifs/ });
      await option.waitFor();
      await kit.screenshots(page, 'canned-picker');
      await box.press('Enter');
      await expect.poll(() => box.inputValue()).toBe('Bonjour Bruno, nos tarifs sont sur la page Offres.');
      const live = new Promise<string>((resolve) =>
        bruno.socket.on('message', (event: { message: { text: string; sender: { type: string } } }) => {
          if (event.message.sender.type === 'coach') resolve(event.message.text);
        }),
      );
      await box.press('Enter');
      expect(await live).toBe('Bonjour Bruno, nos tarifs sont sur la page Offres.');
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'sends a message later: shown as scheduled, sent at its time; another one cancelled',
    async () => {
      const chloe = await kit.customer(owner, 'Chloé Martin');
      await chloe.say('Vous me rappelez demain ?');
      const page = await kit.signedIn(PHONE);
      await page.goto(`${suite.app.url}/admin/conversations/${chloe.conversationId}`);
      await page.getByRole('heading', { name: 'Chloé Martin', level: 2 }).waitFor();
      // Two times far enough ahead that neither comes due while the test runs: one to cancel, one whose
      // job is brought forward below. (The time input is to the minute: "in 60 s" could come due within
      // seconds, and on a loaded CI machine that message was sent before the list was read.)
      await page.getByRole('button', { name: 'Send later' }).click();
      const when = page.getByLabel('Send at (business time zone)');
      await when.fill(zurichLocal(3 * 3_600_000));
      await page.getByPlaceholder('Your answer').fill('Message à annuler');
      await page.getByRole('button', { name: 'Schedule' }).click();
      const scheduled = page.getByRole('list', { name: 'Scheduled messages' });
      await scheduled.getByText('Message à annuler').waitFor();
      await page.getByRole('button', { name: 'Send later' }).click();
      await when.fill(zurichLocal(2 * 3_600_000));
      await page.getByPlaceholder('Your answer').fill('Rappel : à demain 9h');
      await page.getByRole('button', { name: 'Schedule' }).click();
      await scheduled.getByText('Rappel : à demain 9h').waitFor();
      expect(await scheduled.textContent()).toMatch(/Scheduled for/);
      await kit.screenshots(page, 'later');
      await scheduled
        .getByRole('listitem')
        .filter({ hasText: 'Message à annuler' })
        .getByRole('button', { name: 'Cancel' })
        .click();
      await scheduled.getByText('Message à annuler').waitFor({ state: 'detached' });
      const row = (await kit.call(owner, 'GET', `/api/admin/conversations/${chloe.conversationId}/scheduled`))
        .body.items;
      expect(row.map((item: { text: string }) => item.text)).toEqual(['Rappel : à demain 9h']);
      // The browser's time input is to the minute: its job is brought forward rather than waited for
      // (the API test waits for a real time). The thread then shows the message, the entry goes.
      await suite.app.kora.campaigns.scheduler.agenda.now('scheduled-reply', { id: row[0].id });
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Rappel : à demain 9h' })
        .filter({ hasText: 'sent' })
        .first()
        .waitFor({ timeout: 15_000 });
      await scheduled.waitFor({ state: 'detached' });
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'shows the customer beside the thread: channels, tags, notes, campaigns and payment clicks',
    async () => {
      const dan = await kit.customer(owner, 'Dan Weber');
      await dan.say('Bonjour');
      const contactId = (await suite.app.kora.store.conversations.get(dan.conversationId))!.contactId!;
      await kit.call(owner, 'PATCH', `/api/admin/contacts/${contactId}`, { tags: ['vip', 'yoga'] });
      await kit.call(owner, 'POST', `/api/admin/conversations/${dan.conversationId}/notes`, {
        text: 'Préfère le matin',
      });
      await suite.app.kora.store.trackedLinks.create({
        id: 'pay-dan',
        conversationId: dan.conversationId,
        url: 'https://pay.example.com/yoga-10',
        clicks: 0,
        createdAt: new Date().toISOString(),
        lastClickAt: null,
      });
      await fetch(`${suite.app.url}/p/pay-dan`, { redirect: 'manual' });
      const campaign = await kit.call(owner, 'POST', '/api/admin/campaigns', {
        name: 'Rentrée yoga',
        message: 'Bonjour {firstName}',
        targets: [{ type: 'contact', id: contactId }],
        channels: ['web'],
        schedule: null,
      });
      await kit.call(owner, 'POST', `/api/admin/campaigns/${campaign.body.id}/launch`);
      await expect
        .poll(
          async () =>
            (await kit.call(owner, 'GET', `/api/admin/conversations/${dan.conversationId}/contact`)).body
              .campaigns.length,
        )
        .toBe(1);
      const page = await kit.signedIn();
      await page.goto(`${suite.app.url}/admin/conversations/${dan.conversationId}`);
      const panel = page.getByRole('complementary', { name: 'Customer' });
      await panel.getByText('Rentrée yoga').waitFor();
      for (const text of [
        'Web',
        'vip',
        'yoga',
        'Préfère le matin',
        'https://pay.example.com/yoga-10',
        'Clicks: 1',
      ])
        await panel.getByText(text, { exact: false }).first().waitFor();
      await kit.screenshots(page, 'panel');
      // On a phone the panel opens on demand.
      await page.setViewportSize(PHONE);
      expect(await panel.isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Customer' }).click();
      await panel.getByText('Rentrée yoga').waitFor();
      await page.screenshot({
        path: `${(await import('node:os')).tmpdir()}/kora-inbox-panel-phone-open.png`,
      });
    },
    TEST_TIMEOUT_MS * 2,
  );
});

/** A wall-clock time `ms` from now in Europe/Zurich, as <input type="datetime-local"> takes it. */
function zurichLocal(ms: number): string {
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Zurich',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(Date.now() + ms));
  return text.replace(' ', 'T');
}
