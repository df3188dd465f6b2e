/**
 * An email answer threads under the customer's last email even after a restart: the subject and
 * Message-ID it replies to are kept in the store, not in the process that received the email.
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

async function receive(from: string, subject: string, messageId: string): Promise<void> {
  const id = fake.receive({ from, to: ['hello@example.com'], subject, text: 'Hello', message_id: messageId });
  expect(await announceReceived(app, fake, id, from)).toBe(204);
}

const sentTo = (address: string) => fake.sent.filter((email) => email.to.includes(address));

it("answers after a restart under the customer's subject, threaded under their email", async () => {
  await receive('bob@example.org', 'Pilates on Fridays', '<b1@mail.test>');
  await waitFor(() => sentTo('bob@example.org').length > 0);
  app = await app.restart();
  const cookie = await app.login();
  const contact = await app.kora.store.contacts.findByIdentity('email', 'bob@example.org');
  const [conversation] = await app.kora.store.conversations.listForContact(contact!.id);
  const before = sentTo('bob@example.org').length;
  const posted = await adminFetch(app.url, cookie, `/api/admin/conversations/${conversation!.id}/messages`, {
    method: 'POST',
    headers: { origin: app.url },
    body: JSON.stringify({ text: 'Yes, Fridays at 7.' }),
  });
  expect(posted.status).toBeLessThan(300);
  const emails = await waitFor(() =>
    sentTo('bob@example.org').length > before ? sentTo('bob@example.org') : null,
  );
  expect(emails.at(-1)).toMatchObject({
    subject: 'Re: Pilates on Fridays',
    headers: { 'In-Reply-To': '<b1@mail.test>' },
  });
});
