import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;

const post = (path: string, body: unknown, c = cookie) =>
  adminFetch(app.url, c, path, { method: 'POST', body: JSON.stringify(body) });
const patch = (path: string, body: unknown) =>
  adminFetch(app.url, cookie, path, { method: 'PATCH', body: JSON.stringify(body) });

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

describe('health', () => {
  it('answers /healthz and /readyz with the store and the web channel', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      ok: true,
      store: { ok: true },
      channels: { web: { state: 'ready' } },
    });
  });
});

describe('auth', () => {
  it('sets an HttpOnly SameSite=Strict cookie and a new session at every login', async () => {
    const response = await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    expect(setCookie.split(';')[0]).not.toBe(cookie);
    const me = await adminFetch(app.url, setCookie.split(';')[0]!, '/api/admin/auth/me');
    expect(me.body.user).toMatchObject({ email: app.adminEmail, role: 'owner' });
    expect(me.body.user.passwordHash).toBeUndefined();
  });

  it('refuses requests without a session', async () => {
    const response = await adminFetch(app.url, '', '/api/admin/links');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('ends the session at logout', async () => {
    const session = await app.login();
    expect((await post('/api/admin/auth/logout', {}, session)).status).toBe(204);
    expect((await adminFetch(app.url, session, '/api/admin/auth/me')).status).toBe(401);
  });

  it('answers 429 with Retry-After after 5 failed logins for one email', async () => {
    const email = 'someone@example.com';
    for (let i = 0; i < 5; i++) {
      const failed = await post('/api/admin/auth/login', { email, password: 'wrong password!' }, '');
      expect(failed.status).toBe(401);
      expect(failed.body.error.code).toBe('invalid_credentials');
    }
    const blocked = await post('/api/admin/auth/login', { email, password: 'wrong password!' }, '');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
  });

  it('refuses a cross-site write', async () => {
    const response = await adminFetch(app.url, cookie, '/api/admin/offers', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
      body: JSON.stringify({ name: 'x', kind: 'course', price: 1, currency: 'CHF' }),
    });
    expect(response.status).toBe(403);
    expect((await adminFetch(app.url, cookie, '/api/admin/offers')).body.items).toHaveLength(0);
  });
});

describe('links', () => {
  it('creates a link with a token, a code and its web URL; patches and deletes it', async () => {
    const created = await post('/api/admin/links', { name: 'Instagram ads', mode: 'standard' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^[\w-]{20,}$/);
    expect(created.body.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(created.body.urls.web).toBe(`${app.kora.config.publicUrl}/c/${created.body.token}`);
    const renamed = await patch(`/api/admin/links/${created.body.id}`, { name: 'Instagram' });
    expect(renamed.body.name).toBe('Instagram');
    const deleted = await adminFetch(app.url, cookie, `/api/admin/links/${created.body.id}`, {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(204);
    expect((await adminFetch(app.url, cookie, `/api/admin/links/${created.body.id}`)).status).toBe(404);
  });

  it('needs a custom prompt for a strict link', async () => {
    const refused = await post('/api/admin/links', { name: 'Partner', mode: 'strict' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'customPrompt' });
    const ok = await post('/api/admin/links', { name: 'Partner', mode: 'strict', customPrompt: 'Be brief.' });
    expect(ok.status).toBe(201);
    const cleared = await patch(`/api/admin/links/${ok.body.id}`, { customPrompt: null });
    expect(cleared.status).toBe(400);
    expect((await adminFetch(app.url, cookie, `/api/admin/links/${ok.body.id}`)).body.customPrompt).toBe(
      'Be brief.',
    );
  });
});

describe('catalog', () => {
  it('validates offers field by field and changes nothing on bad input', async () => {
    const good = { name: 'Yoga', kind: 'course', description: 'Doux.', price: 120, currency: 'chf' };
    const cases: [unknown, string][] = [
      [{ ...good, price: -1 }, 'price'],
      [{ ...good, price: 1.234 }, 'price'],
      [{ ...good, currency: 'francs' }, 'currency'],
      [{ ...good, kind: 'gift' }, 'kind'],
      [{ ...good, paymentUrl: 'javascript:alert(1)' }, 'paymentUrl'],
      [{ ...good, name: '' }, 'name'],
      [{ ...good, surprise: 1 }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const response = await post('/api/admin/offers', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'validation_failed', field });
    }
    expect((await adminFetch(app.url, cookie, '/api/admin/offers')).body.items).toHaveLength(0);
    const created = await post('/api/admin/offers', good);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ currency: 'CHF', visible: true, paymentUrl: null });
  });

  it('answers 400 to invalid JSON and 413 to a body over 1 MB', async () => {
    const broken = await adminFetch(app.url, cookie, '/api/admin/articles', {
      method: 'POST',
      body: '{"title":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const huge = await post('/api/admin/articles', { title: 'Big', body: 'x'.repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    expect((await adminFetch(app.url, cookie, '/api/admin/articles')).body.items).toHaveLength(0);
  });

  it('keeps promo codes unique regardless of case', async () => {
    const first = await post('/api/admin/promo-codes', { code: 'SPRING10', discount: { percent: 10 } });
    expect(first.status).toBe(201);
    const again = await post('/api/admin/promo-codes', { code: 'spring10', discount: { amount: 5 } });
    expect(again.status).toBe(409);
    const both = await post('/api/admin/promo-codes', { code: 'BOTH', discount: { percent: 10, amount: 5 } });
    expect(both.status).toBe(400);
    expect(both.body.error.field).toBe('discount');
  });

  it('edits the assistant settings partially and refuses bad values', async () => {
    const defaults = await adminFetch(app.url, cookie, '/api/admin/assistant');
    expect(defaults.body.provider).toBe('offline');
    const saved = await adminFetch(app.url, cookie, '/api/admin/assistant', {
      method: 'PUT',
      body: JSON.stringify({
        paymentLinks: { twint: 'https://twint.example/pay' },
        memory: { messages: 10, hours: 48 },
      }),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      paymentLinks: { twint: 'https://twint.example/pay' },
      basePrompt: defaults.body.basePrompt,
    });
    const bad = await adminFetch(app.url, cookie, '/api/admin/assistant', {
      method: 'PUT',
      body: JSON.stringify({ memory: { messages: 0, hours: 1 } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('memory.messages');
    expect((await adminFetch(app.url, cookie, '/api/admin/assistant')).body.memory).toEqual({
      messages: 10,
      hours: 48,
    });
  });

  it('keeps the safe domains of STRICT answers as hosts and refuses shorteners and non-domains', async () => {
    const put = (safeDomains: unknown) =>
      adminFetch(app.url, cookie, '/api/admin/assistant', {
        method: 'PUT',
        body: JSON.stringify({ safeDomains }),
      });
    const saved = await put(['https://www.Studio-Lumen.ch/blog', 'youtube.com', ' youtube.com ']);
    expect(saved.status).toBe(200);
    expect(saved.body.safeDomains).toEqual(['studio-lumen.ch', 'youtube.com']);
    for (const [bad, reason] of [
      [['bit.ly'], /shortener/],
      [['https://t.co/abc'], /shortener/],
      [['not a domain'], /domain/],
      [['localhost'], /domain/],
    ] as const) {
      const refused = await put(bad);
      expect(refused.status).toBe(400);
      expect(refused.body.error.field).toBe('safeDomains.0');
      expect(refused.body.error.message).toMatch(reason);
    }
    expect((await put('studio.ch')).body.error.field).toBe('safeDomains');
    expect((await adminFetch(app.url, cookie, '/api/admin/assistant')).body.safeDomains).toEqual([
      'studio-lumen.ch',
      'youtube.com',
    ]);
  });

  it('records every admin write in the audit log', async () => {
    const { items } = await app.kora.store.auditLog.list({ limit: 100 });
    const actions = items.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login', 'links.create', 'offers.create', 'assistant.update']),
    );
    expect(items.every((entry) => entry.ip)).toBe(true);
  });
});

describe('behind https', () => {
  it('uses a __Host- cookie with Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ env: { PUBLIC_URL: 'https://chat.example.com' } });
    try {
      const response = await fetch(`${secure.url}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: secure.adminEmail, password: secure.adminPassword }),
      });
      const setCookie = response.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-kora_session=[\w-]{40,};/);
      expect(setCookie).toMatch(/; Secure/);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/Domain=/);
    } finally {
      await secure.stop();
    }
  });
});

describe('first start without ADMIN_EMAIL', () => {
  it('creates the owner through the one-time setup link', async () => {
    const fresh = await startTestApp({ env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } });
    try {
      const owner = fresh.kora.owner;
      expect(owner.kind).toBe('setup');
      if (owner.kind !== 'setup') return;
      const body = { name: 'Coach', email: 'owner@example.com', password: 'a long enough password' };
      const wrong = await adminFetch(fresh.url, '', '/api/admin/auth/setup', {
        method: 'POST',
        body: JSON.stringify({ ...body, token: 'guess' }),
      });
      expect(wrong.status).toBe(403);
      const short = await adminFetch(fresh.url, '', '/api/admin/auth/setup', {
        method: 'POST',
        body: JSON.stringify({ ...body, password: 'short', token: owner.token }),
      });
      expect(short.body.error.field).toBe('password');
      const done = await adminFetch(fresh.url, '', '/api/admin/auth/setup', {
        method: 'POST',
        body: JSON.stringify({ ...body, token: owner.token }),
      });
      expect(done.status).toBe(201);
      expect(done.body.user).toMatchObject({ email: 'owner@example.com', role: 'owner' });
      const reused = await adminFetch(fresh.url, '', '/api/admin/auth/setup', {
        method: 'POST',
        body: JSON.stringify({ ...body, email: 'other@example.com', token: owner.token }),
      });
      expect(reused.status).toBe(403);
      expect(fresh.kora.defaultChatUrl).toMatch(/\/c\/[\w-]+$/);
    } finally {
      await fresh.stop();
    }
  });
});
