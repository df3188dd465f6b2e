/**
 * The WhatsApp plug-in: the provider WHATSAPP_PROVIDER chose. Twilio (bots/twilio/, shared with
 * SMS) with TWILIO_WHATSAPP_FROM, or Baileys (a linked phone; its SDK is loaded only then).
 */
import type { ChannelPlugin, ChannelPluginDeps } from '../../core/channels/plugin.js';
import { normalizeTwilioMessage, type TwilioParams } from '../twilio/normalize.js';
import { z } from 'zod';
import {
  loadTwilio,
  TWILIO_ACCOUNT_SID,
  TWILIO_API_BASE_URL,
  TWILIO_AUTH_TOKEN,
  TWILIO_WHATSAPP_FROM,
  type TwilioSection,
} from '../twilio/config.js';
import { twilioShared } from '../twilio/shared.js';
import { WhatsAppChannelAdapter } from './adapter.js';
import type { BaileysDeps } from './baileys/connect.js';
import { BAILEYS_GROUP_RATE, BAILEYS_RATE } from './baileys/provider.js';
import { TWILIO_WHATSAPP_RATE, TwilioWhatsAppProvider } from './twilio-provider.js';

export type WhatsAppSection =
  | { provider: 'twilio'; twilio: TwilioSection & { whatsappFrom: string } }
  | { provider: 'baileys' };

/** Test and benchmark options of the Baileys provider (a fake socket, short timers). */
export type WhatsAppPluginOptions = Partial<
  Pick<BaileysDeps, 'socketFactory' | 'onChange' | 'leaseMs' | 'backoff'>
>;

async function baileysAdapter(deps: ChannelPluginDeps): Promise<WhatsAppChannelAdapter> {
  const { createBaileysProvider } = await import('./baileys/connect.js');
  const options = (deps.options ?? {}) as WhatsAppPluginOptions;
  const provider = await createBaileysProvider({
    ...deps,
    ...options,
    // The panel follows the link live (new QR code, connected, logged out).
    onChange: (status, qr) => {
      options.onChange?.(status, qr);
      deps.events.emit('channel', { channel: 'whatsapp', status, qrIssuedAt: qr?.issuedAt ?? null });
    },
  });
  return new WhatsAppChannelAdapter(provider);
}

export const whatsappPlugin: ChannelPlugin<WhatsAppSection, TwilioParams> = {
  name: 'whatsapp',
  label: 'WhatsApp',
  config: {
    enabledBy: 'TWILIO_WHATSAPP_FROM',
    hint: 'set TWILIO_WHATSAPP_FROM (with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN), or WHATSAPP_PROVIDER=baileys',
    variables: [
      TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN,
      TWILIO_WHATSAPP_FROM,
      {
        name: 'WHATSAPP_PROVIDER',
        required: false,
        parse: z.enum(['twilio', 'baileys']).optional(),
        fix: 'set WHATSAPP_PROVIDER to twilio or baileys',
      },
      TWILIO_API_BASE_URL,
    ],
    // WHATSAPP_PROVIDER, else twilio when its WhatsApp sender is configured, else off.
    load(values, context) {
      const twilio = loadTwilio(values, context);
      const chosen = values.WHATSAPP_PROVIDER as 'twilio' | 'baileys' | undefined;
      const provider = chosen ?? (twilio?.whatsappFrom ? 'twilio' : undefined);
      if (provider === 'baileys') return { provider };
      if (provider !== 'twilio') return null;
      if (!twilio?.whatsappFrom) {
        return context.fail(
          'TWILIO_WHATSAPP_FROM (with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN) is required when WHATSAPP_PROVIDER=twilio: set them, or choose baileys.',
        );
      }
      return { provider, twilio: { ...twilio, whatsappFrom: twilio.whatsappFrom } };
    },
  },
  identity: 'phone',
  // wa.me wants the number in international form without "+"; the prefilled text is the link's code.
  entryLink: {
    carrier: 'code',
    url: (link, where) =>
      where.account
        ? `https://wa.me/${where.account.replace(/\D/g, '')}?text=${encodeURIComponent(link.code)}`
        : null,
  },
  pacing: { channel: TWILIO_WHATSAPP_RATE },
  // Twilio's, the default provider; a linked number (Baileys) has groups: its adapter says so.
  capabilities: {
    typing: false,
    streaming: false,
    media: true,
    groups: false,
    templates: true,
    readReceipts: true,
    buttons: false,
    edits: false,
  },
  // Twilio's inbound form post (the shared webhook, bots/twilio/webhooks.ts, calls it).
  normalise: normalizeTwilioMessage,
  async create(section, deps) {
    if (section.provider === 'baileys') {
      return {
        adapter: await baileysAdapter(deps),
        pacing: { channel: BAILEYS_RATE, group: BAILEYS_GROUP_RATE },
      };
    }
    const twilio = await twilioShared(section.twilio, deps);
    const provider = new TwilioWhatsAppProvider({
      client: twilio.client,
      from: section.twilio.whatsappFrom,
      statusCallback: twilio.statusCallback,
      ...(deps.rateLimits ? { rates: deps.rateLimits } : {}),
    });
    return { adapter: new WhatsAppChannelAdapter(provider), routes: (port) => twilio.routes(port) };
  },
};
