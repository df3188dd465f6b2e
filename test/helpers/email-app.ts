/**
 * An app with email on, against the fake Resend API (test/fakes/resend-api.ts), and the webhook that
 * tells it an email was received: what the email tests share.
 */
import { type FakeResend, startFakeResend } from '../fakes/resend-api.js';
import { startTestApp, type TestApp } from './app.js';

export const BUSINESS_ADDRESS = 'hello@example.com';

export async function startEmailApp(): Promise<{ fake: FakeResend; app: TestApp }> {
  const fake = await startFakeResend();
  const app = await startTestApp({
    env: {
      PUBLIC_URL: 'http://kora.example.test',
      RESEND_API_KEY: fake.apiKey,
      EMAIL_FROM: `Coach Ada <${BUSINESS_ADDRESS}>`,
      RESEND_BASE_URL: fake.url,
      RESEND_WEBHOOK_SECRET: fake.webhookSecret,
    },
  });
  return { fake, app };
}

/** Posts the signed `email.received` webhook for the received email `id`; the response's status. */
export async function announceReceived(
  app: TestApp,
  fake: FakeResend,
  id: string,
  from: string,
): Promise<number> {
  const now = new Date().toISOString();
  const body = JSON.stringify({
    type: 'email.received',
    created_at: now,
    data: { created_at: now, email_id: id, from, to: [BUSINESS_ADDRESS] },
  });
  const response = await fetch(`${app.url}/webhooks/resend`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...fake.sign(body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
