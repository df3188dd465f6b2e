/**
 * The WhatsApp channel with the provider `WHATSAPP_PROVIDER` chose, and the Twilio parts both
 * WhatsApp and SMS use. The Twilio SDK is loaded only when Twilio is configured (it is heavy).
 */
import type { Router } from 'express';
import { WhatsAppChannelAdapter } from '../../bots/whatsapp/adapter.js';
import type { WhatsAppProvider } from '../../bots/whatsapp/provider.js';
import { TwilioWhatsAppProvider, type TwilioMessaging } from '../../bots/whatsapp/twilio-provider.js';
import type { ChannelAdapter } from '../../core/channels.js';
import type { Engine } from '../../core/engine.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/repositories.js';
import type { Config } from '../config.js';
import { type TwilioSignatureCheck, twilioWebhooks } from '../http/twilio-webhooks.js';
import { createSmsChannel } from './sms.js';
import { type BaileysDeps, createBaileysProvider } from './whatsapp-baileys.js';

export interface TwilioParts {
  client: TwilioMessaging;
  verify: TwilioSignatureCheck;
}

export async function loadTwilio(config: Config): Promise<TwilioParts | null> {
  const twilio = config.twilio;
  if (!twilio) return null;
  const { TwilioClient, isValidTwilioSignature } = await import('../../bots/whatsapp/twilio-client.js');
  return {
    client: new TwilioClient({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      apiBaseUrl: twilio.apiBaseUrl,
    }),
    verify: isValidTwilioSignature,
  };
}

export interface WhatsAppChannelDeps {
  config: Config;
  twilio: TwilioParts | null;
  /** Builds the Baileys provider (server/channels/whatsapp-baileys.ts). */
  baileys?: () => Promise<WhatsAppProvider>;
}

/** The channel, or null when WhatsApp is off. */
export async function createWhatsAppChannel(
  deps: WhatsAppChannelDeps,
): Promise<WhatsAppChannelAdapter | null> {
  const { config, twilio } = deps;
  const provider = config.whatsapp?.provider;
  if (provider === 'twilio' && twilio && config.twilio?.whatsappFrom) {
    return new WhatsAppChannelAdapter(
      new TwilioWhatsAppProvider({
        client: twilio.client,
        from: config.twilio.whatsappFrom,
        statusCallback: `${config.publicUrl}/webhooks/twilio/status`,
      }),
    );
  }
  if (provider === 'baileys' && deps.baileys) return new WhatsAppChannelAdapter(await deps.baileys());
  return null;
}

export interface MessagingChannels {
  /** The channel adapters to register (WhatsApp, SMS), those configured. */
  adapters: ChannelAdapter[];
  /** Twilio's webhook routes, when Twilio is configured. */
  webhooks: Router | null;
  /** What the admin API shows of WhatsApp (number for wa.me links, QR code), when it is on. */
  whatsapp: WhatsAppChannelAdapter | null;
}

export interface MessagingDeps {
  engine: Engine;
  logger: Logger;
  store: Store;
  secretKey: string;
  /** Options of the Baileys provider (tests inject a fake socket factory). */
  baileys?: Partial<Pick<BaileysDeps, 'socketFactory' | 'onChange' | 'leaseMs' | 'backoff'>>;
}

/** WhatsApp (Twilio or Baileys) and SMS (Twilio) as the configuration asks, with Twilio's webhooks. */
export async function createMessagingChannels(
  config: Config,
  deps: MessagingDeps,
): Promise<MessagingChannels> {
  const twilio = await loadTwilio(config);
  const baileys = () => createBaileysProvider({ ...deps, ...deps.baileys });
  const whatsapp = await createWhatsAppChannel({ config, twilio, baileys });
  const sms = createSmsChannel(config, twilio?.client ?? null, deps.logger);
  const webhooks =
    twilio && config.twilio
      ? twilioWebhooks({
          engine: deps.engine,
          logger: deps.logger,
          authToken: config.twilio.authToken,
          publicUrl: config.publicUrl,
          verify: twilio.verify,
        })
      : null;
  const adapters: ChannelAdapter[] = [whatsapp, sms].filter((adapter) => adapter !== null);
  return { adapters, webhooks, whatsapp };
}
