/**
 * WhatsApp through Twilio's Messages API: sent from `TWILIO_WHATSAPP_FROM`, status callbacks to
 * `PUBLIC_URL/webhooks/twilio/status`, paced at Twilio's 80 messages/s per sender. An outbound
 * message carrying a template goes as that Content template (the 24-hour rule); otherwise as text.
 */
import type { ChannelStatus, SendResult } from '../../core/channels.js';
import type { RateSpec } from '../../core/rate-limiter.js';
import type { TwilioSendInput } from '../twilio/client.js';
import { lastErrorOf, mediaUrls, sendPaced, type TwilioMessaging } from '../twilio/messaging.js';
import type { RateLimits } from '../../core/rate-limits.js';
import { PacedSender } from '../paced-sender.js';
import type { WhatsAppProvider, WhatsAppSend } from './provider.js';

export interface TwilioWhatsAppOptions {
  client: TwilioMessaging;
  /** `whatsapp:+41…` */
  from: string;
  statusCallback: string;
  rate?: RateSpec;
  /** Limits shared by every process (PostgreSQL); default: this process's own. */
  rates?: RateLimits;
}

/** Twilio's documented WhatsApp throughput per sender. */
export const TWILIO_WHATSAPP_RATE: RateSpec = { rate: 80, perMs: 1000 };

export class TwilioWhatsAppProvider implements WhatsAppProvider {
  readonly name = 'twilio' as const;
  readonly capabilities = { typing: false, streaming: false, media: true, groups: false };
  readonly #options: TwilioWhatsAppOptions;
  readonly #pacer: PacedSender;
  #state: ChannelStatus['state'] = 'starting';
  #lastError: ChannelStatus['lastError'];

  constructor(options: TwilioWhatsAppOptions) {
    this.#options = options;
    this.#pacer = new PacedSender(
      options.rate ?? TWILIO_WHATSAPP_RATE,
      Date.now,
      options.rates,
      'twilio:whatsapp',
    );
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
