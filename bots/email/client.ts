/**
 * The only module that imports the `resend` SDK: sends (one email, or a batch of up to 100 in one call),
 * reads a received email's body (the receiving API: webhooks carry no body), and checks webhook
 * signatures with the SDK's own verifier (Svix format: a bad signature, or a timestamp more than
 * 5 minutes away, throws). Failures become `ChannelApiError`: 429 carries Retry-After, 429 and 5xx and
 * network failures are transient, the rest final.
 */
import type { ReceivedAttachment } from './attachments.js';
import { Resend } from 'resend';
import { ChannelApiError } from '../../core/errors.js';

export interface EmailPayload {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  replyTo?: string;
  /** Files Resend fetches by address (not allowed in a batch call: the batcher sends such an email alone). */
  attachments?: { path: string; filename: string; contentType?: string }[];
}

export interface ReceivedEmailBody {
  from: string;
  subject: string;
  text: string | null;
  html: string | null;
  messageId: string | null;
  headers: Record<string, string> | null;
  /** Metadata only (absent: none). */
  attachments?: ReceivedAttachment[];
}

export interface WebhookHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

/** What the adapter and the webhook need from Resend (a fake in unit tests would implement it). */
export interface EmailApi {
  /** Provider ids, in the order of `emails`. */
  send(emails: EmailPayload[], idempotencyKey: string): Promise<string[]>;
  received(id: string): Promise<ReceivedEmailBody>;
  /** The verified event; throws when the signature is wrong or stale. */
  verify(payload: string, headers: WebhookHeaders): unknown;
}

export interface ResendClientOptions {
  apiKey: string;
  baseUrl?: string;
  webhookSecret?: string;
}

type SdkError = { name?: string; message?: string; statusCode?: number | null } | null;

function failure(error: SdkError, headers: Record<string, string> | null): ChannelApiError {
  const status = error?.statusCode ?? null;
  const retryAfter = Number(headers?.['retry-after']);
  const transient = status === null || status === 429 || status >= 500;
  return new ChannelApiError(`resend: ${error?.message ?? 'request failed'}`, {
    providerCode: error?.name ?? (status ? String(status) : 'network'),
    transient,
    ...(status === 429
      ? { retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 }
      : {}),
  });
}

function toApi(email: EmailPayload) {
  return {
    from: email.from,
    to: [email.to],
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.headers ? { headers: email.headers } : {}),
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    ...(email.attachments?.length ? { attachments: email.attachments } : {}),
  };
}

export class ResendClient implements EmailApi {
  readonly #resend: Resend;
  readonly #webhookSecret: string | undefined;

  constructor(options: ResendClientOptions) {
    this.#resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
    this.#webhookSecret = options.webhookSecret;
  }

  async send(emails: EmailPayload[], idempotencyKey: string): Promise<string[]> {
    if (emails.length === 1) {
      const { data, error, headers } = await this.#resend.emails.send(toApi(emails[0]!), { idempotencyKey });
      if (error || !data) throw failure(error, headers);
      return [data.id];
    }
    const { data, error, headers } = await this.#resend.batch.send(emails.map(toApi), { idempotencyKey });
    if (error || !data) throw failure(error, headers);
    return data.data.map((item) => item.id);
  }

  async received(id: string): Promise<ReceivedEmailBody> {
    const { data, error, headers } = await this.#resend.emails.receiving.get(id);
    if (error || !data) throw failure(error, headers);
    return {
      from: data.from,
      subject: data.subject ?? '',
      text: data.text,
      html: data.html,
      messageId: data.message_id ?? null,
      headers: data.headers ?? null,
      attachments: (data.attachments ?? []).map((a) => ({
        id: a.id,
        filename: a.filename,
        size: a.size,
        contentType: a.content_type,
        disposition: a.content_disposition,
      })),
    };
  }

  verify(payload: string, headers: WebhookHeaders): unknown {
    if (!this.#webhookSecret) throw new Error('RESEND_WEBHOOK_SECRET is not set');
    return this.#resend.webhooks.verify({ payload, headers, webhookSecret: this.#webhookSecret });
  }
}
