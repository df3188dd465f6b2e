/**
 * The Checkout Session model of the fake Stripe API: a `POST /v1/checkout/sessions` form body checked as
 * Stripe checks it (payment mode, line items in one currency, `expires_at` 30 minutes to 24 hours
 * ahead, `allowed_payment_method_types` filtering the methods the currency allows: TWINT for CHF only).
 */
import { randomBytes } from 'node:crypto';

export interface FakeCheckoutSession {
  id: string;
  object: 'checkout.session';
  url: string | null;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  mode: string;
  currency: string;
  amount_total: number;
  expires_at: number;
  created: number;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  allowed_payment_method_types: string[] | null;
  payment_method_types: string[];
  payment_intent: string | null;
  success_url: string | null;
  cancel_url: string | null;
  livemode: false;
}

const TYPES = new Set(['card', 'twint']);
const MIN_EXPIRY_SECONDS = 30 * 60;
const MAX_EXPIRY_SECONDS = 24 * 60 * 60;

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export class StripeInputError extends Error {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message);
  }
}

export type Form = Record<string, unknown>;

function lineItemsTotal(body: Form): { currency: string; total: number } {
  const items = body.line_items;
  if (!Array.isArray(items) || items.length === 0)
    throw new StripeInputError('line_items required', 'line_items');
  let currency = '';
  let total = 0;
  items.forEach((item: Form, i) => {
    const data = (item.price_data ?? {}) as Form;
    const amount = Number(data.unit_amount);
    if (!Number.isInteger(amount) || amount < 0)
      throw new StripeInputError(
        'unit_amount must be an integer',
        `line_items[${i}][price_data][unit_amount]`,
      );
    if (!(data.product_data as Form | undefined)?.name)
      throw new StripeInputError(
        'product_data.name required',
        `line_items[${i}][price_data][product_data][name]`,
      );
    if (currency && data.currency !== currency)
      throw new StripeInputError('one currency per session', `line_items[${i}][price_data][currency]`);
    currency = String(data.currency ?? '');
    total += amount * Number(item.quantity ?? 1);
  });
  if (!/^[a-z]{3}$/.test(currency)) throw new StripeInputError('currency must be lowercase ISO', 'currency');
  return { currency, total };
}

function paymentMethods(body: Form, currency: string): { allowed: string[] | null; computed: string[] } {
  const allowed = body.allowed_payment_method_types as string[] | undefined;
  if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((type) => !TYPES.has(type))))
    throw new StripeInputError('unknown payment method type', 'allowed_payment_method_types');
  // TWINT is eligible for CHF only; the allowed list filters the eligible set (it never widens it).
  const eligible = currency === 'chf' ? ['card', 'twint'] : ['card'];
  return {
    allowed: allowed ?? null,
    computed: eligible.filter((type) => !allowed || allowed.includes(type)),
  };
}

function expiresAt(body: Form, now: number): number {
  if (body.expires_at === undefined) return now + MAX_EXPIRY_SECONDS;
  const at = Number(body.expires_at);
  if (!Number.isInteger(at) || at < now + MIN_EXPIRY_SECONDS - 5 || at > now + MAX_EXPIRY_SECONDS)
    throw new StripeInputError('expires_at must be 30 minutes to 24 hours ahead', 'expires_at');
  return at;
}

export function newSession(body: Form, origin: string): FakeCheckoutSession {
  if (body.mode !== 'payment') throw new StripeInputError('mode must be payment', 'mode');
  if (typeof body.success_url !== 'string') throw new StripeInputError('success_url required', 'success_url');
  const now = Math.floor(Date.now() / 1000);
  const { currency, total } = lineItemsTotal(body);
  const methods = paymentMethods(body, currency);
  if (methods.computed.length === 0)
    throw new StripeInputError('no payment method is available', 'allowed_payment_method_types');
  const id = randomId('cs_test');
  return {
    id,
    object: 'checkout.session',
    url: `${origin}/pay/${id}`,
    status: 'open',
    payment_status: 'unpaid',
    mode: 'payment',
    currency,
    amount_total: total,
    expires_at: expiresAt(body, now),
    created: now,
    client_reference_id: (body.client_reference_id as string | undefined) ?? null,
    metadata: (body.metadata as Record<string, string> | undefined) ?? {},
    allowed_payment_method_types: methods.allowed,
    payment_method_types: methods.computed,
    payment_intent: null,
    success_url: body.success_url,
    cancel_url: (body.cancel_url as string | undefined) ?? null,
    livemode: false,
  };
}
