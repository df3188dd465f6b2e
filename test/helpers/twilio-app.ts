/** The whole app with Twilio on, pointed at a fake Twilio REST API, with the coach logged in. */
import { type FakeTwilio, startFakeTwilio } from '../fakes/twilio-api.js';
import type { StartOptions } from '../../server/app.js';
import { type TestApp, startTestApp } from './app.js';

/** Webhooks are signed for this URL (Twilio signs PUBLIC_URL + path) and posted to the app itself. */
export const PUBLIC_URL = 'http://kora.example.test';

export interface TwilioTestApp {
  twilio: FakeTwilio;
  app: TestApp;
  cookie: string;
  /** Where and how to post a signed webhook (see postTwilioWebhook). */
  target(): { appUrl: string; publicUrl: string; authToken: string };
  stop(): Promise<void>;
}

/** `senders`: TWILIO_WHATSAPP_FROM and/or TWILIO_SMS_FROM (and TRUST_PROXY for tests that play a proxy). */
export async function startTwilioApp(
  senders: {
    TWILIO_WHATSAPP_FROM?: string;
    TWILIO_SMS_FROM?: string;
    TRUST_PROXY?: string;
  },
  /** Options of the app (campaign timings, channel rates). */
  start?: Partial<StartOptions>,
): Promise<TwilioTestApp> {
  const twilio = await startFakeTwilio();
  const app = await startTestApp({
    env: {
      PUBLIC_URL,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      ...senders,
    },
    ...(start ? { start } : {}),
  });
  return {
    twilio,
    app,
    cookie: await app.login(),
    target: () => ({ appUrl: app.url, publicUrl: PUBLIC_URL, authToken: twilio.authToken }),
    async stop() {
      await app.stop();
      await twilio.close();
    },
  };
}
