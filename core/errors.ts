/** Typed errors with stable codes. The HTTP and socket layers map them to CONTRACT.md's error shape. */

export abstract class KoraError extends Error {
  abstract readonly code: string;
  /** The field at fault, when there is one. */
  readonly field?: string;

  constructor(message: string, field?: string) {
    super(message);
    this.name = new.target.name;
    this.field = field;
  }
}

export class ValidationError extends KoraError {
  readonly code: string;
  /** `code` narrows the reason when a client may act on it (e.g. `invalid_code` for a wrong 2FA code). */
  constructor(message: string, field?: string, code = 'validation_failed') {
    super(message, field);
    this.code = code;
  }
}

export class NotFoundError extends KoraError {
  readonly code = 'not_found';
}

export class ConflictError extends KoraError {
  readonly code = 'conflict';
}

export class UnauthorizedError extends KoraError {
  readonly code: string;
  constructor(message: string, code = 'unauthorized', field?: string) {
    super(message, field);
    this.code = code;
  }
}

export class ForbiddenError extends KoraError {
  readonly code: string;
  constructor(message: string, code = 'forbidden') {
    super(message);
    this.code = code;
  }
}

export class PayloadTooLargeError extends KoraError {
  readonly code = 'payload_too_large';
}

export class RateLimitedError extends KoraError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * A channel provider refused or failed a call. `providerCode` is the provider's own code (Telegram
 * error_code, Twilio 63016, ...); `transient` says whether a later attempt may succeed.
 */
export class ChannelApiError extends KoraError {
  readonly code = 'channel_error';
  constructor(
    message: string,
    readonly options: { providerCode?: string; transient: boolean; retryAfterMs?: number },
  ) {
    super(message);
  }
}

/** The AI provider failed or timed out: the conversation goes to the coach. */
export class AssistantProviderError extends KoraError {
  readonly code = 'assistant_unavailable';
}

export function isKoraError(error: unknown): error is KoraError {
  return error instanceof KoraError;
}
