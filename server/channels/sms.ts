/** The SMS channel when Twilio and `TWILIO_SMS_FROM` are configured. */
import { SmsChannelAdapter } from '../../bots/sms/adapter.js';
import type { TwilioMessaging } from '../../bots/whatsapp/twilio-provider.js';
import type { Logger } from '../../core/logger.js';
import type { Config } from '../config.js';

export function createSmsChannel(
  config: Config,
  client: TwilioMessaging | null,
  logger: Logger,
): SmsChannelAdapter | null {
  const from = config.twilio?.smsFrom;
  if (!client || !from) return null;
  return new SmsChannelAdapter({
    client,
    from,
    statusCallback: `${config.publicUrl}/webhooks/twilio/status`,
    logger,
  });
}
