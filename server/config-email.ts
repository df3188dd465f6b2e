/**
 * Email through Resend: on with RESEND_API_KEY and EMAIL_FROM together. RESEND_WEBHOOK_SECRET checks
 * `POST /webhooks/resend` (without it the route is not mounted: no delivery reports, no inbound email).
 */
import { z } from 'zod';

export interface EmailConfig {
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

/** `a@b.c` or `Display Name <a@b.c>`. */
export const emailFromSchema = z
  .string()
  .refine((value) => ADDRESS.test(addressOf(value)), 'must be an address such as hello@example.com');

export function addressOf(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match ? match[1]! : from).trim();
}

interface EmailVariables {
  RESEND_API_KEY?: string;
  EMAIL_FROM?: string;
  RESEND_BASE_URL?: string;
  RESEND_WEBHOOK_SECRET?: string;
}

export function emailConfig(v: EmailVariables, error: (message: string) => Error): { email?: EmailConfig } {
  const { RESEND_API_KEY: apiKey, EMAIL_FROM: from } = v;
  if (!apiKey !== !from) {
    const [missing, given] = apiKey ? ['EMAIL_FROM', 'RESEND_API_KEY'] : ['RESEND_API_KEY', 'EMAIL_FROM'];
    throw error(`${missing} is required with ${given}: set both, or unset both to turn email off.`);
  }
  if (!apiKey || !from) {
    const orphan = (['RESEND_BASE_URL', 'RESEND_WEBHOOK_SECRET'] as const).find((name) => v[name]);
    if (orphan) throw error(`${orphan} needs RESEND_API_KEY and EMAIL_FROM: set them, or unset ${orphan}.`);
    return {};
  }
  return {
    email: {
      apiKey,
      from,
      fromAddress: addressOf(from).toLowerCase(),
      ...(v.RESEND_BASE_URL ? { baseUrl: v.RESEND_BASE_URL } : {}),
      ...(v.RESEND_WEBHOOK_SECRET ? { webhookSecret: v.RESEND_WEBHOOK_SECRET } : {}),
    },
  };
}
