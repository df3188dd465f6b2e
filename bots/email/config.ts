/**
 * Email's configuration (Resend): on with RESEND_API_KEY and EMAIL_FROM together.
 * RESEND_WEBHOOK_SECRET checks `POST /webhooks/resend` (without it the route is not mounted: no
 * delivery reports, no inbound email).
 */
import { z } from 'zod';
import type { ChannelConfigContext, ChannelVariable } from '../../core/channels/plugin.js';
import { bothOrNeither, httpUrl } from '../config-schemas.js';

/** The `email` section (bots/email/plugin.ts). */
export interface EmailSection {
  apiKey: string;
  /** `hello@example.com` or `Name <hello@example.com>`. */
  from: string;
  /** The bare address of `from` (replies come back to it). */
  fromAddress: string;
  /** Unset: Resend's own (https://api.resend.com). */
  baseUrl?: string;
  webhookSecret?: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export function addressOf(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1]! : from).trim();
}

/** `a@b.c` or `Display Name <a@b.c>`. */
export const emailFromSchema = z
  .string()
  .refine((value) => ADDRESS.test(addressOf(value)), 'must be an address such as hello@example.com');

export const EMAIL_VARIABLES: readonly ChannelVariable[] = [
  {
    name: 'RESEND_API_KEY',
    required: true,
    secret: true,
    parse: z
      .string()
      .regex(/^re_[A-Za-z0-9_]{8,}$/, 'must look like re_… (an API key from resend.com/api-keys)')
      .optional(),
    fix: 'set RESEND_API_KEY to an API key from resend.com/api-keys (re_…), or unset it to turn email off',
  },
  {
    name: 'EMAIL_FROM',
    required: true,
    parse: emailFromSchema.optional(),
    fix: 'set EMAIL_FROM to a sender on your verified domain, e.g. Coach Ada <hello@example.com>',
  },
  {
    name: 'RESEND_WEBHOOK_SECRET',
    required: false,
    secret: true,
    parse: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must look like whsec_… (the webhook signing secret)')
      .optional(),
    fix: 'set RESEND_WEBHOOK_SECRET to the signing secret of your webhook in Resend (whsec_…)',
  },
  {
    name: 'RESEND_BASE_URL',
    required: false,
    parse: httpUrl.optional(),
    fix: 'set RESEND_BASE_URL to an http(s) URL such as https://api.resend.com',
  },
];

export function loadEmail(
  values: Readonly<Record<string, unknown>>,
  { fail }: ChannelConfigContext,
): EmailSection | null {
  const pair = bothOrNeither(
    values,
    ['RESEND_API_KEY', 'EMAIL_FROM'],
    ['RESEND_BASE_URL', 'RESEND_WEBHOOK_SECRET'],
    fail,
    'email',
  );
  if (!pair) return null;
  const [apiKey, from] = pair;
  const baseUrl = values.RESEND_BASE_URL as string | undefined;
  const webhookSecret = values.RESEND_WEBHOOK_SECRET as string | undefined;
  return {
    apiKey,
    from,
    fromAddress: addressOf(from).toLowerCase(),
    ...(baseUrl ? { baseUrl } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
  };
}
