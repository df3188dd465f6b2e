import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let owner: string;

const call = (cookie: string, method: string, path: string, body?: unknown) =>
  adminFetch(app.url, cookie, path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function loginAs(email: string, password: string): Promise<string> {
  const response = await fetch(`${app.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

beforeAll(async () => {
  app = await startTestApp();
  owner = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('users (owner only)', () => {
  it('adds an agent who can work with conversations but not settings', async () => {
    const created = await call(owner, 'POST', '/api/admin/users', {
      email: 'Agent@Example.com',
      name: 'Agent',
      password: 'a long agent password',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'agent@example.com', role: 'agent' });
    expect(created.body.passwordHash).toBeUndefined();
    const agent = await loginAs('agent@example.com', 'a long agent password');
    expect((await call(agent, 'GET', '/api/admin/conversations')).status).toBe(200);
    expect((await call(agent, 'GET', '/api/admin/offers')).status).toBe(403);
    expect((await call(agent, 'GET', '/api/admin/users')).status).toBe(403);
    expect((await call(agent, 'GET', '/api/admin/audit-log')).status).toBe(403);
  });

  it('refuses a duplicate email, a short password and an unknown role, naming the field', async () => {
    const base = { email: 'agent@example.com', name: 'X', password: 'a long agent password', role: 'agent' };
    expect((await call(owner, 'POST', '/api/admin/users', base)).status).toBe(409);
    const short = await call(owner, 'POST', '/api/admin/users', {
      ...base,
      email: 'b@example.com',
      password: 'short',
    });
    expect(short.body.error.field).toBe('password');
    const role = await call(owner, 'POST', '/api/admin/users', {
      ...base,
      email: 'c@example.com',
      role: 'admin',
    });
    expect(role.body.error.field).toBe('role');
  });

  it('ends the sessions of a user whose password changes', async () => {
    const users = await call(owner, 'GET', '/api/admin/users');
    const agentId = users.body.items.find((u: { email: string }) => u.email === 'agent@example.com').id;
    const agent = await loginAs('agent@example.com', 'a long agent password');
    const changed = await call(owner, 'PATCH', `/api/admin/users/${agentId}`, {
      password: 'another long password',
    });
    expect(changed.status).toBe(200);
    expect((await call(agent, 'GET', '/api/admin/auth/me')).status).toBe(401);
  });

  it('never leaves the team without an owner', async () => {
    const users = await call(owner, 'GET', '/api/admin/users');
    const ownerId = users.body.items.find((u: { role: string }) => u.role === 'owner').id;
    const demote = await call(owner, 'PATCH', `/api/admin/users/${ownerId}`, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect((await call(owner, 'DELETE', `/api/admin/users/${ownerId}`)).status).toBe(409);
    expect((await call(owner, 'GET', '/api/admin/auth/me')).body.user.role).toBe('owner');
  });
});

describe('audit log', () => {
  it('lists every admin write newest first, with who and from where, in pages', async () => {
    const first = await call(owner, 'GET', '/api/admin/audit-log?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(4);
    const actions = (await call(owner, 'GET', '/api/admin/audit-log?limit=200')).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['users.create', 'users.update', 'auth.login']));
    expect(first.body.items[0].createdAt >= first.body.items[1].createdAt).toBe(true);
    expect(first.body.items[0].ip).toBeTruthy();
    expect(JSON.stringify(first.body)).not.toContain('another long password');
    expect((await call(owner, 'GET', '/api/admin/audit-log?limit=0')).body.error.field).toBe('limit');
  });
});
