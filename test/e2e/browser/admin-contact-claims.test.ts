/**
 * The coach's contacts in Chromium: a phone or email a visitor typed shows as unverified, and two
 * contacts holding the same number are named to each other as possibly the same person, with a
 * shortcut selecting both for the (manual) merge. Nothing is merged until the coach confirms.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, connectChat, request } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('claimed contact data in the panel', () => {
  let cookie: string;
  let link: string;
  const sockets: Socket[] = [];
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });

  beforeAll(async () => {
    cookie = await suite.app.login();
    const made = await adminFetch(suite.app.url, cookie, '/api/admin/links', {
      method: 'POST',
      body: JSON.stringify({ name: 'Site', mode: 'standard' }),
    });
    expect(made.status).toBe(201);
    link = made.body.token;
  });

  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  async function visitorJoins(name: string, claim: { phone?: string; email?: string }): Promise<string> {
    const socket = await connectChat(suite.app.url);
    sockets.push(socket);
    const joined = await request<{ member: { id: string } }>(socket, 'join', { link, name, ...claim });
    if (!joined.ok) throw new Error(joined.error.message);
    return joined.member.id;
  }

  it(
    'marks typed numbers unverified and offers the merge of contacts sharing one',
    async () => {
      const first = await visitorJoins('Léa Visiteuse', { phone: '079 555 66 77', email: 'lea@example.ch' });
      const second = await visitorJoins('Léa Bis', { phone: '+41795556677' });
      await visitorJoins('Autre Personne', {});

      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const errors = watchErrors(page, { path: '/api/admin/auth/me', status: [401] });
      await signInToPanel(page, suite.app.url, {
        email: suite.app.adminEmail,
        password: suite.app.adminPassword,
      });
      await page.goto(`${suite.app.url}/admin/contacts`);
      // A row is found by its checkbox: the other rows name Léa in their hint.
      const rowOf = (name: string) =>
        page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${name}` }) });
      const lea = rowOf('Léa Visiteuse');
      await lea.getByText('+41795556677').waitFor();
      // Her email and her phone are both unverified; the contact without any shows no mark.
      expect(await lea.getByText('unverified', { exact: true }).count()).toBe(2);
      const other = rowOf('Autre Personne');
      expect(await other.getByText('unverified', { exact: true }).count()).toBe(0);
      await lea.getByText('Possibly the same person as Léa Bis.').waitFor();
      const bis = rowOf('Léa Bis');
      await bis.getByText('Possibly the same person as Léa Visiteuse.').waitFor();
      expect(await other.getByText(/Possibly the same person/).count()).toBe(0);

      // Sharing a number merged nothing: the coach selects both, then confirms.
      expect((await adminFetch(suite.app.url, cookie, '/api/admin/contacts')).body.total).toBe(3);
      await lea.getByRole('button', { name: 'Select to merge' }).click();
      expect(await page.getByRole('checkbox', { name: 'Select Léa Visiteuse' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Select Léa Bis' }).isChecked()).toBe(true);
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Merge selected (2)' }).click();
      await page.getByText('Merged into Léa Visiteuse.').waitFor();
      const after = await adminFetch(suite.app.url, cookie, '/api/admin/contacts');
      expect(after.body.total).toBe(2);
      const kept = after.body.items.find((c: { id: string }) => c.id === first);
      expect(kept).toMatchObject({ phone: '+41795556677', phoneVerified: false, possiblySame: [] });
      expect(after.body.items.some((c: { id: string }) => c.id === second)).toBe(false);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
