/**
 * Admin password reset by email, through the whole app and the fake Resend API: a link valid 30
 * minutes that works once (even when ten confirmations race), the same answer for unknown addresses,
 * requests limited; without email, the owner resets passwords in the panel (409 here).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetToken } from '../../server/admin/auth/password-reset.js';
import { type FakeResend, startFakeResend } from '../fakes/resend-api.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';

const SECRET_KEY = 's'.repeat(48);
const NEW_PASSWORD = 'a brand new passphrase';

let fake: FakeResend;
let app: TestApp;

beforeAll(async () => {
  fake = await startFakeResend();
  app = await startTestApp({
    env: {
      PUBLIC_URL: 'http://kora.example.test',
      SECRET_KEY,
      RESEND_API_KEY: fake.apiKey,
      EMAIL_FROM: 'Kora <hello@example.com>',
      RESEND_BASE_URL: fake.url,
    },
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

function call(target: TestApp, path: string, body: unknown) {
  return fetch(`${target.url}/api/admin/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: target.url },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: await response.text() }));
}

function login(password: string) {
  return call(app, '/login', { email: ADMIN_EMAIL, password });
}

describe('password reset by email', () => {
  let token: string;

  it('mails a single-use link to an admin, and answers the same for an unknown address', async () => {
    expect((await call(app, '/password-reset', { email: 'Coach@Example.com' })).status).toBe(202);
    expect((await call(app, '/password-reset', { email: 'nobody@example.com' })).status).toBe(202);
    const mails = await fake.waitForSent(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.sent).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: [ADMIN_EMAIL], subject: 'Reset your Kora password' });
    const link = /http:\/\/kora\.example\.test\/admin\/reset-password\?token=(\S+)/.exec(
      mails[0]!.text ?? '',
    );
    expect(link).not.toBeNull();
    token = decodeURIComponent(link![1]!);
    expect((await call(app, '/password-reset', { email: 'not an email' })).status).toBe(400);
  });

  it('sets the password once, even when ten confirmations race; the old one and the link stop working', async () => {
    const cookie = await app.login();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(app, '/password-reset/confirm', { token, password: NEW_PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    for (const refused of results.filter((r) => r.status !== 204)) {
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body).error.code).toBe('invalid_reset_token');
    }
    // Sessions opened with the old password end.
    const me = await fetch(`${app.url}/api/admin/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
    expect((await login(ADMIN_PASSWORD)).status).toBe(401);
    expect((await login(NEW_PASSWORD)).status).toBe(200);
    expect(
      (await call(app, '/password-reset/confirm', { token, password: 'yet another passphrase' })).status,
    ).toBe(403);
  });

  it('refuses an expired or forged link and a short password, changing nothing', async () => {
    const user = (await app.kora.store.adminUsers.getByEmail(ADMIN_EMAIL))!;
    const expired = resetToken(SECRET_KEY, user, Date.now() - 1);
    expect(
      (await call(app, '/password-reset/confirm', { token: expired, password: 'whatever passphrase' }))
        .status,
    ).toBe(403);
    const forged = resetToken('x'.repeat(48), user, Date.now() + 60_000);
    expect(
      (await call(app, '/password-reset/confirm', { token: forged, password: 'whatever passphrase' })).status,
    ).toBe(403);
    const valid = resetToken(SECRET_KEY, user, Date.now() + 60_000);
    expect((await call(app, '/password-reset/confirm', { token: valid, password: 'short' })).status).toBe(
      400,
    );
    expect((await login(NEW_PASSWORD)).status).toBe(200);
  });

  it('limits requests to 3 an hour per client', async () => {
    // Two were made above from this client.
    expect((await call(app, '/password-reset', { email: 'third@example.com' })).status).toBe(202);
    const fourth = await call(app, '/password-reset', { email: 'fourth@example.com' });
    expect(fourth.status).toBe(429);
  });
});

describe('without email', () => {
  it('is 409: the owner resets passwords in the panel', async () => {
    const plain = await startTestApp();
    try {
      const answer = await call(plain, '/password-reset', { email: ADMIN_EMAIL });
      expect(answer.status).toBe(409);
      expect(answer.body).toContain('owner');
    } finally {
      await plain.stop();
    }
  });
});
