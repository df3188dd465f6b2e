/**
 * The Twilio account WhatsApp and SMS share: its variables are declared once here and listed by both
 * plug-ins (the same objects, so the environment is read once), and `loadTwilio` checks them the same
 * way for both.
 */
import { z } from 'zod';
import type { ChannelConfigContext, ChannelVariable } from '../../core/channels/plugin.js';
import { bothOrNeither, httpUrl } from '../config-schemas.js';

/** The Twilio part of WhatsApp's and SMS's sections. */
export interface TwilioSection {
  accountSid: string;
  authToken: string;
  /** Unset: Twilio's own (https://api.twilio.com). */
  apiBaseUrl?: string;
  whatsappFrom?: string;
  smsFrom?: string;
}

export const TWILIO_ACCOUNT_SID: ChannelVariable = {
  name: 'TWILIO_ACCOUNT_SID',
  required: true,
  parse: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must be "AC" followed by 32 hexadecimal characters')
    .optional(),
  fix: 'set TWILIO_ACCOUNT_SID to the Account SID shown in the Twilio console (AC…)',
};

export const TWILIO_AUTH_TOKEN: ChannelVariable = {
  name: 'TWILIO_AUTH_TOKEN',
  required: true,
  secret: true,
  parse: z.string().min(16, 'must be at least 16 characters').optional(),
  fix: 'set TWILIO_AUTH_TOKEN to the Auth Token shown in the Twilio console',
};

export const TWILIO_WHATSAPP_FROM: ChannelVariable = {
  name: 'TWILIO_WHATSAPP_FROM',
  required: true,
  parse: z
    .string()
    .regex(/^whatsapp:\+[1-9]\d{6,14}$/, 'must look like whatsapp:+41791234567')
    .optional(),
  fix: 'set TWILIO_WHATSAPP_FROM to your WhatsApp sender, e.g. whatsapp:+41791234567',
};

export const TWILIO_SMS_FROM: ChannelVariable = {
  name: 'TWILIO_SMS_FROM',
  required: true,
  parse: z
    .string()
    .regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be an E.164 number such as +41791234567')
    .optional(),
  fix: 'set TWILIO_SMS_FROM to your Twilio number in E.164 (+41791234567) or a Messaging Service SID (MG…)',
};

export const TWILIO_API_BASE_URL: ChannelVariable = {
  name: 'TWILIO_API_BASE_URL',
  required: false,
  parse: httpUrl.optional(),
  fix: 'set TWILIO_API_BASE_URL to an http(s) URL such as https://api.twilio.com',
};

/** The account when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set (both or neither), else null. */
export function loadTwilio(
  values: Readonly<Record<string, unknown>>,
  { fail }: ChannelConfigContext,
): TwilioSection | null {
  const pair = bothOrNeither(
    values,
    ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
    ['TWILIO_WHATSAPP_FROM', 'TWILIO_SMS_FROM'],
    fail,
    'Twilio',
  );
  if (!pair) return null;
  const [accountSid, authToken] = pair;
  const optional = (name: string) => values[name] as string | undefined;
  return {
    accountSid,
    authToken,
    apiBaseUrl: optional('TWILIO_API_BASE_URL'),
    whatsappFrom: optional('TWILIO_WHATSAPP_FROM'),
    smsFrom: optional('TWILIO_SMS_FROM'),
  };
}
