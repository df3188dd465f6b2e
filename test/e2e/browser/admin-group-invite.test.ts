/**
 * Issue 19, groups in Chromium: the panel shows each group's invitation link and QR code; a visitor
 * who follows the link joins, then leaves the group from the web chat's members menu (the `leave`
 * event); the coach removes another member from the panel. Screenshots at phone and laptop sizes
 * (kora-admin-group-invite-*.png, kora-chat-leave-*.png in the temp folder).
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, connectChat, request } from '../../helpers/chat-client.js';
import { ensureBuilt, signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(tmpdir(), `${name}.png`), fullPage: true });

describe.skipIf(skipBrowserTests)('group invitations, leaving and removal', () => {
  let cookie: string;
  let group: { id: string; inviteUrl: string };
  const suite = useBrowserSuite('admin-ui', { env: { AI_PROVIDER: 'offline' } });
  const api = (route: string, init: RequestInit = {}) => adminFetch(suite.app.url, cookie, route, init);
  const members = async () =>
    ((await api(`/api/admin/groups/${group.id}/members`)).body.items as { name: string }[]).map(
      (m) => m.name,
    );

  beforeAll(async () => {
    await ensureBuilt('chat-ui');
    cookie = await suite.app.login();
    group = (
      await api('/api/admin/groups', { method: 'POST', body: JSON.stringify({ name: 'Pilates du jeudi' }) })
    ).body;
  });

  it(
    'shows the invitation link and its QR code, and the coach removes a member',
    async () => {
      const socket = await connectChat(suite.app.url);
      const joined = await request(socket, 'join', { group: group.id, name: 'Marc Membre' });
      expect(joined.ok).toBe(true);
      try {
        for (const viewport of [PHONE, LAPTOP]) {
          const page = await suite.newPage({ viewport, locale: 'en-US' });
          const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
          await signInToPanel(page, suite.app.url, credentials);
          const errors = watchErrors(page);
          await page.goto(`${suite.app.url}/admin/groups`);
          const item = page.getByRole('listitem').filter({ hasText: 'Pilates du jeudi' });
          await item.getByRole('button', { name: 'Invite' }).click();
          const invite = item.getByRole('region', { name: 'Invitation to Pilates du jeudi' });
          expect(await invite.getByLabel('Invitation link', { exact: true }).inputValue()).toBe(
            group.inviteUrl,
          );
          await invite.getByRole('img', { name: 'QR code of the invitation to Pilates du jeudi' }).waitFor();
          expect(await invite.locator('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
          await item.getByRole('button', { name: 'Members' }).click();
          await item.getByRole('button', { name: 'Remove Marc Membre' }).waitFor();
          await shot(page, `kora-admin-group-invite-${viewport.width}`);
          if (viewport === LAPTOP) {
            await item.getByRole('button', { name: 'Remove Marc Membre' }).click();
            await item.getByText('0 members').waitFor();
            expect(await members()).toEqual([]);
          }
          expect(errors).toEqual([]);
        }
      } finally {
        socket.close();
      }
    },
    TEST_TIMEOUT_MS * 2,
  );

  it(
    'lets a member who came through the invitation leave the group from the web chat',
    async () => {
      const invite = new URL(group.inviteUrl);
      for (const [viewport, name] of [
        [PHONE, 'Léa Phone'],
        [LAPTOP, 'Léo Laptop'],
      ] as const) {
        const page = await suite.newPage({ viewport, locale: 'fr-CH' });
        const errors = watchErrors(page);
        await page.goto(`${suite.app.url}${invite.pathname}${invite.search}`);
        await page.getByLabel('Votre nom').fill(name);
        await page.getByRole('button', { name: 'Commencer' }).click();
        await page
          .locator('#thread-title')
          .filter({ hasText: 'Pilates du jeudi' })
          .waitFor({ timeout: 15_000 });
        expect(await members()).toContain(name);
        await page.getByText('Membres', { exact: true }).click();
        await shot(page, `kora-chat-leave-menu-${viewport.width}`);
        page.once('dialog', (dialog) => {
          expect(dialog.message()).toBe('Quitter « Pilates du jeudi » ? Vous ne recevrez plus ses messages.');
          void dialog.accept();
        });
        await page.getByRole('button', { name: 'Quitter le groupe' }).click();
        await page.getByText(/Aucune conversation pour l’instant/).waitFor();
        await shot(page, `kora-chat-leave-done-${viewport.width}`);
        expect(await members()).not.toContain(name);
        // After a reload the group stays gone (the server forgot the membership, not only the page).
        await page.reload();
        await page.getByText(/Aucune conversation pour l’instant/).waitFor();
        expect(errors).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );
});
