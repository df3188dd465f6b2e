/** The SMS plug-in: Twilio (bots/twilio/, shared with WhatsApp) with TWILIO_SMS_FROM. */
import type { ChannelPlugin } from '../../core/channels/plugin.js';
import { normalizeTwilioMessage, type TwilioParams } from '../twilio/normalize.js';
import {
  loadTwilio,
  TWILIO_ACCOUNT_SID,
  TWILIO_API_BASE_URL,
  TWILIO_AUTH_TOKEN,
  TWILIO_SMS_FROM,
  type TwilioSection,
} from '../twilio/config.js';
import { twilioShared } from '../twilio/shared.js';
import { SMS_LONG_CODE_RATE, SmsChannelAdapter } from './adapter.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export const smsPlugin: ChannelPlugin<TwilioSection & { smsFrom: string }, TwilioParams> = {
  name: 'sms',
  label: 'SMS',
  config: {
    enabledBy: 'TWILIO_SMS_FROM',
    hint: 'set TWILIO_SMS_FROM (with TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)',
    variables: [TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_FROM, TWILIO_API_BASE_URL],
    load(values, context) {
      const twilio = loadTwilio(values, context);
      return twilio?.smsFrom ? { ...twilio, smsFrom: twilio.smsFrom } : null;
    },
  },
  identity: 'phone',
  // The customer writes first: the prefilled text is the link's code (a sender number only; a
  // Messaging Service MG… has no number to open).
  entryLink: {
    carrier: 'code',
    url: (link, where) =>
      where.account && E164.test(where.account)
        ? `sms:${where.account}?body=${encodeURIComponent(link.code)}`
        : null,
  },
  pacing: { channel: SMS_LONG_CODE_RATE },
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
  // Twilio's inbound form post (the shared webhook, bots/twilio/webhooks.ts, calls it).
  normalise: normalizeTwilioMessage,
  async create(section, deps) {
    const twilio = await twilioShared(section, deps);
    const adapter = new SmsChannelAdapter({
      client: twilio.client,
      from: section.smsFrom,
      statusCallback: twilio.statusCallback,
      logger: deps.logger,
      ...(deps.rateLimits ? { rates: deps.rateLimits } : {}),
    });
    return { adapter, routes: (port) => twilio.routes(port) };
  },
};
