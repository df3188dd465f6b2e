/**
 * Email end to end: the whole app with the real `resend` SDK pointed at the fake Resend API, which
 * records every request and signs webhooks in the Svix format. Inbound email threaded by sender and
 * answered by email (assistant and coach), campaigns by email (subject, HTML, unsubscribe link and
 * one-click headers, one batch call, an idempotency key), delivery reports, bounces and complaints,
 * forged and stale signatures, a redelivered event racing itself, urls.email.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeResend, type ReceivedEmail, type SentEmail, startFakeResend } from '../fakes/resend-api.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

const PUBLIC_URL = 'http://kora.example.test';
const FROM = 'Coach Ada <hello@example.com>';

let fake: FakeResend;
let app: TestApp;
let cookie: string;

beforeAll(async () => {
  fake = await startFakeResend();
  app = await startTestApp({
    env: {
      PUBLIC_URL,
      RESEND_API_KEY: fake.apiKey,
      EMAIL_FROM: FROM,
      RESEND_BASE_URL: fake.url,
      RESEND_WEBHOOK_SECRET: fake.webhookSecret,
    },
  });
  cookie = await app.login();
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

async function post(payload: unknown, headers?: Record<string, string>): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${app.url}/webhooks/resend`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers ?? fake.sign(body)) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

async function postRaw(body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${app.url}/webhooks/resend`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

function event(type: string, data: Record<string, unknown>) {
  return {
    type,
    created_at: new Date().toISOString(),
    data: { created_at: new Date().toISOString(), ...data },
  };
}

/** A customer's email through Resend's receiving API and its `email.received` webhook. */
async function receive(email: Partial<ReceivedEmail> & { from: string }): Promise<string> {
  const id = fake.receive({ to: ['hello@example.com'], subject: 'Hello', text: 'Hello', ...email });
  expect(
    await post(event('email.received', { email_id: id, from: email.from, to: ['hello@example.com'] })),
  ).toBe(204);
  return id;
}

function sentTo(address: string): SentEmail[] {
  return fake.sent.filter((email) => email.to.includes(address));
}

async function contactOf(address: string) {
  const contact = await app.kora.store.contacts.findByIdentity('email', address);
  if (!contact) throw new Error(`no contact for ${address}`);
  return contact;
}

describe('inbound email', () => {
  it('opens an assistant conversation threaded by sender, answered by email under the same subject', async () => {
    await receive({
      from: 'Ada Lovelace <Ada@Example.org>',
      subject: 'Yoga classes',
      text: 'What do you offer?',
      message_id: '<m1@mail.test>',
    });
    const [answer] = await waitFor(() =>
      sentTo('ada@example.org').length > 0 ? sentTo('ada@example.org') : null,
    );
    expect(answer).toMatchObject({
      from: FROM,
      subject: 'Re: Yoga classes',
      headers: { 'In-Reply-To': '<m1@mail.test>' },
    });
    expect(answer?.html).toContain('<p>');
    const ada = await contactOf('ada@example.org');
    expect(ada).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org', emailVerified: true });

    await receive({
      from: 'ada@example.org',
      subject: 'Re: Yoga classes',
      text: 'And on Mondays?\n\n> quoted',
    });
    await waitFor(() => sentTo('ada@example.org').length >= 2);
    const list = await adminFetch(app.url, cookie, '/api/admin/conversations?limit=50');
    const ours = list.body.items.filter(
      (c: { contactId?: string; channel: string }) => c.channel === 'email',
    );
    expect(ours).toHaveLength(1);
    const messages = await adminFetch(app.url, cookie, `/api/admin/conversations/${ours[0].id}/messages`);
    const fromAda = messages.body.items.filter(
      (m: { sender: { type: string } }) => m.sender.type === 'contact',
    );
    expect(fromAda.map((m: { text: string }) => m.text)).toEqual([
      'Yoga classes\n\nWhat do you offer?',
      'And on Mondays?',
    ]);
  });

  it('the coach answers by email', async () => {
    const list = await adminFetch(app.url, cookie, '/api/admin/conversations?limit=50');
    const conversation = list.body.items.find((c: { channel: string }) => c.channel === 'email');
    const before = sentTo('ada@example.org').length;
    const posted = await adminFetch(app.url, cookie, `/api/admin/conversations/${conversation.id}/messages`, {
      method: 'POST',
      headers: { origin: app.url },
      body: JSON.stringify({ text: 'Yes, Mondays at 18:00.' }),
    });
    expect(posted.status).toBeLessThan(300);
    const emails = await waitFor(() =>
      sentTo('ada@example.org').length > before ? sentTo('ada@example.org') : null,
    );
    expect(emails.at(-1)).toMatchObject({ subject: 'Re: Yoga classes', text: 'Yes, Mondays at 18:00.' });
  });
});

describe('signatures', () => {
  it('refuses a forged or stale signature with 401 and changes nothing', async () => {
    const id = fake.receive({
      from: 'mallory@example.org',
      to: ['hello@example.com'],
      subject: 'x',
      text: 'forged',
    });
    const payload = event('email.received', {
      email_id: id,
      from: 'mallory@example.org',
      to: ['hello@example.com'],
    });
    const body = JSON.stringify(payload);
    const forged = fake.sign(body, {
      secret: `whsec_${Buffer.from('another secret, 32 bytes long!!').toString('base64')}`,
    });
    const stale = fake.sign(body, { timestampSeconds: Math.floor(Date.now() / 1000) - 301 });
    const fetches = fake.requests.filter((r) => r.method === 'GET').length;
    expect(await post(payload, forged)).toBe(401);
    expect(await post(payload, stale)).toBe(401);
    expect(await post(payload, {})).toBe(401);
    expect(fake.requests.filter((r) => r.method === 'GET').length).toBe(fetches);
    expect(await app.kora.store.contacts.findByIdentity('email', 'mallory@example.org')).toBeNull();
  });
});

describe('campaigns by email', () => {
  let campaignId: string;

  it('sends the personalised subject, text and HTML with the unsubscribe link and headers, in one batch call', async () => {
    await receive({ from: 'Bob Marley <bob@example.org>', subject: 'Hi', text: 'Hi' });
    await waitFor(() => sentTo('bob@example.org').length > 0);
    const ada = await contactOf('ada@example.org');
    const bob = await contactOf('bob@example.org');
    const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
      method: 'POST',
      headers: { origin: app.url },
      body: JSON.stringify({
        name: 'Autumn',
        subject: 'News for {firstName}',
        message: 'Hello {firstName},\n\nClasses restart on Monday.',
        targets: [
          { type: 'contact', id: ada.id },
          { type: 'contact', id: bob.id },
        ],
        channels: ['email'],
        schedule: null,
      }),
    });
    expect(created.status).toBe(201);
    campaignId = created.body.id;
    const batches = fake.requests.length;
    const launched = await adminFetch(app.url, cookie, `/api/admin/campaigns/${campaignId}/launch`, {
      method: 'POST',
      headers: { origin: app.url },
    });
    expect(launched.status).toBe(200);
    const news = await waitFor(() => {
      const found = fake.sent.filter((email) => email.subject.startsWith('News for'));
      return found.length === 2 ? found : null;
    });
    const toAda = news.find((email) => email.to[0] === 'ada@example.org')!;
    expect(toAda.subject).toBe('News for Ada');
    expect(toAda.text).toMatch(
      /^Hello Ada,\n\nClasses restart on Monday\.\n\n--\nUnsubscribe: http:\/\/kora\.example\.test\/email\/unsubscribe\/\S+$/,
    );
    expect(toAda.html).toContain('<p>Hello Ada,</p>');
    expect(toAda.headers?.['List-Unsubscribe']).toMatch(
      /^<http:\/\/kora\.example\.test\/email\/unsubscribe\/\S+>$/,
    );
    expect(toAda.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const calls = fake.requests.slice(batches).filter((r) => r.method === 'POST');
    expect(calls.map((r) => [r.path, (r.body as unknown[]).length])).toEqual([['/emails/batch', 2]]);
    expect(calls[0]!.headers['idempotency-key']).toMatch(/^batch-/);
  });

  it('a delivery report marks it delivered; a hard bounce fails it and opts the address out', async () => {
    const news = fake.sent.filter((email) => email.subject.startsWith('News for'));
    const toAda = news.find((email) => email.to[0] === 'ada@example.org')!;
    const toBob = news.find((email) => email.to[0] === 'bob@example.org')!;
    expect(await post(event('email.delivered', { email_id: toAda.id, to: toAda.to }))).toBe(204);
    const bounce = { message: 'hard bounce', subType: 'General', type: 'Permanent' };
    expect(await post(event('email.bounced', { email_id: toBob.id, to: toBob.to, bounce }))).toBe(204);
    const counts = await waitFor(async () => {
      const campaign = await adminFetch(app.url, cookie, `/api/admin/campaigns/${campaignId}`);
      const c = campaign.body.counts;
      return c.delivered === 1 && c.failed === 1 ? c : null;
    });
    expect(counts).toMatchObject({ delivered: 1, failed: 1 });
    const bob = await contactOf('bob@example.org');
    expect(await app.kora.store.consents.get(bob.id, 'email')).toMatchObject({ optedOut: true });
    const ada = await contactOf('ada@example.org');
    expect((await app.kora.store.consents.get(ada.id, 'email'))?.optedOut ?? false).toBe(false);
  });

  it('one click on the unsubscribe link opts the address out; GET only shows the page', async () => {
    const toAda = fake.sent.find((email) => email.subject === 'News for Ada')!;
    const url = /<(.+)>/.exec(toAda.headers!['List-Unsubscribe']!)![1]!.replace(PUBLIC_URL, app.url);
    const ada = await contactOf('ada@example.org');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('ada@example.org');
    expect(await app.kora.store.consents.get(ada.id, 'email')).toBeNull();
    const forged = await fetch(url.replace(/\.[^.]+$/, '.AAAA'), { method: 'POST' });
    expect(forged.status).toBe(404);
    expect(await app.kora.store.consents.get(ada.id, 'email')).toBeNull();
    const click = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(click.status).toBe(200);
    expect(await app.kora.store.consents.get(ada.id, 'email')).toMatchObject({ optedOut: true });
  });
});

describe('acknowledged only once stored', () => {
  it('answers 500 while the email body cannot be fetched, and stores it on the retry', async () => {
    const id = '0b7e1c7e-5a52-4c8e-9d55-3f0f5e0c0a11';
    const payload = event('email.received', {
      email_id: id,
      from: 'eve@example.org',
      to: ['hello@example.com'],
    });
    expect(await post(payload)).toBe(500);
    expect(await app.kora.store.contacts.findByIdentity('email', 'eve@example.org')).toBeNull();
    fake.receive(
      { from: 'eve@example.org', to: ['hello@example.com'], subject: 'Hi', text: 'Still there?' },
      id,
    );
    expect(await post(payload)).toBe(204);
    expect(await app.kora.store.contacts.findByIdentity('email', 'eve@example.org')).not.toBeNull();
  });

  it('answers 500 when the opt-out cannot be written, and applies it on the retry', async () => {
    const eve = await contactOf('eve@example.org');
    const [answer] = await waitFor(() =>
      sentTo('eve@example.org').length > 0 ? sentTo('eve@example.org') : null,
    );
    const payload = event('email.complained', { email_id: answer!.id, to: ['eve@example.org'] });
    const consents = app.kora.store.consents;
    const set = consents.set.bind(consents);
    consents.set = () => Promise.reject(new Error('disk full'));
    try {
      expect(await post(payload)).toBe(500);
    } finally {
      consents.set = set;
    }
    expect(await consents.get(eve.id, 'email')).toBeNull();
    expect(await post(payload)).toBe(204);
    expect(await consents.get(eve.id, 'email')).toMatchObject({ optedOut: true });
  });
});

describe('redelivery', () => {
  it('a received event redelivered 20 times at once (same svix-id) is stored and answered once', async () => {
    const id = fake.receive({
      from: 'Cleo <cleo@example.org>',
      to: ['hello@example.com'],
      subject: 'Prices',
      text: 'How much?',
    });
    const body = JSON.stringify(
      event('email.received', { email_id: id, from: 'cleo@example.org', to: ['hello@example.com'] }),
    );
    const headers = fake.sign(body);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => postRaw(body, headers)));
    expect(statuses.every((status) => status === 204)).toBe(true);
    await waitFor(() => sentTo('cleo@example.org').length > 0);
    await app.kora.engine.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sentTo('cleo@example.org')).toHaveLength(1);
    const cleo = await contactOf('cleo@example.org');
    const conversations = await adminFetch(app.url, cookie, '/api/admin/conversations?limit=50');
    const theirs = conversations.body.items.filter((c: { contactId?: string }) => c.contactId === cleo.id);
    expect(theirs).toHaveLength(1);
    const messages = await adminFetch(app.url, cookie, `/api/admin/conversations/${theirs[0].id}/messages`);
    expect(
      messages.body.items.filter((m: { sender: { type: string } }) => m.sender.type === 'contact'),
    ).toHaveLength(1);
  });

  it('a complaint redelivered 20 times at once opts the address out once', async () => {
    const cleo = await contactOf('cleo@example.org');
    const [answer] = sentTo('cleo@example.org');
    const body = JSON.stringify(
      event('email.complained', { email_id: answer!.id, to: ['cleo@example.org'] }),
    );
    const headers = fake.sign(body);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => postRaw(body, headers)));
    expect(statuses.every((status) => status === 204)).toBe(true);
    expect(await app.kora.store.consents.get(cleo.id, 'email')).toMatchObject({ optedOut: true });
  });
});

describe('entry links', () => {
  it('get urls.email, a mailto: whose subject is the link code, which opens that link conversation', async () => {
    const link = await adminFetch(app.url, cookie, '/api/admin/links', {
      method: 'POST',
      headers: { origin: app.url },
      body: JSON.stringify({ name: 'Flyer', mode: 'standard' }),
    });
    expect(link.body.urls.email).toBe(`mailto:hello@example.com?subject=${link.body.code}`);
    await receive({ from: 'dora@example.org', subject: link.body.code, text: '' });
    const dora = await waitFor(() => app.kora.store.contacts.findByIdentity('email', 'dora@example.org'));
    const conversations = await adminFetch(app.url, cookie, '/api/admin/conversations?limit=50');
    const theirs = conversations.body.items.find((c: { contactId?: string }) => c.contactId === dora.id);
    expect(theirs.linkId).toBe(link.body.id);
  });
});

describe('a 429 from Resend', () => {
  it('holds the campaign email until Retry-After, then sends it once', async () => {
    const dora = await contactOf('dora@example.org');
    // The assistant's answer to Dora's first email must be out first: the 429 is for the campaign.
    await waitFor(() => sentTo('dora@example.org').length > 0);
    await app.kora.engine.idle();
    const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
      method: 'POST',
      headers: { origin: app.url },
      body: JSON.stringify({
        name: 'Limited',
        message: 'Hello {firstName}',
        targets: [{ type: 'contact', id: dora.id }],
        channels: ['email'],
        schedule: null,
      }),
    });
    const from = fake.requests.length;
    fake.failNext({ status: 429, retryAfterSeconds: 1 });
    await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}/launch`, {
      method: 'POST',
      headers: { origin: app.url },
    });
    const sent = await waitFor(() => fake.sent.find((email) => email.subject === 'Limited'));
    const posts = fake.requests.slice(from).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    // The retry carries the same idempotency key: a repeat at Resend would be the same email.
    expect(posts[1]!.headers['idempotency-key']).toBe(posts[0]!.headers['idempotency-key']);
    expect(sent.to).toEqual(['dora@example.org']);
    expect(fake.sent.filter((email) => email.subject === 'Limited')).toHaveLength(1);
  });
});
