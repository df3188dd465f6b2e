/**
 * The email channel's descriptor (core/channels/plugin.ts): on with RESEND_API_KEY and EMAIL_FROM;
 * an email received from an address proves it (identity 'email'); entry links are `mailto:` links
 * whose subject carries the link's code; the adapter paces itself (Resend: 5 requests/s of up to 100
 * emails, batcher.ts), so campaigns add no per-message pace. Routes: the unsubscribe link, and
 * `POST /webhooks/resend` when RESEND_WEBHOOK_SECRET is set.
 */
import type { ChannelPlugin } from '../../core/channels/plugin.js';
import { EmailChannelAdapter } from './adapter.js';
import { RESEND_REQUEST_RATE } from './batcher.js';
import { EMAIL_VARIABLES, type EmailSection, loadEmail } from './config.js';
import { campaignSubjectOf } from './campaign-subject.js';
import { EmailThreads } from './threads.js';
import { parseMailbox } from './normalize.js';
import { UNSUBSCRIBE_PATH, unsubscribeClick, unsubscribePage } from './unsubscribe.js';
import { unsubscribeToken } from './unsubscribe-token.js';
import { resendWebhook } from './webhook.js';

export const emailPlugin: ChannelPlugin<EmailSection> = {
  name: 'email',
  label: 'Email',
  config: {
    enabledBy: 'RESEND_API_KEY',
    hint: 'set RESEND_API_KEY and EMAIL_FROM',
    variables: EMAIL_VARIABLES,
    load: loadEmail,
  },
  identity: 'email',
  entryLink: {
    carrier: 'code',
    url: (link, where) => {
      const address = where.account ? parseMailbox(where.account)?.address : undefined;
      return address ? `mailto:${address}?subject=${encodeURIComponent(link.code)}` : null;
    },
  },
  pacing: { channel: null },
  capabilities: {
    typing: false,
    streaming: false,
    media: true,
    groups: false,
    templates: false,
    readReceipts: false,
    buttons: false,
    edits: false,
  },
  async create(section, deps) {
    const { ResendClient } = await import('./client.js');
    const api = new ResendClient({
      apiKey: section.apiKey,
      ...(section.baseUrl ? { baseUrl: section.baseUrl } : {}),
      ...(section.webhookSecret ? { webhookSecret: section.webhookSecret } : {}),
    });
    const adapter = new EmailChannelAdapter({
      api,
      from: section.from,
      logger: deps.logger,
      campaignSubject: campaignSubjectOf(deps.store),
      threads: new EmailThreads(deps.store.channelState, () => deps.clock.now()),
      unsubscribeUrl: (address) =>
        `${deps.publicUrl}${UNSUBSCRIBE_PATH}${unsubscribeToken(deps.secretKey, address)}`,
      // Several processes: Resend's request rate (per API key) holds for all of them together.
      ...(deps.rateLimits
        ? { batch: { requests: deps.rateLimits('email:requests', RESEND_REQUEST_RATE) } }
        : {}),
    });
    const now = () => deps.clock.now();
    const unsubscribe = { store: deps.store, logger: deps.logger, now, secretKey: deps.secretKey };
    return {
      adapter,
      routes(port) {
        port.get(`${UNSUBSCRIBE_PATH}:token`, unsubscribePage(unsubscribe));
        port.post(`${UNSUBSCRIBE_PATH}:token`, unsubscribeClick(unsubscribe), {
          body: 'raw',
          limitBytes: 4_096,
        });
        if (!section.webhookSecret) return;
        const webhook = resendWebhook({
          api,
          engine: deps.engine,
          store: deps.store,
          logger: deps.logger,
          now,
          ownAddress: section.fromAddress,
          onReceived: (address, subject, messageId) => adapter.noteInbound(address, subject, messageId),
        });
        port.post('/webhooks/resend', webhook, { body: 'raw', limitBytes: 256 * 1_024 });
      },
    };
  },
};
