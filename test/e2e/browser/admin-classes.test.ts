/**
 * Classes, booking and check-in across the panel and the web chat, in Chromium: a coach publishes a
 * weekly class in the panel, a customer books it with the chat's buttons and gets a code, and the door
 * checks the code in on a phone-size page (a second time says so). Screenshots of each new page at
 * phone and laptop sizes land in the system temp folder (kora-classes-<page>-<size>.png).
 */
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../../core/bookings/calendar.js';
import { adminFetch } from '../../helpers/chat-client.js';
import { ensureBuilt, signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS, watchErrors } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const TZ = 'Europe/Zurich';
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

const port = await new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address() as net.AddressInfo;
    server.close(() => resolve(free));
  });
});

async function shoot(page: Page, name: string, size: string) {
  await page.screenshot({ path: path.join(tmpdir(), `kora-classes-${name}-${size}.png`), fullPage: true });
}

describe.skipIf(skipBrowserTests)('classes in the panel, booking in the chat, check-in at the door', () => {
  const suite = useBrowserSuite('admin-ui', {
    env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, TIMEZONE: TZ },
  });
  const state = { code: '', token: '' };
  const day = localParts(new Date(Date.now() + 2 * 86_400_000), TZ).date;
  const credentials = () => ({ email: suite.app.adminEmail, password: suite.app.adminPassword });

  beforeAll(async () => {
    await ensureBuilt('chat-ui');
  }, 120_000);

  it(
    'a coach creates a weekly class in the panel (a bad field is named), sees it in the week, cancels a date',
    async () => {
      const page = await suite.newPage({ viewport: LAPTOP, locale: 'en-GB', timezoneId: TZ });
      await signInToPanel(page, suite.app.url, credentials());
      const errors = watchErrors(page);
      await page.getByRole('navigation').getByRole('link', { name: 'Classes' }).click();
      await page.getByRole('button', { name: 'New class' }).click();
      const form = page.getByRole('form', { name: 'New class' });
      await form.getByLabel('Title').fill('Yoga du soir');
      await form.getByLabel('Place', { exact: true }).fill('Studio Lumière');
      await form.getByLabel('First date and time').fill(`${day}T18:30`);
      await form.getByLabel('Places', { exact: true }).fill('8');
      await form.getByLabel('Dates without a class').fill('24.12');
      await form.getByLabel('Reminders (hours before)').fill('24, 2');
      await form.getByLabel('Payment').selectOption('manual');
      await form.getByLabel('Price').fill('25');
      await form.getByRole('button', { name: 'Create' }).click();
      // The API refuses a date not as YYYY-MM-DD: the sentence names the field, under it, and nothing is created.
      await form.getByText('“Dates without a class” is not valid').waitFor();
      const cookie = await suite.app.login();
      expect((await adminFetch(suite.app.url, cookie, '/api/admin/classes')).body.items).toEqual([]);

      await form.getByLabel('Dates without a class').fill('');
      await form.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('heading', { name: 'Yoga du soir' }).waitFor();
      // The panel writes times as its language does (English: 06:30 PM), whatever the browser's region.
      const weekday = new Date(`${day}T12:00:00Z`).toLocaleDateString('en', {
        weekday: 'long',
        timeZone: 'UTC',
      });
      await page
        .getByText(
          `Every ${weekday} at 06:30 PM · 60 min · 8 places · CHF 25.00 · Paid at the door · Studio Lumière`,
        )
        .waitFor();
      const [klass] = (await adminFetch(suite.app.url, cookie, '/api/admin/classes')).body.items;
      expect(klass).toMatchObject({
        title: 'Yoga du soir',
        place: 'Studio Lumière',
        capacity: 8,
        payment: 'manual',
        price: { amount: 25, currency: 'CHF' },
        repeat: { weekly: true, except: [] },
        reminders: [1440, 120],
      });
      expect(localParts(new Date(klass.startsAt), TZ)).toMatchObject({ date: day, time: '18:30' });
      await shoot(page, 'list', 'laptop');
      // Edited in place: two more places, the same weekly time.
      await page.getByRole('button', { name: 'Edit' }).click();
      const edit = page.getByRole('form', { name: 'Edit' });
      expect(await edit.getByLabel('First date and time').inputValue()).toBe(`${day}T18:30`);
      await edit.getByLabel('Places', { exact: true }).fill('10');
      await edit.getByRole('button', { name: 'Save' }).click();
      await page.getByText('at 06:30 PM · 60 min · 10 places · CHF 25.00').waitFor();
      expect((await adminFetch(suite.app.url, cookie, `/api/admin/classes/${klass.id}`)).body).toMatchObject({
        capacity: 10,
        startsAt: klass.startsAt,
        reminders: [1440, 120],
      });

      await page.getByRole('tab', { name: 'Week' }).click();
      const monday = (date: string) => {
        const d = new Date(`${date}T12:00:00Z`);
        return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
      };
      const today = localParts(new Date(), TZ).date;
      if (monday(day) !== monday(today)) await page.getByRole('button', { name: 'Next week' }).click();
      const session = page.locator(`li[data-session="${klass.id}-${day.replaceAll('-', '')}"]`);
      await session.getByText('0/10 booked · 10 left').waitFor();
      await shoot(page, 'week', 'laptop');

      // A one-off class the coach then cancels from the week: its date says Cancelled.
      const post = (p: string, body: unknown) =>
        adminFetch(suite.app.url, cookie, p, { method: 'POST', body: JSON.stringify(body) });
      const other = (
        await post('/api/admin/classes', {
          title: 'Pilates',
          startsAt: `${day}T08:00`,
          durationMinutes: 45,
          capacity: 5,
          payment: 'manual',
          price: { amount: 20, currency: 'CHF' },
        })
      ).body;
      await page.getByRole('button', { name: 'This week' }).click();
      if (monday(day) !== monday(today)) await page.getByRole('button', { name: 'Next week' }).click();
      const pilates = page.locator(`li[data-session="${other.id}-${day.replaceAll('-', '')}"]`);
      await pilates.getByRole('button', { name: 'Cancel this date' }).click();
      await pilates.getByRole('alertdialog').getByText('No one is booked yet.').waitFor();
      await shoot(page, 'cancel-confirm', 'laptop');
      await pilates.getByRole('button', { name: 'Cancel the date' }).click();
      await pilates.getByText('Cancelled', { exact: true }).waitFor();
      const sessions = (await adminFetch(suite.app.url, cookie, `/api/admin/sessions?from=${day}`)).body
        .items;
      expect(sessions.find((s: { classId: string }) => s.classId === other.id)).toMatchObject({
        cancelled: true,
      });
      state.token = (await post('/api/admin/links', { name: 'Site', mode: 'standard' })).body.token;
      // The one refusal is the bad date's, on purpose.
      expect(errors).toEqual([
        'console: Failed to load resource: the server responded with a status of 400 (Bad Request)',
      ]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a customer books it in the web chat with the buttons and gets a code',
    async () => {
      expect(state.token).not.toBe('');
      const page = await suite.newPage({ locale: 'fr-CH', viewport: PHONE });
      const errors = watchErrors(page);
      await page.goto(`${suite.app.url}/c/${state.token}`);
      await page.getByLabel('Votre nom').fill('Camille Martin');
      await page.getByRole('button', { name: 'Commencer' }).click();
      const box = page.getByLabel('Votre message');
      await box.fill('Quels cours proposez-vous ?');
      await box.press('Enter');
      const choice = page.locator('li[data-sender="assistant"] .actions button', { hasText: 'Yoga du soir' });
      await choice.first().waitFor({ timeout: 15_000 });
      await choice.first().click();
      const confirmation = page.locator('li[data-sender="assistant"]').filter({ hasText: 'Votre code' });
      await confirmation.first().waitFor({ timeout: 15_000 });
      state.code =
        /Votre code : ([A-Z]{6})/.exec((await confirmation.first().textContent()) ?? '')?.[1] ?? '';
      expect(state.code).toMatch(/^[A-HJKMNP-Z]{6}$/);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the door checks the code in on a phone; a second check-in says already checked in',
    async () => {
      expect(state.code).not.toBe('');
      const page = await suite.newPage({ viewport: PHONE, locale: 'en-GB', timezoneId: TZ });
      await signInToPanel(page, suite.app.url, credentials());
      const errors = watchErrors(page, { path: '/api/admin/bookings/check-in', status: [404, 409] });
      await page.goto(`${suite.app.url}/admin/check-in`);
      const code = page.getByLabel('Booking code');
      await code.fill('ZZZZZZ');
      await page.getByRole('button', { name: 'Check in' }).click();
      await page.getByRole('status').getByText('No booking has the code ZZZZZZ.').waitFor();
      await code.fill(state.code.toLowerCase());
      await page.getByRole('button', { name: 'Check in' }).click();
      const result = page.getByRole('status');
      await result.getByText('Checked in', { exact: true }).waitFor();
      await result.getByText('Camille Martin').waitFor();
      await result.getByText(/Yoga du soir/).waitFor();
      await result.getByText('Unpaid').waitFor();
      await shoot(page, 'check-in', 'phone');
      const cookie = await suite.app.login();
      const found = await adminFetch(suite.app.url, cookie, `/api/admin/bookings?query=${state.code}`);
      expect(found.body.items[0]).toMatchObject({ code: state.code, status: 'checked_in' });

      await code.fill(state.code);
      await page.getByRole('button', { name: 'Check in' }).click();
      await result.getByText('Already checked in.').waitFor();
      await result.getByText('Camille Martin').waitFor();
      await shoot(page, 'check-in-again', 'phone');
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'scans the QR code where the browser has a BarcodeDetector, and checks the code it reads',
    async () => {
      expect(state.code).not.toBe('');
      const context = await suite.newContext({ viewport: PHONE, locale: 'en-GB', timezoneId: TZ });
      // Chromium on Linux has no BarcodeDetector nor camera: this page gets a detector that reads
      // window.scanned once it is set, and a canvas stream as the camera. What is checked is the page's
      // own part: the scanner is offered, the camera starts, the code read is checked in, the camera stops.
      await context.addInitScript(() => {
        const w = window as unknown as { scanned?: string; BarcodeDetector: unknown };
        w.BarcodeDetector = class {
          static async getSupportedFormats() {
            return ['qr_code'];
          }
          async detect() {
            return w.scanned ? [{ rawValue: w.scanned }] : [];
          }
        };
        navigator.mediaDevices.getUserMedia = async () => {
          const canvas = document.createElement('canvas');
          canvas.getContext('2d')?.fillRect(0, 0, 64, 64);
          return canvas.captureStream(5);
        };
      });
      const page = await context.newPage();
      await signInToPanel(page, suite.app.url, credentials());
      const errors = watchErrors(page, { path: '/api/admin/bookings/check-in', status: [409] });
      await page.goto(`${suite.app.url}/admin/check-in`);
      await page.getByRole('button', { name: 'Scan the QR code' }).click();
      await page.getByText('Point the camera at the QR code.').waitFor();
      expect(
        await page.locator('video').evaluate((video: HTMLVideoElement) => video.srcObject !== null),
      ).toBe(true);
      await page.evaluate((code) => {
        (window as unknown as { scanned: string }).scanned = code;
      }, state.code);
      // Checked in by the typed-code test already: the scan's check-in is refused as such.
      await page.getByRole('status').getByText('Already checked in.').waitFor();
      await page.getByRole('button', { name: 'Scan the QR code' }).waitFor();
      expect(await page.locator('video').evaluate((video: HTMLVideoElement) => video.srcObject)).toBeNull();
      expect(await page.getByLabel('Booking code').inputValue()).toBe(state.code);
      expect(errors).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'lists, searches and exports bookings, shows the attendance sheet, the packs and today on the dashboard',
    async () => {
      const cookie = await suite.app.login();
      const today = localParts(new Date(), TZ).date;
      const morning = await adminFetch(suite.app.url, cookie, '/api/admin/classes', {
        method: 'POST',
        body: JSON.stringify({
          title: 'Méditation',
          startsAt: `${today}T23:30`,
          durationMinutes: 30,
          capacity: 6,
          payment: 'manual',
          price: { amount: 15, currency: 'CHF' },
        }),
      });
      expect(morning.status).toBe(201);
      for (const [size, viewport] of [
        ['phone', PHONE],
        ['laptop', LAPTOP],
      ] as const) {
        const page = await suite.newPage({ viewport, locale: 'en-GB', timezoneId: TZ });
        await signInToPanel(page, suite.app.url, credentials());
        const errors = watchErrors(page);
        await page.getByRole('heading', { name: "Today's classes" }).waitFor();
        await page.getByText('6 of 6 places left').waitFor();
        await shoot(page, 'dashboard', size);
        await page.goto(`${suite.app.url}/admin/bookings`);
        await page.getByLabel('Search bookings').fill('camille');
        const row = page.locator(`tr[data-code="${state.code}"]`);
        await row.getByText('Checked in').waitFor();
        await row.getByText('Yoga du soir').waitFor();
        if (size === 'phone') {
          await row.getByText('Unpaid').waitFor();
          await row.getByRole('button', { name: 'Mark paid' }).click();
        }
        await row.getByText('Paid', { exact: true }).waitFor();
        await page.getByText('1 booking', { exact: true }).waitFor();
        await page.getByLabel('Status').selectOption('waiting');
        await page.getByText('No booking matches.').waitFor();
        await page.getByLabel('Status').selectOption('checked_in');
        await row.waitFor();
        const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
        expect(href).toBe('/api/admin/bookings/export.csv?query=camille&status=checked_in');
        const csv = await page.evaluate((url) => fetch(url).then((r) => r.text()), href!);
        expect(csv).toContain(state.code);
        expect(csv).toContain('Camille Martin');
        await shoot(page, 'bookings', size);

        await page.goto(
          `${suite.app.url}/admin/attendance/${encodeURIComponent(await sessionIdOf(state.code))}`,
        );
        await page.getByRole('heading', { name: 'Attendance: Yoga du soir' }).waitFor();
        await page.getByText('1 booked · 1 checked in · 0 no-show · 1 paid · 0 waiting').waitFor();
        await shoot(page, 'attendance', size);

        await page.goto(`${suite.app.url}/admin/classes`);
        await page.getByRole('tab', { name: 'Packs' }).click();
        if (size === 'phone') {
          await page.getByRole('button', { name: 'New pack' }).click();
          await page.getByLabel('Name').fill('Carte 10 cours');
          await page.getByLabel('Price').fill('200');
          await page.getByRole('button', { name: 'Create' }).click();
        }
        await page.getByText('Carte 10 cours').waitFor();
        await shoot(page, 'packs', size);
        await page.getByRole('button', { name: 'New class' }).click();
        await shoot(page, 'form', size);
        await page.goto(`${suite.app.url}/admin/check-in`);
        await page.getByLabel('Booking code').waitFor();
        await shoot(page, 'check-in-empty', size);
        expect(errors).toEqual([]);
      }
    },
    TEST_TIMEOUT_MS * 2,
  );

  async function sessionIdOf(code: string): Promise<string> {
    const cookie = await suite.app.login();
    return (await adminFetch(suite.app.url, cookie, `/api/admin/bookings?query=${code}`)).body.items[0]
      .sessionId;
  }
});
