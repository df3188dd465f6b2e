/**
 * The Twilio account WhatsApp and SMS share: one client (the SDK is loaded only when a Twilio channel
 * is on) and one pair of webhooks (inbound and status for both channels), made once per app whichever
 * plug-in asks first.
 */
import type { ChannelPluginDeps, RoutePort } from '../../core/channels/plugin.js';
import type { TwilioSection } from './config.js';
import type { TwilioMessaging } from './messaging.js';
import { registerTwilioWebhooks } from './webhooks.js';

export interface TwilioShared {
  client: TwilioMessaging;
  /** Where Twilio posts delivery reports. */
  statusCallback: string;
  /** Mounts the webhooks the first time only (both plug-ins call it). */
  routes(port: RoutePort): void;
}

async function makeShared(section: TwilioSection, deps: ChannelPluginDeps): Promise<TwilioShared> {
  const { TwilioClient, isValidTwilioSignature } = await import('./client.js');
  const client = new TwilioClient({
    accountSid: section.accountSid,
    authToken: section.authToken,
    apiBaseUrl: section.apiBaseUrl,
  });
  const mounted = new WeakSet<RoutePort>();
  return {
    client,
    statusCallback: `${deps.publicUrl}/webhooks/twilio/status`,
    routes(port) {
      if (mounted.has(port)) return;
      mounted.add(port);
      registerTwilioWebhooks(port, {
        engine: deps.engine,
        logger: deps.logger,
        authToken: section.authToken,
        publicUrl: deps.publicUrl,
        verify: isValidTwilioSignature,
      });
    },
  };
}

export function twilioShared(section: TwilioSection, deps: ChannelPluginDeps): Promise<TwilioShared> {
  return deps.shared('twilio', () => makeShared(section, deps));
}
