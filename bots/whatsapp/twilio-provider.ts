/**
 * WhatsApp through Twilio's Messages API: sent from `TWILIO_WHATSAPP_FROM`, status callbacks to
 * `PUBLIC_URL/webhooks/twilio/status`, paced at Twilio's 80 messages/s per sender. An outbound
 * message carrying a template goes as that Content template (the 24-hour rule); otherwise as text.
 */
import type { ChannelStatus, SendResult } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { RateSpec } from '../../core/rate-limiter.js';
import { PacedSender } from './pacing.js';
import type { WhatsAppProvider, WhatsAppSend } from './provider.js';
import type { TwilioSendInput, TwilioSendResult } from './twilio-client.js';

/** The part of TwilioClient a sender needs (a fake in unit tests, the SDK client in the app). */
export interface TwilioMessaging {
  send(input: TwilioSendInput): Promise<TwilioSendResult>;
}

export interface TwilioWhatsAppOptions {
  client: TwilioMessaging;
  /** `whatsapp:+41…` */
  from: string;
  statusCallback: string;
  rate?: RateSpec;
}

/** Twilio's documented WhatsApp throughput per sender. */
export const TWILIO_WHATSAPP_RATE: RateSpec = { rate: 80, perMs: 1000 };

/** Media Twilio can fetch: only public http(s) URLs. */
export function mediaUrls(outbound: Pick<WhatsAppSend, 'message'>): string[] {
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
          pacer.pause(key, error.options.retryAfterMs);
        }
        throw error;
      }
    },
    paced,
  );
}

export class TwilioWhatsAppProvider implements WhatsAppProvider {
  readonly name = 'twilio' as const;
  readonly capabilities = { typing: false, streaming: false, media: true, groups: false };
  readonly #options: TwilioWhatsAppOptions;
  readonly #pacer: PacedSender;
  #state: ChannelStatus['state'] = 'starting';
  #lastError: ChannelStatus['lastError'];

  constructor(options: TwilioWhatsAppOptions) {
    this.#options = options;
    this.#pacer = new PacedSender(options.rate ?? TWILIO_WHATSAPP_RATE);
  }

  async start(): Promise<void> {
    this.#state = 'ready';
  }

  async stop(): Promise<void> {
    this.#state = 'disconnected';
  }

  status(): ChannelStatus {
    const status: ChannelStatus = {
      state: this.#state,
      detail: 'twilio',
      mode: 'webhook',
      account: this.number(),
    };
    return this.#lastError ? { ...status, lastError: this.#lastError } : status;
  }

  number(): string {
    return this.#options.from.replace(/^whatsapp:/, '');
  }

  qr(): null {
    return null;
  }

  async send(outbound: WhatsAppSend): Promise<SendResult> {
    const { from, statusCallback, client } = this.#options;
    const template = outbound.template;
    const input: TwilioSendInput = {
      from,
      to: `whatsapp:${outbound.to}`,
      statusCallback,
      ...(template
        ? { contentSid: template.contentSid, contentVariables: template.variables }
        : { body: outbound.message.text, mediaUrl: mediaUrls(outbound) }),
    };
    try {
      const sent = await sendPaced(
        this.#pacer,
        from,
        1,
        outbound.idempotencyKey,
        () => client.send(input),
        outbound.paced,
      );
      return { externalId: sent.sid };
    } catch (error) {
      this.#lastError = lastErrorOf(error);
      throw error;
    }
  }
}
