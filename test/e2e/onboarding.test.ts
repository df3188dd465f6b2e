/**
 * Issue 19, dashboard: a new installation's checklist (catalog, entry link, a channel besides the web
 * chat, the assistant's settings, a first campaign), each step done as the owner does it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch, joinThroughLink } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
const api = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body?: unknown) =>
  api(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
const done = async () =>
  Object.fromEntries(
    ((await api('/api/admin/onboarding')).body.steps as { id: string; done: boolean }[]).map((step) => [
      step.id,
      step.done,
    ]),
  );

beforeAll(async () => {
  app = await startTestApp({ env: { AI_PROVIDER: 'offline' } });
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('onboarding checklist', () => {
  it('starts with nothing done (the link made at first start does not count)', async () => {
    const response = await api('/api/admin/onboarding');
    expect(response.status).toBe(200);
    expect(response.body.steps.map((step: { id: string }) => step.id)).toEqual([
      'catalog',
      'link',
      'channel',
      'assistant',
      'campaign',
    ]);
    expect(await done()).toEqual({
      catalog: false,
      link: false,
      channel: false,
      assistant: false,
      campaign: false,
    });
  });

  it('ticks each step as the owner does it', async () => {
    expect(
      (await post('/api/admin/offers', { name: 'Yoga', kind: 'course', price: 20, currency: 'CHF' })).status,
    ).toBe(201);
    const link = (await post('/api/admin/links', { name: 'Instagram', mode: 'standard' })).body;
    const put = await api('/api/admin/assistant', {
      method: 'PUT',
      body: JSON.stringify({ offTopicReply: 'Pas ici.' }),
    });
    expect(put.status).toBe(200);
    expect(await done()).toEqual({
      catalog: true,
      link: true,
      channel: false,
      assistant: true,
      campaign: false,
    });
    const customer = await joinThroughLink(app.url, link.token, 'Première');
    customer.socket.close();
    const campaign = (
      await post('/api/admin/campaigns', {
        name: 'Bienvenue',
        message: 'Bonjour',
        targets: [{ type: 'all' }],
        channels: ['web'],
      })
    ).body;
    // A draft is not a first campaign yet; launching it is.
    expect((await done()).campaign).toBe(false);
    expect((await post(`/api/admin/campaigns/${campaign.id}/launch`)).status).toBe(200);
    expect((await done()).campaign).toBe(true);
  });

  it('is the owner’s', async () => {
    await post('/api/admin/users', {
      email: 'agent@example.com',
      name: 'Agent',
      password: 'agent password 12345',
      role: 'agent',
    });
    const login = await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@example.com', password: 'agent password 12345' }),
    });
    const agentCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await adminFetch(app.url, agentCookie, '/api/admin/onboarding')).status).toBe(403);
  });
});
