/**
 * Two-factor sign-in over HTTP: set-up, enable, login with and without a code, replay, recovery
 * codes, throttling, disable. Codes are computed from the returned secret with the app's clock
 * (the system clock).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../server/admin/auth/throttle.js';
import type { AuditEntry } from '../../core/types.js';
import { base32Decode, hotp, stepAt } from '../../server/admin/auth/totp.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

type Call = (cookie: string, method: string, path: string, body?: unknown) => ReturnType<typeof adminFetch>;

function caller(app: TestApp, headers: Record<string, string> = {}): Call {
  return (cookie, method, route, body) =>
    adminFetch(app.url, cookie, route, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

async function login(app: TestApp, body: Record<string, string>) {
  const response = await fetch(`${app.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword, ...body }),
  });
  const cookie = response.headers.get('set-cookie');
  return { status: response.status, body: await response.json(), cookie: cookie?.split(';')[0] ?? null };
}

/** Turns 2FA on for the signed-in owner; returns the secret, the step used and the recovery codes. */
async function enable(call: Call, cookie: string) {
  const setup = await call(cookie, 'POST', '/api/admin/auth/totp/setup');
  expect(setup.status).toBe(200);
  const secret = base32Decode(setup.body.secret);
  const step = stepAt(Date.now());
  const enabled = await call(cookie, 'POST', '/api/admin/auth/totp/enable', { code: hotp(secret, step) });
  expect(enabled.status).toBe(200);
  return { setup: setup.body, secret, step, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

/** A code of a step after `lastStep` still inside the window around now. */
function nextCode(secret: Buffer, lastStep: number): { code: string; step: number } {
  const step = Math.max(lastStep + 1, stepAt(Date.now()));
  return { code: hotp(secret, step), step };
}

describe('two-factor sign-in (TOTP) over HTTP', () => {
  let app: TestApp;
  let call: Call;

  beforeAll(async () => {
    // The test plays a reverse proxy on loopback: its X-Forwarded-For stands for other addresses.
    app = await startTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    call = caller(app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('sets up, signs in only with a fresh code or an unused recovery code, and turns off', async () => {
    let cookie = await app.login();
    expect((await call(cookie, 'GET', '/api/admin/auth/me')).body.user.totpEnabled).toBe(false);
    expect(await call(cookie, 'GET', '/api/admin/auth/totp')).toMatchObject({
      status: 200,
      body: { enabled: false, enabledAt: null, recoveryCodesLeft: 0 },
    });

    // Enabling needs a set-up first, and a code of the pending secret.
    expect((await call(cookie, 'POST', '/api/admin/auth/totp/enable', { code: '123456' })).status).toBe(409);
    const setup = await call(cookie, 'POST', '/api/admin/auth/totp/setup');
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toBe(
      `otpauth://totp/Kora:coach%40example.com?secret=${setup.body.secret}&issuer=Kora&algorithm=SHA1&digits=6&period=30`,
    );
    const secret = base32Decode(setup.body.secret);
    const stored = await app.kora.store.adminUsers.getByEmail(app.adminEmail);
    expect(stored?.totpSecret).toMatch(/^v1\./);
    expect(stored?.totpSecret).not.toContain(setup.body.secret);
    expect(stored?.totpEnabledAt).toBeNull();
    expect((await call(cookie, 'GET', '/api/admin/auth/me')).body.user.totpEnabled).toBe(false);

    const enableStep = stepAt(Date.now());
    const right = hotp(secret, enableStep);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const wrongCode = await call(cookie, 'POST', '/api/admin/auth/totp/enable', { code: wrong });
    expect(wrongCode).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_code', field: 'code' } },
    });
    for (const code of ['abcdef', '12345', 123456]) {
      const refused = await call(cookie, 'POST', '/api/admin/auth/totp/enable', { code });
      expect(refused).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', field: 'code' } },
      });
    }
    const unknownField = await call(cookie, 'POST', '/api/admin/auth/totp/enable', { code: right, x: 1 });
    expect(unknownField.body.error.field).toBe('x');
    expect((await call(cookie, 'GET', '/api/admin/auth/me')).body.user.totpEnabled).toBe(false);

    const enabled = await call(cookie, 'POST', '/api/admin/auth/totp/enable', {
      code: `${right.slice(0, 3)} ${right.slice(3)}`,
    });
    expect(enabled.status).toBe(200);
    const recoveryCodes = enabled.body.recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(enabled.body.user.totpEnabled).toBe(true);
    const me = await call(cookie, 'GET', '/api/admin/auth/me');
    expect(me.body.user.totpEnabled).toBe(true);
    expect(Object.keys(me.body.user).sort()).toEqual([
      'createdAt',
      'email',
      'id',
      'name',
      'role',
      'totpEnabled',
    ]);
    expect(JSON.stringify((await call(cookie, 'GET', '/api/admin/users')).body)).not.toMatch(
      /totpSecret|v1\./,
    );
    expect((await call(cookie, 'GET', '/api/admin/auth/totp')).body).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // Neither the secret nor a recovery code is anywhere in the data folder (database, WAL) in clear.
    const data = fs
      .readdirSync(app.dataDir)
      .map((name) => path.join(app.dataDir, name))
      .filter((file) => fs.statSync(file).isFile())
      .map((file) => fs.readFileSync(file).toString('latin1'))
      .join('');
    expect(data).not.toContain(setup.body.secret);
    for (const code of recoveryCodes) expect(data).not.toContain(code.replace('-', ''));
    // Set-up again while on: refused (turn it off first).
    expect((await call(cookie, 'POST', '/api/admin/auth/totp/setup')).status).toBe(409);

    expect((await call(cookie, 'POST', '/api/admin/auth/logout')).status).toBe(204);
    const attempts = async () =>
      (await app.kora.store.loginAttempts.count(`email:${app.adminEmail}`, new Date(0).toISOString())).count;

    // The right password alone: asked for the code, no session, not a failure.
    const noCode = await login(app, {});
    expect(noCode).toMatchObject({ status: 401, body: { error: { code: 'totp_required', field: 'code' } } });
    expect(noCode.cookie).toBeNull();
    expect(await login(app, { code: '' })).toMatchObject({ body: { error: { code: 'totp_required' } } });
    expect(await attempts()).toBe(0);

    // A wrong password says nothing about 2FA, with or without a code.
    const wrongPassword = await login(app, { password: 'not the password', code: right });
    expect(wrongPassword).toMatchObject({ status: 401, body: { error: { code: 'invalid_credentials' } } });
    expect(wrongPassword.body.error.field).toBeUndefined();
    expect(await attempts()).toBe(1);

    // The code that turned 2FA on is used up: a replay, refused, and counted as a failed login.
    const replayed = await login(app, { code: right });
    expect(replayed).toMatchObject({ status: 401, body: { error: { code: 'invalid_code', field: 'code' } } });
    expect(replayed.cookie).toBeNull();
    expect(await attempts()).toBe(2);

    const next = nextCode(secret, enableStep);
    const signedIn = await login(app, { code: next.code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email: app.adminEmail, totpEnabled: true });
    expect(signedIn.cookie).toMatch(/^kora_session=.+/);
    expect((await call(signedIn.cookie!, 'GET', '/api/admin/auth/me')).status).toBe(200);
    expect(await attempts()).toBe(0);
    // The same code again (another login within its window): refused.
    expect(await login(app, { code: next.code })).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_code' } },
    });

    // A recovery code works once, however it is typed.
    const recovery = recoveryCodes[3]!;
    const rescued = await login(app, { code: ` ${recovery.toUpperCase()} ` });
    expect(rescued.status).toBe(200);
    cookie = rescued.cookie!;
    expect(await login(app, { code: recovery })).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_code', field: 'code' } },
    });
    expect((await call(cookie, 'GET', '/api/admin/auth/totp')).body.recoveryCodesLeft).toBe(9);

    // Turning off needs the password and a code (here a recovery code: a TOTP code of a later step
    // may not exist yet), from another address (this one has 4 failures).
    const elsewhere = caller(app, { 'x-forwarded-for': '203.0.113.50' });
    const later = { code: recoveryCodes[5]! };
    const badPassword = await elsewhere(cookie, 'POST', '/api/admin/auth/totp/disable', {
      password: 'not the password',
      code: later.code,
    });
    expect(badPassword).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_password', field: 'password' } },
    });
    const badCode = await elsewhere(cookie, 'POST', '/api/admin/auth/totp/disable', {
      password: app.adminPassword,
      code: recovery,
    });
    expect(badCode).toMatchObject({ status: 400, body: { error: { code: 'invalid_code', field: 'code' } } });
    const missing = await elsewhere(cookie, 'POST', '/api/admin/auth/totp/disable', {
      password: app.adminPassword,
    });
    expect(missing).toMatchObject({ status: 400, body: { error: { field: 'code' } } });
    expect((await call(cookie, 'GET', '/api/admin/auth/me')).body.user.totpEnabled).toBe(true);

    const off = await elsewhere(cookie, 'POST', '/api/admin/auth/totp/disable', {
      password: app.adminPassword,
      code: later.code,
    });
    expect(off.status).toBe(204);
    expect((await call(cookie, 'GET', '/api/admin/auth/me')).body.user.totpEnabled).toBe(false);
    const cleared = await app.kora.store.adminUsers.getByEmail(app.adminEmail);
    expect(cleared).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await app.kora.store.adminUsers.countRecoveryCodes(cleared!.id)).toBe(0);
    expect(
      (await call(cookie, 'POST', '/api/admin/auth/totp/disable', { password: 'x', code: 'y' })).status,
    ).toBe(409);

    // Off again: the password alone signs in from a fresh address.
    const plain = await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.51' },
      body: JSON.stringify({ email: app.adminEmail, password: app.adminPassword }),
    });
    expect(plain.status).toBe(200);

    // Both recovery codes (the login's, then the one that turned 2FA off) are in the audit log.
    const audit = await call(cookie, 'GET', '/api/admin/audit-log?limit=200');
    const entries = (audit.body.items as { action: string; details: unknown }[]).filter((entry) =>
      entry.action.startsWith('totp.'),
    );
    expect(entries.map((entry) => [entry.action, entry.details])).toEqual([
      ['totp.disable', null],
      ['totp.recovery_code_used', { remaining: 8 }],
      ['totp.recovery_code_used', { remaining: 9 }],
      ['totp.enable', null],
    ]);
  });

  it('needs a session for every TOTP route', async () => {
    for (const [method, route] of [
      ['GET', '/api/admin/auth/totp'],
      ['POST', '/api/admin/auth/totp/setup'],
      ['POST', '/api/admin/auth/totp/enable'],
      ['POST', '/api/admin/auth/totp/disable'],
      ['POST', '/api/admin/auth/totp/recovery-codes'],
    ] as const) {
      expect((await call('', method, route, method === 'POST' ? {} : undefined)).status).toBe(401);
    }
  });
});

describe("new recovery codes, and an owner resetting someone else's two-factor sign-in", () => {
  let app: TestApp;
  let call: Call;
  /** The owner's session, opened before either test turns 2FA on. */
  let owner: string;

  beforeAll(async () => {
    app = await startTestApp();
    call = caller(app);
    owner = await app.login();
  });

  afterAll(async () => {
    await app?.stop();
  });

  async function loginAs(email: string, password: string, code?: string) {
    const response = await fetch(`${app.url}/api/admin/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, ...(code ? { code } : {}) }),
    });
    const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? null;
    return { status: response.status, body: await response.json(), cookie };
  }

  /** The audit log's TOTP entries about `target`, newest first, as the owner reads them. */
  const actions = async (owner: string, target: string) =>
    ((await call(owner, 'GET', '/api/admin/audit-log?limit=200')).body.items as AuditEntry[])
      .filter((entry) => entry.target === target && entry.action.startsWith('totp.'))
      .map((entry) => [entry.action, entry.details]);

  it('renews the recovery codes with the password and a code: the old ones stop working', async () => {
    const cookie = owner;
    const { secret, step, recoveryCodes: old } = await enable(call, cookie);
    const me = (await call(cookie, 'GET', '/api/admin/auth/me')).body.user;

    const wrongPassword = await call(cookie, 'POST', '/api/admin/auth/totp/recovery-codes', {
      password: 'not the password',
      code: old[0],
    });
    expect(wrongPassword).toMatchObject({ status: 400, body: { error: { code: 'invalid_password' } } });
    const missing = await call(cookie, 'POST', '/api/admin/auth/totp/recovery-codes', {
      password: app.adminPassword,
    });
    expect(missing).toMatchObject({ status: 400, body: { error: { field: 'code' } } });
    expect((await call(cookie, 'GET', '/api/admin/auth/totp')).body.recoveryCodesLeft).toBe(10);

    const renewed = await call(cookie, 'POST', '/api/admin/auth/totp/recovery-codes', {
      password: app.adminPassword,
      code: nextCode(secret, step).code,
    });
    expect(renewed.status).toBe(200);
    const fresh = renewed.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => old.includes(code))).toEqual([]);
    expect((await call(cookie, 'GET', '/api/admin/auth/totp')).body.recoveryCodesLeft).toBe(10);

    expect(await loginAs(app.adminEmail, app.adminPassword, old[1])).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_code' } },
    });
    expect((await loginAs(app.adminEmail, app.adminPassword, fresh[0])).status).toBe(200);
    expect(await actions(cookie, me.id)).toEqual([
      ['totp.recovery_code_used', { remaining: 9 }],
      ['totp.recovery_codes_renewed', null],
      ['totp.enable', null],
    ]);
  });

  it("lets an owner reset an agent's 2FA: the agent is signed out and signs in with the password alone", async () => {
    const agentLogin = { email: 'agent@example.com', password: 'agent password 12345' };
    const created = await call(owner, 'POST', '/api/admin/users', {
      ...agentLogin,
      name: 'Zoé',
      role: 'agent',
    });
    expect(created.status).toBe(201);
    const agentId = created.body.id as string;
    const agent = (await loginAs(agentLogin.email, agentLogin.password)).cookie!;
    await enable(call, agent);
    expect((await loginAs(agentLogin.email, agentLogin.password)).body.error.code).toBe('totp_required');

    // Not for agents, not for one's own (the Security page asks for more), not without 2FA on.
    expect((await call(agent, 'DELETE', `/api/admin/users/${agentId}/totp`)).status).toBe(403);
    const ownerId = (await call(owner, 'GET', '/api/admin/auth/me')).body.user.id as string;
    const self = await call(owner, 'DELETE', `/api/admin/users/${ownerId}/totp`);
    expect(self).toMatchObject({ status: 409, body: { error: { field: 'id' } } });
    expect((await call(owner, 'DELETE', '/api/admin/users/nobody/totp')).status).toBe(404);

    const reset = await call(owner, 'DELETE', `/api/admin/users/${agentId}/totp`);
    expect(reset).toMatchObject({ status: 200, body: { id: agentId, totpEnabled: false } });
    expect((await call(agent, 'GET', '/api/admin/auth/me')).status).toBe(401);
    const stored = await app.kora.store.adminUsers.get(agentId);
    expect(stored).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await app.kora.store.adminUsers.countRecoveryCodes(agentId)).toBe(0);
    expect((await call(owner, 'DELETE', `/api/admin/users/${agentId}/totp`)).status).toBe(409);
    expect((await loginAs(agentLogin.email, agentLogin.password)).status).toBe(200);
    expect(await actions(owner, agentId)).toEqual([
      ['totp.reset', { email: agentLogin.email }],
      ['totp.enable', null],
    ]);
  });
});

describe('two-factor sign-in and the login throttle', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('counts wrong codes as failed logins: after 5, even the right code waits', async () => {
    const cookie = await app.login();
    const { secret, step } = await enable(caller(app), cookie);
    const right = nextCode(secret, step).code;
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) {
      expect(await login(app, { code: wrong })).toMatchObject({
        status: 401,
        body: { error: { code: 'invalid_code' } },
      });
    }
    const locked = await login(app, { code: right });
    expect(locked.status).toBe(429);
    expect(locked.cookie).toBeNull();
    expect(locked.body.error.code).toBe('rate_limited');
  });
});
