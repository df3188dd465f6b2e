/**
 * The `/admin` socket against a sibling origin in Chromium: the coach is signed in to the panel, then
 * a page served from another port of the same host (same site: the SameSite=Strict cookie goes along)
 * opens a WebSocket to `/admin`. It must be refused, while the panel's own live feed still connects.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInToPanel, skipBrowserTests, TEST_TIMEOUT_MS } from './chromium.js';
import { useBrowserSuite } from './suite.js';

const CLIENT = path.join(import.meta.dirname, '../../../node_modules/socket.io-client/dist/socket.io.min.js');

/** A page on another port that connects to the app's `/admin` namespace and reports how it went. */
function siblingPage(appUrl: string): string {
  return `<!doctype html><script src="/socket.io.min.js"></script><script>
    const socket = io(${JSON.stringify(`${appUrl}/admin`)}, { transports: ['websocket'], reconnection: false });
    socket.on('connect', () => { document.title = 'connected'; });
    socket.on('connect_error', (error) => { document.title = 'refused: ' + error.message; });
  </script>`;
}

describe.skipIf(skipBrowserTests)('/admin socket from a sibling origin in Chromium', () => {
  const suite = useBrowserSuite('admin-ui');
  let sibling: http.Server;
  let siblingUrl: string;

  beforeAll(async () => {
    sibling = http.createServer((req, res) => {
      if (req.url === '/socket.io.min.js') {
        res.setHeader('content-type', 'text/javascript');
        res.end(fs.readFileSync(CLIENT));
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end(siblingPage(suite.app.url));
    });
    await new Promise<void>((resolve) => sibling.listen(0, '127.0.0.1', resolve));
    siblingUrl = `http://127.0.0.1:${(sibling.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => sibling.close(resolve));
  });

  it(
    "refuses a sibling port's page that carries the coach's cookie; the panel stays live",
    async () => {
      const context = await suite.newContext({ locale: 'en-US' });
      const panel = await context.newPage();
      await signInToPanel(panel, suite.app.url, {
        email: suite.app.adminEmail,
        password: suite.app.adminPassword,
      });
      const cookies = await context.cookies(siblingUrl);
      expect(cookies.map((cookie) => cookie.name)).toContain('kora_session');

      const attacker = await context.newPage();
      await attacker.goto(siblingUrl);
      await attacker.waitForFunction(() => document.title !== '', undefined, { timeout: 10_000 });
      expect(await attacker.title()).toBe('refused: forbidden_origin');

      // The panel's own feed (same cookie, its own origin) is connected: the inbox says so.
      await panel.bringToFront();
      await panel.getByRole('navigation').getByRole('link', { name: 'Conversations' }).click();
      await panel.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: 10_000 });
    },
    TEST_TIMEOUT_MS,
  );
});
