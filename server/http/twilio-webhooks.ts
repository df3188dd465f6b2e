/**
 * Twilio's webhooks: `POST /webhooks/twilio` (inbound WhatsApp and SMS messages) and
 * `POST /webhooks/twilio/status` (delivery reports). Each checks `X-Twilio-Signature` against
 * `PUBLIC_URL` + the path (403, nothing stored, when wrong), normalizes the form post, and answers as
 * soon as the engine has stored the event (empty TwiML: the reply goes through the outbox, not TwiML);
 * an event that could not be stored gets a 500, never a 2xx. A redelivered MessageSid is stored once
 * and answered once (the engine de-duplicates). A status report for a sid not recorded yet is answered
 * 204 and applied from memory a few times (see applyLater): a restart meanwhile loses that report.
 */
import express, { type Request, type RequestHandler, Router } from 'express';
import type { Engine } from '../../core/engine.js';
import { ForbiddenError, ValidationError } from '../../core/errors.js';
import type { InboundStatus } from '../../core/inbound.js';
import type { Logger } from '../../core/logger.js';
import {
  normalizeTwilioMessage,
  normalizeTwilioStatus,
  type TwilioParams,
} from '../../bots/whatsapp/normalize-twilio.js';

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
  /** Status callbacks for a sid not known yet (its send is still being recorded) are retried this often. */
  statusRetryMs?: number[];
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Form bodies are small (Twilio posts a few KB); urlencoded parsing on these routes only. */
const formBody = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

function verified(deps: TwilioWebhookDeps): RequestHandler {
  return (req, _res, next) => {
    const signature = req.get('x-twilio-signature') ?? '';
    const body = (req.body ?? {}) as Record<string, string | string[]>;
    // Twilio signs the URL it was given: the public base URL, then the path and query as requested.
    const url = `${deps.publicUrl}${req.originalUrl}`;
    if (!signature || !deps.verify(deps.authToken, signature, url, body)) {
      deps.logger.warn({ path: req.path, ip: req.ip }, 'twilio webhook refused: bad signature');
      throw new ForbiddenError('the X-Twilio-Signature header does not match', 'invalid_signature');
    }
    next();
  };
}

/** The form as single values; a repeated field is refused (Twilio never repeats one). */
function params(req: Request): TwilioParams {
  const out: TwilioParams = {};
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new ValidationError(`${name} is repeated`, name);
    out[name] = value;
  }
  return out;
}

export function twilioWebhooks(deps: TwilioWebhookDeps): Router {
  const router = Router();
  const retries = deps.statusRetryMs ?? [250, 1_000, 4_000];

  router.post('/webhooks/twilio', formBody, verified(deps), async (req, res) => {
    const event = normalizeTwilioMessage(params(req));
    const result = await deps.engine.ingest(event);
    if (result.type === 'message' && result.duplicate) {
      deps.logger.info({ channel: event.channel, sid: event.externalMessageId }, 'twilio redelivery ignored');
    }
    res.type('text/xml').send(EMPTY_TWIML);
  });

  /**
   * A report can overtake the recording of its own send (the sid is written just after Twilio answers
   * the create): a sid not found yet is tried again a few times before it is dropped.
   */
  async function applyLater(event: InboundStatus, attempt: number): Promise<void> {
    const delay = retries[attempt];
    if (delay === undefined) {
      deps.logger.warn(
        { sid: event.externalMessageId, status: event.status },
        'status for an unknown message',
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    const result = await deps.engine.ingest(event);
    if (result.type === 'status' && !result.message) return applyLater(event, attempt + 1);
  }

  router.post('/webhooks/twilio/status', formBody, verified(deps), async (req, res) => {
    const event = normalizeTwilioStatus(params(req));
    const result = await deps.engine.ingest(event);
    if (result.type === 'status' && !result.message) {
      applyLater(event, 0).catch((error: unknown) =>
        deps.logger.error({ err: error, sid: event.externalMessageId }, 'applying a twilio status failed'),
      );
    }
    res.status(204).end();
  });

  return router;
}
