/**
 * `POST /webhooks/stripe`: Stripe's events, checked with the SDK's `webhooks.constructEvent` on the raw
 * body (a forged signature, or one older than 5 minutes, is 403 and changes nothing). An event id is
 * recorded before it is applied, so a redelivered event is applied once; if applying fails the id is
 * forgotten and the answer is 500, so Stripe's retry applies it. Unhandled types are answered 200.
 */
import express, { Router } from 'express';
import { ForbiddenError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import { applyStripeEvent, HANDLED_EVENTS, type StripeEventDeps } from './stripe-events.js';
import type { StripeEvent } from './stripe.js';

export interface StripeWebhookDeps {
  verify(rawBody: Buffer, signature: string): StripeEvent;
  store: Store;
  now: () => Date;
  logger: Logger;
  events: StripeEventDeps;
}

function verified(deps: StripeWebhookDeps, body: unknown, signature: string, ip: string): StripeEvent {
  try {
    return deps.verify(Buffer.isBuffer(body) ? body : Buffer.alloc(0), signature);
  } catch {
    deps.logger.warn({ ip }, 'stripe webhook refused: bad or stale signature');
    throw new ForbiddenError('the Stripe-Signature header does not match or is stale', 'invalid_signature');
  }
}

export function stripeWebhook(deps: StripeWebhookDeps): Router {
  const router = Router();
  router.post('/webhooks/stripe', express.raw({ type: () => true, limit: '512kb' }), async (req, res) => {
    const event = verified(deps, req.body, req.get('stripe-signature') ?? '', req.ip ?? '');
    if (!HANDLED_EVENTS.has(event.type)) {
      res.json({ received: true });
      return;
    }
    const fresh = await deps.store.payments.recordEvent(event.id, event.type, deps.now().toISOString());
    if (!fresh) {
      res.json({ received: true, duplicate: true });
      return;
    }
    try {
      await applyStripeEvent(deps.events, event);
    } catch (error) {
      await deps.store.payments.forgetEvent(event.id);
      throw error;
    }
    deps.logger.info({ event: event.type, id: event.id }, 'stripe event applied');
    res.json({ received: true });
  });
  return router;
}
