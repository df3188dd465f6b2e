/**
 * SMS through Twilio: sent from `TWILIO_SMS_FROM` (a number, or a Messaging Service MG…), paced at
 * one segment per second per long code (Twilio's default for a long code; a message of 3 segments
 * takes 3 s), segments counted (GSM-7 or UCS-2) before sending and totalled in the channel status.
 */
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';
import type { Logger } from '../../core/logger.js';
import type { RateSpec } from '../../core/rate-limiter.js';
import { checkContent, recipientNumber } from '../whatsapp/adapter.js';
import { maskPhone } from '../whatsapp/mask.js';
import type { RateLimits } from '../../core/rate-limits.js';
import { PacedSender } from '../paced-sender.js';
import type { TwilioSendInput } from '../twilio/client.js';
import { lastErrorOf, mediaUrls, sendPaced, type TwilioMessaging } from '../twilio/messaging.js';
import { countSegments, type SmsEncoding } from './segments.js';

export interface SmsAdapterOptions {
  client: TwilioMessaging;
  /** An E.164 number, or a Messaging Service SID (MG…) that picks the number itself. */
  from: string;
  statusCallback: string;
  logger: Logger;
  /** Default: 1 segment per second per sender (a long code). */
  rate?: RateSpec;
  /** Limits shared by every process (PostgreSQL); default: this process's own. */
  rates?: RateLimits;
}

export const SMS_LONG_CODE_RATE: RateSpec = { rate: 1, perMs: 1000 };

export interface SmsCounters {
  messages: number;
  segments: number;
  byEncoding: Record<SmsEncoding, number>;
}

export class SmsChannelAdapter implements ChannelAdapter {
  readonly name = 'sms' as const;
  readonly capabilities = { typing: false, streaming: false, media: true, groups: false };
  readonly #options: SmsAdapterOptions;
  readonly #pacer: PacedSender;
  readonly counters: SmsCounters = { messages: 0, segments: 0, byEncoding: { 'GSM-7': 0, 'UCS-2': 0 } };
  #state: ChannelStatus['state'] = 'starting';
  #lastError: ChannelStatus['lastError'];

  constructor(options: SmsAdapterOptions) {
    this.#options = options;
    this.#pacer = new PacedSender(options.rate ?? SMS_LONG_CODE_RATE, Date.now, options.rates, 'twilio:sms');
  }

  async start(): Promise<void> {
    this.#state = 'ready';
  }

  async stop(): Promise<void> {
    this.#state = 'disconnected';
  }

  status(): ChannelStatus {
    const { messages, segments } = this.counters;
    const status: ChannelStatus = {
      state: this.#state,
      detail: `twilio; ${messages} sent, ${segments} segments`,
      mode: 'webhook',
      account: this.#options.from,
    };
    return this.#lastError ? { ...status, lastError: this.#lastError } : status;
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    const to = recipientNumber(outbound);
    checkContent(outbound);
    const { from, client, statusCallback } = this.#options;
    const text = outbound.message.text;
    const { encoding, segments } = countSegments(text);
    const input: TwilioSendInput = {
      ...(from.startsWith('MG') ? { messagingServiceSid: from } : { from }),
      to,
      body: text,
      mediaUrl: mediaUrls(outbound),
      statusCallback,
    };
    let sent: Awaited<ReturnType<TwilioMessaging['send']>>;
    try {
      sent = await sendPaced(
        this.#pacer,
        from,
        segments,
        outbound.idempotencyKey,
        () => client.send(input),
        outbound.paced,
      );
    } catch (error) {
      this.#lastError = lastErrorOf(error);
      throw error;
    }
    const billed = sent.numSegments ?? segments;
    this.counters.messages++;
    this.counters.segments += billed;
    this.counters.byEncoding[encoding] += billed;
    this.#options.logger.debug(
      { channel: 'sms', to: maskPhone(to), encoding, segments: billed, sid: sent.sid },
      'sms sent',
    );
    return { externalId: sent.sid };
  }
}
