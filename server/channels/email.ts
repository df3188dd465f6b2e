/**
 * The email channel when RESEND_API_KEY and EMAIL_FROM are set: the Resend client, the adapter, the
 * unsubscribe link (`/email/unsubscribe/:token`), and `POST /webhooks/resend` when
 * RESEND_WEBHOOK_SECRET is set (delivery reports, bounces and complaints, inbound email).
 */
import { Router } from 'express';
import { EmailChannelAdapter } from '../../bots/email/adapter.js';
import { unsubscribeToken } from '../../bots/email/unsubscribe-token.js';
import { personalise } from '../../core/campaigns/personalise.js';
import type { Engine } from '../../core/engine.js';
import type { Clock } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import type { Message } from '../../core/types.js';
import type { Config } from '../config.js';
import { emailUnsubscribeRoutes } from '../http/email-unsubscribe.js';
import { resendWebhook } from '../http/resend-webhook.js';

export interface EmailChannel {
  adapter: EmailChannelAdapter;
  routes: Router;
  /** The address customers write to (entry links' `mailto:`). */
  address: string;
}

export interface EmailChannelDeps {
  store: Store;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  secretKey: string;
}

/** A campaign's email subject for one of its messages, personalised; null: not a campaign's. */
export function campaignSubjectOf(store: Store) {
  return async (message: Message): Promise<string | null> => {
    if (message.sender.type !== 'coach') return null;
    const row = await store.deliveries.getByMessage(message.id);
    if (!row) return null;
    const campaign = await store.campaigns.get(row.campaignId);
    if (!campaign) return null;
    const contact = row.recipientType === 'contact' ? await store.contacts.get(row.recipientId) : null;
    return personalise(campaign.subject ?? campaign.name, { name: contact?.name ?? null }, new Map());
  };
}

export async function createEmailChannel(config: Config, deps: EmailChannelDeps): Promise<EmailChannel | null> {
  const email = config.email;
  if (!email) return null;
  const { ResendClient } = await import('../../bots/email/client.js');
  const api = new ResendClient({
    apiKey: email.apiKey,
    ...(email.baseUrl ? { baseUrl: email.baseUrl } : {}),
    ...(email.webhookSecret ? { webhookSecret: email.webhookSecret } : {}),
  });
  const adapter = new EmailChannelAdapter({
    api,
    from: email.from,
    logger: deps.logger,
    campaignSubject: campaignSubjectOf(deps.store),
    unsubscribeUrl: (address) =>
      `${config.publicUrl}/email/unsubscribe/${unsubscribeToken(deps.secretKey, address)}`,
  });
  const routes = Router();
  routes.use(emailUnsubscribeRoutes({ store: deps.store, clock: deps.clock, logger: deps.logger, secretKey: deps.secretKey }));
  if (email.webhookSecret) {
    routes.use(
      resendWebhook({
        api,
        engine: deps.engine,
        store: deps.store,
        logger: deps.logger,
        now: () => deps.clock.now(),
        ownAddress: email.fromAddress,
        onReceived: (address, subject, messageId) => adapter.noteInbound(address, subject, messageId),
      }),
    );
  }
  return { adapter, routes, address: email.fromAddress };
}
