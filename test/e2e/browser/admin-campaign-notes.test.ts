/**
 * Issue 19: what the API notes about a campaign (WhatsApp without a template) is shown in the panel's
 * language, not as the API's developer text ("Set whatsappTemplate to … contentSid HX…").
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminFetch } from '../../helpers/chat-client.js';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS } from './chromium.js';
import { useBrowserSuite } from './suite.js';

describe.skipIf(skipBrowserTests)('issue 19: campaign notes', () => {
  // WhatsApp on through Twilio; nothing is sent here, so no Twilio answers (the address is never called).
  const suite = useBrowserSuite('admin-ui', {
    env: {
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+41790000000',
    },
  });

  it(
    'tells about the WhatsApp template in French, without the API’s words',
    async () => {
      const cookie = await suite.app.login();
      const created = await adminFetch(suite.app.url, cookie, '/api/admin/campaigns', {
        method: 'POST',
        body: JSON.stringify({
          name: 'WA',
          message: 'Bonjour',
          targets: [{ type: 'all' }],
          channels: ['whatsapp'],
        }),
      });
      expect(created.status).toBe(201);
      expect(created.body.notes).toHaveLength(1);
      const page = await suite.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
      const credentials = { email: suite.app.adminEmail, password: suite.app.adminPassword };
      await signInToPanel(page, suite.app.url, credentials, 'fr-FR');
      await page.goto(`${suite.app.url}/admin/campaigns/${created.body.id}`);
      await page.getByRole('heading', { level: 1, name: 'WA' }).waitFor();
      const panel = page.locator('.panel').first();
      await panel.getByText('Bonjour').waitFor();
      const text = (await panel.textContent()) ?? '';
      expect(text).not.toContain(created.body.notes[0]);
      expect(text).not.toMatch(/whatsappTemplate|contentSid/);
      expect(text).toMatch(/modèle/);
      for (const [size, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['laptop', { width: 1280, height: 800 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: path.join(tmpdir(), `kora-fix19-notes-${size}.png`), fullPage: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
