/**
 * What WhatsApp and SMS through Twilio share when sending: the client port, media URLs Twilio can
 * fetch, the error shown in the channel status, and the paced send that honours Twilio's 429.
 */
import type { ChannelStatus, OutboundMessage } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { TwilioSendInput, TwilioSendResult } from './client.js';
import type { PacedSender } from '../paced-sender.js';

/** The part of TwilioClient a sender needs (a fake in unit tests, the SDK client in the app). */
export interface TwilioMessaging {
  send(input: TwilioSendInput): Promise<TwilioSendResult>;
}

/** Media Twilio can fetch: only public http(s) URLs. */
export function mediaUrls(outbound: Pick<OutboundMessage, 'message'>): string[] {
  return (outbound.message.media ?? []).map((m) => m.url).filter((url) => /^https?:\/\//.test(url));
}

/** A failed send as the channel status shows it (Twilio's code and message; never a number or a token). */
export function lastErrorOf(error: unknown): NonNullable<ChannelStatus['lastError']> {
  const code = error instanceof ChannelApiError ? error.options.providerCode : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { ...(code ? { code } : {}), message, at: new Date().toISOString() };
}

/** Sends through Twilio once paced, pausing the sender's bucket when Twilio answers 429. */
export function sendPaced(
  pacer: PacedSender,
  key: string,
  cost: number,
  idempotencyKey: string,
  send: () => Promise<TwilioSendResult>,
  paced = false,
): Promise<TwilioSendResult> {
  return pacer.run(
    idempotencyKey,
    key,
    cost,
    async () => {
      try {
        return await send();
      } catch (error) {
        if (error instanceof ChannelApiError && error.options.retryAfterMs !== undefined) {
          // The 429 is what the caller sees; a failed pause leaves the limit as it was.
          await pacer.pause(key, error.options.retryAfterMs).catch(() => {});
        }
        throw error;
      }
    },
    paced,
  );
}
