/**
 * Issue 19, "send later": a message scheduled in TIMEZONE goes at its time, after a restart too, a
 * cancelled one never goes, and a cancel racing the send has one winner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink, nextMessage } from '../helpers/chat-client.js';
import type { Socket } from 'socket.io-client';

let app: TestApp;
let cookie: string;
const sockets: Socket[] = [];

const call = (method: string, path: string, body?: unknown) =>
  adminFetch(app.url, cookie, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** A wall-clock time `ms` from now in Europe/Zurich, written without an offset ("2026-12-06T01:02:03"). */
function zurichLocal(ms: number): string {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Zurich',
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(Date.now() + ms));
  return parts.replace(' ', 'T');
}

async function customer(name: string) {
  const link = (await call('POST', '/api/admin/links', { name, mode: 'standard' })).body.token;
  const joined = await joinThroughLink(app.url, link, name);
  sockets.push(joined.socket);
  return joined;
}

beforeAll(async () => {
  app = await startTestApp({
    env: { TIMEZONE: 'Europe/Zurich' },
    start: { campaigns: { processEveryMs: 200 } },
  });
  cookie = await app.login();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.stop();
});

describe('send later', () => {
  it('sends at the local time in TIMEZONE, shown as scheduled until then', async () => {
    const c = await customer('Ines');
    const sendAt = zurichLocal(1_500);
    const created = await call('POST', `/api/admin/conversations/${c.conversationId}/scheduled`, {
      text: 'Rappel : cours demain',
      sendAt,
    });
    expect(created.status).toBe(201);
    // Read in Zurich: within a second of what was asked (the local text has no milliseconds).
    expect(Math.abs(Date.parse(created.body.sendAt) - (Date.now() + 1_500))).toBeLessThan(2_000);
    const listed = await call('GET', `/api/admin/conversations/${c.conversationId}/scheduled`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, status: 'scheduled' }),
    ]);
    const delivered = await nextMessage(c.socket, (m) => m.text === 'Rappel : cours demain', 10_000);
    expect(delivered.sender.type).toBe('coach');
    await expect
      .poll(async () => (await app.kora.store.scheduledMessages.get(created.body.id))?.status)
      .toBe('sent');
    expect((await call('GET', `/api/admin/conversations/${c.conversationId}/scheduled`)).body.items).toEqual(
      [],
    );
  });

  it('refuses a time in the past or not a time, naming sendAt, and stores nothing', async () => {
    const c = await customer('Jules');
    const path = `/api/admin/conversations/${c.conversationId}/scheduled`;
    for (const sendAt of [zurichLocal(-60_000), 'tomorrow', '2026-02-30T10:00']) {
      const refused = await call('POST', path, { text: 'x', sendAt });
      expect(refused.status).toBe(400);
      expect(refused.body.error.field).toBe('sendAt');
    }
    expect((await call('GET', path)).body.items).toEqual([]);
  });

  it('never sends a cancelled message; a cancel and the send racing have one winner', async () => {
    const c = await customer('Karim');
    const path = `/api/admin/conversations/${c.conversationId}/scheduled`;
    const later = (await call('POST', path, { text: 'Annulé', sendAt: zurichLocal(1_000) })).body;
    const cancels = await Promise.all(Array.from({ length: 4 }, () => call('DELETE', `${path}/${later.id}`)));
    expect(cancels.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const messages = await call('GET', `/api/admin/conversations/${c.conversationId}/messages`);
    expect(messages.body.items.map((m: { text: string }) => m.text)).not.toContain('Annulé');
    expect((await app.kora.store.scheduledMessages.get(later.id))?.status).toBe('cancelled');
  });

  it('still sends after a restart', async () => {
    const c = await customer('Lea');
    const path = `/api/admin/conversations/${c.conversationId}/scheduled`;
    const later = (await call('POST', path, { text: 'Après le redémarrage', sendAt: zurichLocal(2_500) }))
      .body;
    c.socket.close();
    app = await app.restart();
    cookie = await app.login();
    await expect
      .poll(async () => (await app.kora.store.scheduledMessages.get(later.id))?.status, { timeout: 10_000 })
      .toBe('sent');
    const messages = await call('GET', `/api/admin/conversations/${c.conversationId}/messages`);
    expect(messages.body.items.map((m: { text: string }) => m.text)).toContain('Après le redémarrage');
  });
});
