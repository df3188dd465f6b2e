/**
 * The only module that imports the `twilio` SDK (WhatsApp and SMS share it: one Messages API).
 * Sends through `messages.create`, pointed at `TWILIO_API_BASE_URL` by a RequestClient that rewrites
 * each request's origin (the SDK has no base-URL option), and turns the SDK's failures into
 * `ChannelApiError` with Twilio's own code, transient (429, 5xx, network) or not (21610, 63016, ...).
 */
import twilio from 'twilio';
import { ChannelApiError } from '../../core/errors.js';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Unset: Twilio's own hosts. */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

export interface TwilioSendInput {
  /** The sender address; or `messagingServiceSid` (MG…), which picks the sender itself. */
  from?: string;
  messagingServiceSid?: string;
  to: string;
  body?: string;
  mediaUrl?: string[];
  /** A Content template (HX…) instead of `body`: WhatsApp's answer to the 24-hour rule. */
  contentSid?: string;
  contentVariables?: Record<string, string>;
  statusCallback?: string;
}

export interface TwilioSendResult {
  sid: string;
  status: string;
  numSegments?: number;
}

/** Twilio's codes that a later attempt can clear (rate limits, Twilio-side trouble). */
const TRANSIENT_CODES = new Set([20429, 20500, 20503, 30001]);

type RequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & {
  data?: TData;
};

/** A RequestClient that sends every request to `baseUrl` instead of Twilio's host (fakes, proxies). */
class RebasedRequestClient extends twilio.RequestClient {
  readonly #base: URL;

  constructor(baseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs });
    this.#base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    const rebased = new URL(`${uri.pathname}${uri.search}`, this.#base);
    return super.request<TData>({ ...opts, uri: rebased.toString() }).then((response) => {
      // The SDK's RestException drops headers: keep Retry-After for the outbox's backoff.
      if (response.statusCode === 429) throw rateLimited(response.headers?.['retry-after'], response.body);
      return response;
    });
  }
}

function retryAfterMs(value: unknown): number | undefined {
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function rateLimited(retryAfter: unknown, body: unknown): ChannelApiError {
  let parsed: { code?: number; message?: string } = {};
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : ((body as typeof parsed) ?? {});
  } catch {}
  return new ChannelApiError(maskNumbers(parsed.message ?? 'Twilio: too many requests'), {
    providerCode: String(parsed.code ?? 20429),
    transient: true,
    retryAfterMs: retryAfterMs(retryAfter),
  });
}

/** Twilio's messages can quote the number ("The 'To' number +4179… is not valid"): logs must not show it. */
export function maskNumbers(text: string): string {
  return text.replace(/\+?\d[\d ]{6,16}\d/g, (number) => {
    const digits = number.replace(/\D/g, '');
    return `${number.startsWith('+') ? '+' : ''}${digits.slice(0, 2)}•••${digits.slice(-2)}`;
  });
}

/** Any failure of a Twilio call as a ChannelApiError (Twilio's code kept when it gave one). */
export function toChannelError(error: unknown): ChannelApiError {
  if (error instanceof ChannelApiError) return error;
  if (error instanceof twilio.RestException) {
    const transient = error.status >= 500 || error.status === 429 || TRANSIENT_CODES.has(error.code ?? 0);
    return new ChannelApiError(maskNumbers(error.message || `Twilio answered ${error.status}`), {
      providerCode: error.code !== undefined ? String(error.code) : `http_${error.status}`,
      transient,
    });
  }
  // No answer at all (connection refused, timeout): worth another attempt.
  const message = error instanceof Error ? error.message : String(error);
  return new ChannelApiError(`Twilio unreachable: ${maskNumbers(message)}`, { transient: true });
}

export class TwilioClient {
  readonly #client: twilio.Twilio;

  constructor(options: TwilioClientOptions) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.#client = twilio(options.accountSid, options.authToken, {
      ...(options.apiBaseUrl ? { httpClient: new RebasedRequestClient(options.apiBaseUrl, timeoutMs) } : {}),
      timeout: timeoutMs,
    });
  }

  async send(input: TwilioSendInput): Promise<TwilioSendResult> {
    try {
      const message = await this.#client.messages.create({
        ...(input.messagingServiceSid
          ? { messagingServiceSid: input.messagingServiceSid }
          : { from: input.from }),
        to: input.to,
        ...(input.contentSid
          ? {
              contentSid: input.contentSid,
              ...(input.contentVariables ? { contentVariables: JSON.stringify(input.contentVariables) } : {}),
            }
          : { body: input.body ?? '' }),
        ...(input.mediaUrl?.length ? { mediaUrl: input.mediaUrl } : {}),
        ...(input.statusCallback ? { statusCallback: input.statusCallback } : {}),
      });
      const segments = Number(message.numSegments);
      return {
        sid: message.sid,
        status: message.status,
        ...(Number.isFinite(segments) && segments > 0 ? { numSegments: segments } : {}),
      };
    } catch (error) {
      throw toChannelError(error);
    }
  }
}

/** Checks `X-Twilio-Signature` for a form post Twilio made to `url` (the public URL it was given). */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, string | string[]>,
): boolean {
  return twilio.validateRequest(authToken, signature, url, params);
}
