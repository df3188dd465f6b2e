/** What the inbox browser tests (issue 19) share: customers on the web chat, agents, screenshots at both sizes. */
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { adminFetch, joinThroughLink, request } from '../../helpers/chat-client.js';
import { signInToPanel } from './chromium.js';
import type { BrowserSuite } from './suite.js';

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function inboxKit(suite: BrowserSuite) {
  let link: string | null = null;
  const sockets: Socket[] = [];
  const call = async (cookie: string, method: string, p: string, body?: unknown) =>
    adminFetch(suite.app.url, cookie, p, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    call,
    sockets,
    /** A web chat customer who joined through a STANDARD link (offline assistant). */
    async customer(cookie: string, name: string) {
      link ??= (await call(cookie, 'POST', '/api/admin/links', { name: 'Site', mode: 'standard' })).body
        .token;
      const joined = await joinThroughLink(suite.app.url, link!, name);
      sockets.push(joined.socket);
      let n = 0;
      const say = async (text: string) => {
        const sent = await request(joined.socket, 'send', {
          conversationId: joined.conversationId,
          text,
          clientMessageId: `${name}-${n++}-${Date.now()}`,
        });
        if (!sent.ok) throw new Error(sent.error.message);
        await suite.app.kora.engine.idle();
      };
      return { ...joined, say };
    },
    async agent(cookie: string, name: string, email: string) {
      const password = 'a long agent password';
      const created = await call(cookie, 'POST', '/api/admin/users', {
        email,
        name,
        password,
        role: 'agent',
      });
      return { id: created.body.id as string, email, password };
    },
    async signedIn(viewport = LAPTOP, credentials?: { email: string; password: string }, locale = 'en-US') {
      const page = await suite.browser.newContext({ viewport, locale }).then((context) => context.newPage());
      const who = credentials ?? { email: suite.app.adminEmail, password: suite.app.adminPassword };
      await signInToPanel(page, suite.app.url, who, locale);
      return page;
    },
    /** The page at 1280×800 then 390×844, into the temp folder (looked at by hand). */
    async screenshots(page: Page, name: string): Promise<string[]> {
      const files: string[] = [];
      for (const [size, viewport] of [
        ['laptop', LAPTOP],
        ['phone', PHONE],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.waitForTimeout(150);
        const file = path.join(tmpdir(), `kora-inbox-${name}-${size}.png`);
        await page.screenshot({ path: file });
        files.push(file);
      }
      await page.setViewportSize(LAPTOP);
      return files;
    },
    close() {
      for (const socket of sockets) socket.close();
    },
  };
}
