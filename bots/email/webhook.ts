/**
 * `POST /webhooks/resend`: Resend's events, checked with the SDK's Svix verifier on the raw body (a
 * forged signature, or a timestamp more than 5 minutes away, is 401 and changes nothing). Delivery
 * reports update the message (and so the campaign's delivery); a hard bounce or a complaint opts the
 * address out of campaigns by email; a received email is fetched from the receiving API and ingested
 * as a message from its sender. The answer is 2xx only once the event is stored: a failure is 500 and
 * Resend retries. A redelivered event (same `svix-id`) changes nothing more: statuses only move
 * forward, an opt-out is written once, and the engine stores one message per received email id.
 */
import type { WebhookHandler, WebhookRequest } from '../../core/channels/plugin.js';
import type { Engine } from '../../core/engine.js';
import { UnauthorizedError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import type { EmailApi } from './client.js';
import { maskAddress, normalizeWebhook, receivedToInbound } from './normalize.js';

export interface ResendWebhookDeps {
  api: EmailApi;
  engine: Engine;
  store: Store;
  logger: Logger;
  now: () => Date;
  /** Our own address (emails from it are never answered). */
  ownAddress: string;
  /** A customer's email arrived (the adapter threads its answers under it); stored before the 204. */
  onReceived: (address: string, subject: string, messageId: string | null) => Promise<void>;
}

function header(request: WebhookRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function verified(deps: ResendWebhookDeps, request: WebhookRequest): unknown {
  try {
    return deps.api.verify(request.rawBody.toString('utf8'), {
      id: header(request, 'svix-id'),
      timestamp: header(request, 'svix-timestamp'),
      signature: header(request, 'svix-signature'),
    });
  } catch {
    deps.logger.warn({ ip: request.ip }, 'resend webhook refused: bad or stale signature');
    throw new UnauthorizedError('the Svix signature does not match or is stale', 'invalid_signature');
  }
}

/** Opts out the contact whose email identity is `address` (the one campaigns reach there). */
export async function optOutAddress(
  deps: Pick<ResendWebhookDeps, 'store' | 'logger' | 'now'>,
  address: string,
  reason: string,
): Promise<void> {
  const contact = await deps.store.contacts.findByIdentity('email', address);
  if (!contact) return;
  const current = await deps.store.consents.get(contact.id, 'email');
  if (current?.optedOut) return;
  await deps.store.consents.set({
    contactId: contact.id,
    channel: 'email',
    optedOut: true,
    updatedAt: deps.now().toISOString(),
  });
  deps.logger.info({ contactId: contact.id, to: maskAddress(address), reason }, 'email address opted out');
}

async function ingestReceived(deps: ResendWebhookDeps, emailId: string): Promise<void> {
  const body = await deps.api.received(emailId);
  const event = receivedToInbound(emailId, body, deps.ownAddress);
  if (!event) return;
  await deps.onReceived(event.from.externalId, body.subject, body.messageId);
  await deps.engine.ingest(event);
}

export function resendWebhook(deps: ResendWebhookDeps): WebhookHandler {
  return async (request) => {
    const event = normalizeWebhook(verified(deps, request));
    if (event.kind === 'status') {
      await deps.engine.ingest(event.status);
      if (event.optOut) await optOutAddress(deps, event.optOut, event.status.error?.code ?? 'complained');
    } else if (event.kind === 'received') {
      await ingestReceived(deps, event.emailId);
    }
    return { status: 204 };
  };
}
