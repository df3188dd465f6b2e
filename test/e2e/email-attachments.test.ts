/**
 * Attachments of a received email (the real `resend` SDK against the fake Resend API): kept with the
 * message as media, by reference to Resend's receiving API (as Telegram's file ids are), within the
 * size limit; inline images (a signature's logo) and oversized files are left out. A campaign's image
 * goes as an attachment, each such email in a call of its own (Resend's batch takes no attachments).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FakeResend } from '../fakes/resend-api.js';
import type { TestApp } from '../helpers/app.js';
import { announceReceived, startEmailApp } from '../helpers/email-app.js';
import { adminFetch } from '../helpers/chat-client.js';
import { waitFor } from '../helpers/wait.js';

let fake: FakeResend;
let app: TestApp;

beforeAll(async () => {
  ({ fake, app } = await startEmailApp());
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

const announce = (id: string, from: string) => announceReceived(app, fake, id, from);

const attachment = (id: string, filename: string, size: number, disposition = 'attachment') => ({
  id,
  filename,
  size,
  content_type: filename.endsWith('.pdf') ? 'application/pdf' : 'image/png',
  content_id: disposition === 'inline' ? `<${id}@mail>` : null,
  content_disposition: disposition,
});

it('stores the attachments of a received email as its media, within the size limit', async () => {
  const id = fake.receive({
    from: 'Cleo <cleo@example.org>',
    to: ['hello@example.com'],
    subject: 'Mon certificat',
    text: 'Le voici.',
    attachments: [
      attachment('att-1', 'certificat.pdf', 120_000),
      attachment('att-2', 'logo.png', 2_000, 'inline'),
      attachment('att-3', 'video.png', 60 * 1024 * 1024),
      attachment('att-4', 'photo.png', 800_000),
    ],
  });
  expect(await announce(id, 'cleo@example.org')).toBe(204);
  const stored = await waitFor(() => app.kora.store.messages.findByExternalId('email', id));
  expect(stored).toMatchObject({
    text: 'Mon certificat\n\nLe voici.',
    media: [
      { url: `resend:received/${id}/att-1`, contentType: 'application/pdf', name: 'certificat.pdf' },
      { url: `resend:received/${id}/att-4`, contentType: 'image/png', name: 'photo.png' },
    ],
  });
});

it("sends a campaign's image as an attachment, each such email in a call of its own", async () => {
  const contacts = [];
  for (const address of ['eve@example.org', 'fay@example.org']) {
    const id = fake.receive({
      from: address,
      to: ['hello@example.com'],
      subject: 'Bonjour',
      text: 'Bonjour',
    });
    expect(await announce(id, address)).toBe(204);
    await waitFor(() => fake.sent.some((email) => email.to.includes(address)));
    contacts.push(await app.kora.store.contacts.findByIdentity('email', address));
  }
  const cookie = await app.login();
  const mediaUrl = 'https://cdn.example.test/flyers/autumn-2026.png';
  const created = await adminFetch(app.url, cookie, '/api/admin/campaigns', {
    method: 'POST',
    headers: { origin: app.url },
    body: JSON.stringify({
      name: 'Flyer',
      message: 'Hello {firstName}, our new schedule.',
      mediaUrl,
      targets: contacts.map((contact) => ({ type: 'contact', id: contact!.id })),
      channels: ['email'],
      schedule: null,
    }),
  });
  expect(created.status).toBe(201);
  const from = fake.requests.length;
  const launched = await adminFetch(app.url, cookie, `/api/admin/campaigns/${created.body.id}/launch`, {
    method: 'POST',
    headers: { origin: app.url },
  });
  expect(launched.status).toBe(200);
  const flyers = await waitFor(() => {
    const found = fake.sent.filter((email) => email.subject === 'Flyer');
    return found.length === 2 ? found : null;
  });
  for (const email of flyers) {
    expect(email.attachments).toEqual([{ path: mediaUrl, filename: 'autumn-2026.png' }]);
  }
  const posts = fake.requests.slice(from).filter((r) => r.method === 'POST');
  expect(posts.map((r) => `${r.path} ${r.status}`)).toEqual(['/emails 200', '/emails 200']);
});
