/**
 * Twilio's webhooks: `POST /webhooks/twilio` (inbound WhatsApp and SMS messages) and
 * `POST /webhooks/twilio/status` (delivery reports). Each checks `X-Twilio-Signature` against
 * `PUBLIC_URL` + the path (403, nothing stored, when wrong), normalizes the form post, and answers as
 * soon as the engine has stored the event (empty TwiML: the reply goes through the outbox, not TwiML);
 * an event that could not be stored gets a 500, never a 2xx. A redelivered MessageSid is stored once
 * and answered once (the engine de-duplicates). A status report for a sid not recorded yet is held in
 * the store and applied when the sid is recorded, by whichever process records it (core/status.ts).
 */
import type { RoutePort, WebhookRequest } from '../../core/channels/plugin.js';
import type { Engine } from '../../core/engine.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { normalizeTwilioMessage, normalizeTwilioStatus, type TwilioParams } from './normalize.js';

export type TwilioSignatureCheck = (
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, string | string[]>,
) => boolean;

export interface TwilioWebhookDeps {
  engine: Engine;
  logger: Logger;
  authToken: string;
  publicUrl: string;
  verify: TwilioSignatureCheck;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Form bodies are small (Twilio posts a few KB): urlencoded, 64 KiB at most. */
const FORM = { body: 'form', limitBytes: 64 * 1024 } as const;

function verify(deps: TwilioWebhookDeps, req: WebhookRequest): void {
  const header = req.headers['x-twilio-signature'];
  const signature = typeof header === 'string' ? header : '';
  const body = (req.body ?? {}) as Record<string, string | string[]>;
  // Twilio signs the URL it was given: the public base URL, then the path and query as requested.
  const url = `${deps.publicUrl}${req.originalUrl}`;
  if (!signature || !deps.verify(deps.authToken, signature, url, body)) {
    deps.logger.warn(
      { path: req.originalUrl.split('?')[0], ip: req.ip },
      'twilio webhook refused: bad signature',
    );
    throw new ForbiddenError('the X-Twilio-Signature header does not match', 'invalid_signature');
  }
}

/** The form as single values; a repeated field is refused (Twilio never repeats one). */
function params(req: WebhookRequest): TwilioParams {
  const out: TwilioParams = {};
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new ValidationError(`${name} is repeated`, name);
    out[name] = value;
  }
  return out;
}

/** Mounts both routes on `port` (once per app: WhatsApp and SMS share them, bots/twilio/shared.ts). */
export function registerTwilioWebhooks(port: RoutePort, deps: TwilioWebhookDeps): void {
  port.post(
    '/webhooks/twilio',
    async (req) => {
      verify(deps, req);
      const event = normalizeTwilioMessage(params(req));
      const result = await deps.engine.ingest(event);
      if (result.type === 'message' && result.duplicate) {
        deps.logger.info(
          { channel: event.channel, sid: event.externalMessageId },
          'twilio redelivery ignored',
        );
      }
      return { status: 200, type: 'text/xml', body: EMPTY_TWIML };
    },
    FORM,
  );

  port.post(
    '/webhooks/twilio/status',
    async (req) => {
      verify(deps, req);
      const event = normalizeTwilioStatus(params(req));
      await deps.engine.ingest(event);
      return { status: 204 };
    },
    FORM,
  );
}
