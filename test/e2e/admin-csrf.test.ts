/**
 * The admin API's CSRF guard: a state-changing request must carry a same-origin `Origin` or
 * `Sec-Fetch-Site`, or be sent as application/json. What a cross-site or sibling-origin form can send
 * (a form content type, or none, no body, no Origin) is refused with 403 and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';

let app: TestApp;
let cookie: string;
let campaignId: string;

const total = async () => (await adminFetch(app.url, cookie, '/api/admin/campaigns')).body.total as number;

/** Duplicates the campaign with exactly these headers besides the cookie (no JSON content type added). */
async function duplicate(headers: Record<string, string>) {
  const response = await fetch(`${app.url}/api/admin/campaigns/${campaignId}/duplicate`, {
    method: 'POST',
    headers: { cookie, ...headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  app = await startTestApp();
  cookie = await app.login();
  const group = await adminFetch(app.url, cookie, '/api/admin/groups', {
    method: 'POST',
    body: JSON.stringify({ name: 'Morning yoga' }),
  });
  const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
    method: 'POST',
    body: JSON.stringify({
      name: 'Spring',
      message: 'Hi {firstName}',
      targets: [{ type: 'group', id: group.body.id }],
      channels: ['web'],
      schedule: { at: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  });
  expect(created.status).toBe(201);
  campaignId = created.body.id;
});

afterAll(async () => {
  await app?.stop();
});

describe('CSRF guard', () => {
  const refused: [string, Record<string, string>][] = [
    ['a form content type, no body, no Origin', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['a multipart content type, no body, no Origin', { 'content-type': 'multipart/form-data; boundary=x' }],
    ['text/plain, no Origin', { 'content-type': 'text/plain' }],
    ['no content type and no Origin', {}],
    ['a sibling port as Origin', { origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }],
    ['a sibling subdomain as Origin', { origin: 'http://admin.localhost.example' }],
    ['Origin null', { origin: 'null', 'content-type': 'application/json' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
  ];
  it.each(refused)('refuses a write with %s, and changes nothing', async (_name, headers) => {
    const before = await total();
    const response = await duplicate(headers);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'forbidden' });
    expect(response.body.error.message).toEqual(expect.any(String));
    expect(await total()).toBe(before);
  });

  const accepted: [string, () => Record<string, string>][] = [
    ['its own Origin', () => ({ origin: app.url })],
    ['PUBLIC_URL as Origin', () => ({ origin: new URL(app.kora.config.publicUrl).origin })],
    ['Sec-Fetch-Site same-origin', () => ({ 'sec-fetch-site': 'same-origin' })],
    ['a JSON content type and no Origin', () => ({ 'content-type': 'application/json' })],
  ];
  it.each(accepted)('accepts a write with %s', async (_name, headers) => {
    const before = await total();
    expect((await duplicate(headers())).status).toBe(201);
    expect(await total()).toBe(before + 1);
  });

  it('takes a CSV import from the panel (same Origin), not from a page that sends none', async () => {
    const csv = 'name,email,tags\nZoé Œuvray,zoe@example.com,csrf\n';
    const send = (headers: Record<string, string>) =>
      fetch(`${app.url}/api/admin/contacts/import`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv', ...headers },
        body: csv,
      });
    expect((await send({})).status).toBe(403);
    expect((await send({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await adminFetch(app.url, cookie, '/api/admin/contacts?tag=csrf')).body.total).toBe(0);
    const imported = await send({ origin: app.url });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({ imported: 1, refused: [] });
  });
});
