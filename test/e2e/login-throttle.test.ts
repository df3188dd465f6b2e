/**
 * The login throttle under concurrency: many wrong logins at once, from one address or from many
 * (real connections from other loopback addresses, 127.0.0.x, so the server sees different req.ip),
 * never get more than 5 password or code checks through; the right answer sent after them waits too.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../server/admin/auth/throttle.js';
import { base32Decode, hotp, stepAt } from '../../server/admin/auth/totp.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

const PARALLEL = 100;

interface Answer {
  status: number;
  retryAfter: string | undefined;
  code: string | undefined;
}

/** POSTs JSON from the given local address (its own connection: no keep-alive reuse across addresses). */
function postFrom(app: TestApp, localAddress: string, path: string, body: unknown): Promise<Answer> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${app.url}${path}`,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
            code: text ? (JSON.parse(text) as { error?: { code?: string } }).error?.code : undefined,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function tally(answers: Answer[]) {
  const byStatus = new Map<number, number>();
  for (const answer of answers) byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
  return Object.fromEntries(byStatus);
}

function expectThrottled(answer: Answer): void {
  expect(answer).toMatchObject({ status: 429, code: 'rate_limited' });
  expect(Number(answer.retryAfter)).toBeGreaterThan(800);
}

let app: TestApp;
let owner: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await app.login();
});

afterAll(async () => {
  await app?.stop();
});

async function createAgent(email: string, password: string): Promise<void> {
  const created = await adminFetch(app.url, owner, '/api/admin/users', {
    method: 'POST',
    body: JSON.stringify({ email, name: 'Agent', password, role: 'agent' }),
  });
  expect(created.status).toBe(201);
}

describe('login throttle under concurrency', () => {
  it(`lets ${MAX_FAILURES} of ${PARALLEL} parallel wrong logins from one address be checked, then refuses the right one`, async () => {
    const address = '127.0.0.11';
    // Each guess names another account: only the address's limit can stop them.
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        postFrom(app, address, '/api/admin/auth/login', {
          email: `guess${i}@example.com`,
          password: 'not the password',
        }),
      ),
    );
    expect(tally(guesses)).toEqual({ 401: MAX_FAILURES, 429: PARALLEL - MAX_FAILURES });
    for (const answer of guesses.filter((a) => a.status === 429)) expectThrottled(answer);
    const right = await postFrom(app, address, '/api/admin/auth/login', {
      email: app.adminEmail,
      password: app.adminPassword,
    });
    expectThrottled(right);
  });

  it(`holds per account across ${PARALLEL} different addresses`, async () => {
    const email = 'agent-many@example.com';
    const password = 'the agent password, long';
    await createAgent(email, password);
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        postFrom(app, `127.0.1.${i + 1}`, '/api/admin/auth/login', { email, password: 'not the password' }),
      ),
    );
    expect(tally(guesses)).toEqual({ 401: MAX_FAILURES, 429: PARALLEL - MAX_FAILURES });
    expectThrottled(await postFrom(app, '127.0.2.1', '/api/admin/auth/login', { email, password }));
  });

  it(`lets ${MAX_FAILURES} of ${PARALLEL} parallel wrong codes be checked, then refuses the right code`, async () => {
    const email = 'agent-totp@example.com';
    const password = 'the totp agent password';
    await createAgent(email, password);
    const cookie = await loginCookie(email, password);
    const setup = await adminFetch(app.url, cookie, '/api/admin/auth/totp/setup', { method: 'POST' });
    const secret = base32Decode(setup.body.secret);
    const step = stepAt(Date.now());
    const enabled = await adminFetch(app.url, cookie, '/api/admin/auth/totp/enable', {
      method: 'POST',
      body: JSON.stringify({ code: hotp(secret, step) }),
    });
    expect(enabled.status).toBe(200);
    const right = hotp(secret, Math.max(step + 1, stepAt(Date.now())));
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const guesses = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        postFrom(app, '127.0.3.2', '/api/admin/auth/login', { email, password, code: wrong }),
      ),
    );
    expect(tally(guesses)).toEqual({ 401: MAX_FAILURES, 429: PARALLEL - MAX_FAILURES });
    expect(guesses.filter((a) => a.status === 401).every((a) => a.code === 'invalid_code')).toBe(true);
    expectThrottled(
      await postFrom(app, '127.0.3.3', '/api/admin/auth/login', { email, password, code: right }),
    );
  });
});

async function loginCookie(email: string, password: string): Promise<string> {
  const response = await fetch(`${app.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}
