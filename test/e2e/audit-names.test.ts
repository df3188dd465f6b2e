/**
 * Issue 19, audit log: each entry names who did it and what it touched (a contact's, group's,
 * campaign's or user's name instead of an id), and the list filters by person, area and time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
const api = (path: string, init: RequestInit = {}) => adminFetch(app.url, cookie, path, init);
const post = (path: string, body: unknown) => api(path, { method: 'POST', body: JSON.stringify(body) });

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('audit log', () => {
  it('names the person and the target, and keeps the target’s id', async () => {
    const group = (await post('/api/admin/groups', { name: 'Yoga du soir' })).body;
    const link = (await post('/api/admin/links', { name: 'Instagram', mode: 'standard' })).body;
    const agent = (
      await post('/api/admin/users', {
        email: 'agent@example.com',
        name: 'Agent Smith',
        password: 'agent password 12345',
        role: 'agent',
      })
    ).body;
    const log = (await api('/api/admin/audit-log')).body;
    const of = (action: string) => log.items.find((entry: { action: string }) => entry.action === action);
    expect(of('groups.create')).toMatchObject({ target: group.id, targetName: 'Yoga du soir' });
    expect(of('links.create')).toMatchObject({ target: link.id, targetName: 'Instagram' });
    expect(of('users.create')).toMatchObject({ target: agent.id, targetName: 'Agent Smith' });
    const me = (await api('/api/admin/auth/me')).body;
    expect(of('groups.create').user).toEqual({ id: me.user.id, name: me.user.name });
    // A deleted target keeps its id, with no name.
    await api(`/api/admin/groups/${group.id}`, { method: 'DELETE' });
    const after = (await api('/api/admin/audit-log?area=groups')).body.items as { action: string }[];
    expect(after.map((entry) => entry.action)).toEqual(['groups.delete', 'groups.create']);
  });

  it('filters by person, area and time, and names the field of a bad filter', async () => {
    const all = (await api('/api/admin/audit-log')).body;
    const me = all.items.find((entry: { user: unknown }) => entry.user).user;
    const mine = (await api(`/api/admin/audit-log?userId=${me.id}`)).body;
    expect(mine.total).toBeGreaterThan(0);
    for (const entry of mine.items) expect(entry.user.id).toBe(me.id);
    const links = (await api('/api/admin/audit-log?area=links')).body;
    expect(links.items.map((entry: { action: string }) => entry.action)).toEqual(['links.create']);
    const future = (await api(`/api/admin/audit-log?from=${encodeURIComponent('2999-01-01T00:00:00Z')}`))
      .body;
    expect(future).toMatchObject({ items: [], total: 0 });
    const past = (await api(`/api/admin/audit-log?to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).body;
    expect(past.total).toBe(0);
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2024-13-01', 'to'],
      ['area=Contacts!', 'area'],
      ['who=me', 'who'],
    ]) {
      const response = await api(`/api/admin/audit-log?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
  });
});
