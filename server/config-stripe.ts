/**
 * Online payment through Stripe Checkout: on with STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together
 * (a Checkout session nobody hears back from would hold places for nothing). STRIPE_API_BASE_URL is an
 * origin such as http://127.0.0.1:12111 (tests: a fake), split into the SDK's host, port and protocol.
 * Off: the coach's static payment links work as before and bookings are marked paid by hand.
 */
import { z } from 'zod';

export interface StripeConfig {
  secretKey: string;
  /** `whsec_…`: checks `POST /webhooks/stripe`. */
  webhookSecret: string;
  /** Unset: Stripe's own (https://api.stripe.com). */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
}

const origin = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
  else if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash)
    ctx.addIssue({ code: 'custom', message: 'must be an origin without a path (no /v1)' });
  else if (url.username || url.password)
    ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
});

/** Variable name → [schema, how to fix], merged into server/config.ts's list. */
export const STRIPE_VARIABLES = {
  STRIPE_SECRET_KEY: [
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/, 'must look like sk_live_… or sk_test_… (a secret key)')
      .optional(),
    'set STRIPE_SECRET_KEY to a secret (or restricted) key from dashboard.stripe.com/apikeys, or unset it to use static payment links',
  ],
  STRIPE_WEBHOOK_SECRET: [
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must look like whsec_… (the endpoint’s signing secret)')
      .optional(),
    'set STRIPE_WEBHOOK_SECRET to the signing secret of your /webhooks/stripe endpoint in the Stripe dashboard (whsec_…)',
  ],
  STRIPE_API_BASE_URL: [
    origin.optional(),
    'set STRIPE_API_BASE_URL to an origin such as http://127.0.0.1:12111 (no /v1), or unset it for Stripe’s own',
  ],
} as const;

interface StripeVariables {
  STRIPE_SECRET_KEY?: string;
  STRIPE_WEBHOOK_SECRET?: string;
  STRIPE_API_BASE_URL?: string;
}

function apiOf(base: string): StripeConfig['api'] {
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

export function stripeConfig(
  v: StripeVariables,
  error: (message: string) => Error,
): { stripe?: StripeConfig } {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } = v;
  if (!secretKey !== !webhookSecret) {
    const [missing, given] = secretKey
      ? ['STRIPE_WEBHOOK_SECRET', 'STRIPE_SECRET_KEY']
      : ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'];
    throw error(`${missing} is required with ${given}: set both, or unset both to use static payment links.`);
  }
  if (!secretKey || !webhookSecret) {
    if (v.STRIPE_API_BASE_URL)
      throw error(
        'STRIPE_API_BASE_URL needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set them, or unset it.',
      );
    return {};
  }
  return {
    stripe: {
      secretKey,
      webhookSecret,
      ...(v.STRIPE_API_BASE_URL ? { api: apiOf(v.STRIPE_API_BASE_URL) } : {}),
    },
  };
}
