/**
 * Email through Resend. Every message of a conversation goes to the address the conversation is
 * with (proven by an email received from it); emails sent at about the same time share one Resend
 * call (batcher.ts). A campaign email carries the campaign's subject and the unsubscribe link and
 * headers; an answer carries "Re: <subject>" of the customer's last email and threads under it
 * (In-Reply-To), as kept in the store (threads.ts): a restart or another process threads the same.
 */
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Message } from '../../core/types.js';
import { type BatcherOptions, EmailBatcher } from './batcher.js';
import type { EmailApi } from './client.js';
import { composeEmail } from './compose.js';
import { isAddress, maskAddress } from './normalize.js';
import type { EmailThreads } from './threads.js';

export interface EmailAdapterOptions {
  api: EmailApi;
  /** EMAIL_FROM as configured (`Name <address>` or an address). */
  from: string;
  logger: Logger;
  /** The personalised subject when the message is a campaign's, else null. */
  campaignSubject: (message: Message) => Promise<string | null>;
  /** The one-click unsubscribe link for an address. */
  unsubscribeUrl: (address: string) => string;
  /** The customers' last subjects and Message-IDs, durable. */
  threads: EmailThreads;
  /** Subject of an answer when the customer's own subject is not known. */
  defaultSubject?: string;
  batch?: BatcherOptions;
}

export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (!trimmed) return '';
  return /^(re|aw|sv|antw)\s*:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** What a password reset needs of the email channel (the registry holds adapters by their interface). */
export interface SystemMailer {
  sendSystem(input: { to: string; subject: string; text: string; idempotencyKey: string }): Promise<void>;
}

export function isSystemMailer(adapter: unknown): adapter is SystemMailer {
  return typeof (adapter as Partial<SystemMailer>).sendSystem === 'function';
}

export class EmailChannelAdapter implements ChannelAdapter {
  readonly name = 'email' as const;
  readonly capabilities = { typing: false, streaming: false, media: true, groups: false };
  readonly #options: EmailAdapterOptions;
  readonly #batcher: EmailBatcher;
  #state: ChannelStatus['state'] = 'starting';
  #lastError: ChannelStatus['lastError'];

  constructor(options: EmailAdapterOptions) {
    this.#options = options;
    this.#batcher = new EmailBatcher((emails, key) => options.api.send(emails, key), options.batch);
  }

  async start(): Promise<void> {
    this.#state = 'ready';
  }

  async stop(): Promise<void> {
    this.#state = 'disconnected';
  }

  status(): ChannelStatus {
    const { calls, emails } = this.#batcher.counters;
    const status: ChannelStatus = {
      state: this.#state,
      detail: `resend; ${emails} sent in ${calls} calls`,
      mode: 'webhook',
      account: this.#options.from,
    };
    return this.#lastError ? { ...status, lastError: this.#lastError } : status;
  }

  /** A customer's email arrived: answers to them reply to its subject and thread under it. */
  noteInbound(address: string, subject: string, messageId: string | null): Promise<void> {
    return this.#options.threads.note(address, { subject, messageId });
  }

  /** An email outside any conversation (an admin's password reset link). */
  async sendSystem(input: {
    to: string;
    subject: string;
    text: string;
    idempotencyKey: string;
  }): Promise<void> {
    const email = composeEmail({
      from: this.#options.from,
      to: input.to,
      subject: input.subject,
      text: input.text,
    });
    await this.#batcher.submit(email, input.idempotencyKey);
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    const to = (outbound.recipient ?? outbound.conversation.externalChatId ?? '').toLowerCase();
    if (!isAddress(to)) {
      throw new ChannelApiError('email: the conversation has no email address', {
        providerCode: 'no_address',
        transient: false,
      });
    }
    const campaignSubject = await this.#options.campaignSubject(outbound.message);
    const thread = campaignSubject === null ? await this.#options.threads.get(to) : null;
    const subject =
      campaignSubject ?? (replySubject(thread?.subject ?? '') || (this.#options.defaultSubject ?? 'Message'));
    const email = composeEmail({
      from: this.#options.from,
      to,
      subject,
      text: outbound.message.text,
      ...(outbound.message.media?.length ? { media: outbound.message.media } : {}),
      ...(campaignSubject !== null ? { unsubscribeUrl: this.#options.unsubscribeUrl(to) } : {}),
      ...(campaignSubject === null && thread?.messageId ? { inReplyTo: thread.messageId } : {}),
    });
    try {
      const id = await this.#batcher.submit(email, outbound.idempotencyKey);
      this.#options.logger.debug({ channel: 'email', to: maskAddress(to), id }, 'email sent');
      return { externalId: id };
    } catch (error) {
      this.#lastError = {
        ...(error instanceof ChannelApiError && error.options.providerCode
          ? { code: error.options.providerCode }
          : {}),
        message: error instanceof Error ? error.message : String(error),
        at: new Date().toISOString(),
      };
      throw error;
    }
  }
}
