/**
 * TRUST_PROXY decides whose X-Forwarded-For is believed, and so which address the login throttle
 * counts. Behind a proxy that is not trusted every client has the proxy's address (one shared budget
 * of 5 failures); a trusted one passes each client's own address through.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../../server/admin/auth/throttle.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let app: TestApp | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
});

/** A wrong login for `email`, forwarded by a proxy on 127.0.0.1 for `client`. */
async function wrongLogin(email: string, client: string): Promise<number> {
  const response = await fetch(`${app!.url}/api/admin/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ email, password: 'not the password at all' }),
  });
  return response.status;
}

/** MAX_FAILURES wrong logins at once from one client (each for another email), then one more. */
async function afterOneClientsFailures(next: { email: string; client: string }): Promise<number> {
  const first = await Promise.all(
    Array.from({ length: MAX_FAILURES }, (_, i) => wrongLogin(`nobody${i}@example.com`, '203.0.113.1')),
  );
  expect(first).toEqual(Array(MAX_FAILURES).fill(401));
  return wrongLogin(next.email, next.client);
}

describe('TRUST_PROXY', () => {
  it('1 (one proxy in front): each forwarded client has its own address budget', async () => {
    app = await startTestApp({ env: { TRUST_PROXY: '1' } });
    expect(await afterOneClientsFailures({ email: 'other@example.com', client: '203.0.113.2' })).toBe(401);
    expect(await wrongLogin('third@example.com', '203.0.113.1')).toBe(429);
  });

  it('a proxy address that is not the peer: X-Forwarded-For is ignored, all share the peer’s budget', async () => {
    app = await startTestApp({ env: { TRUST_PROXY: '10.0.0.0/8' } });
    expect(await afterOneClientsFailures({ email: 'other@example.com', client: '203.0.113.2' })).toBe(429);
  });
});
