/**
 * A fake Stripe API on 127.0.0.1 for the real `stripe` SDK (`new Stripe(key, {host, port, protocol})`):
 * `POST /v1/checkout/sessions` (the form body recorded, checked as Stripe does: stripe-checkout.ts),
 * `GET /v1/checkout/sessions/:id`, `POST /v1/checkout/sessions/:id/expire`, `POST /v1/refunds` (once
 * per payment intent); Bearer key checked; Idempotency-Key honoured (same key and body: the first
 * answer again; other body: 400).
 * It also plays Stripe's side of the webhooks: events signed `t=…,v1=HMAC-SHA256(secret, t.payload)`,
 * written here independently of the SDK so the app's check meets a second implementation.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FakeCheckoutSession,
  type Form,
  newSession,
  randomId,
  StripeInputError,
} from './stripe-checkout.js';
import { parseForm } from './stripe-form.js';

export type { FakeCheckoutSession };

export interface StripeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The form body as sent (flat keys such as `line_items[0][quantity]`). */
  form: Record<string, string>;
  status: number;
}

export interface Delivery {
  status: number;
  body: string;
}

export interface FakeStripe {
  /** Origin for STRIPE_API_BASE_URL (no /v1). */
  url: string;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, FakeCheckoutSession>;
  /** Refunds created through `POST /v1/refunds`. */
  refunds: { id: string; payment_intent: string; amount: number }[];
  requests: StripeRequest[];
  /** Where signed events are posted (Kora's `/webhooks/stripe`). */
  setWebhookUrl(url: string): void;
  /** The customer pays: the session completes and `checkout.session.completed` is sent. */
  complete(sessionId: string): Promise<Delivery & { eventId: string }>;
  /** Stripe expires the session itself (its `expires_at` passed): `checkout.session.expired` is sent. */
  expire(sessionId: string): Promise<Delivery & { eventId: string }>;
  /** The coach refunds the payment in the dashboard: `charge.refunded` is sent. */
  refund(sessionId: string): Promise<Delivery & { eventId: string }>;
  /** Sends an event of any type with `object` (id, timestamp and secret may be forced). */
  send(
    type: string,
    object: unknown,
    options?: { id?: string; timestampSeconds?: number; secret?: string },
  ): Promise<Delivery & { eventId: string }>;
  /** Sends an event sent before again (same id and payload, freshly signed), as Stripe retries. */
  redeliver(eventId: string): Promise<Delivery>;
  /** `t=…,v1=…` for `payload`. */
  sign(payload: string, options?: { timestampSeconds?: number; secret?: string }): string;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function stripeSignature(secret: string, timestamp: number, payload: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

function stripeError(status: number, type: string, message: string, param?: string) {
  return { status, body: { error: { type, message, ...(param ? { param } : {}) } } };
}

export async function startFakeStripe(): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  const sessions = new Map<string, FakeCheckoutSession>();
  const requests: StripeRequest[] = [];
  const refunds: FakeStripe['refunds'] = [];
  const idempotent = new Map<string, { hash: string; status: number; body: unknown }>();
  const events = new Map<string, string>();
  let webhookUrl = '';
  let origin = '';

  function route(method: string, path: string, form: Form): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const session = newSession(form, origin);
      sessions.set(session.id, session);
      return { status: 200, body: session };
    }
    if (method === 'POST' && path === '/v1/refunds') return createRefund(form);
    const match = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    const session = match ? sessions.get(match[1]!) : undefined;
    if (!match || !session)
      return stripeError(404, 'invalid_request_error', `no such route or session: ${path}`);
    if (method === 'GET' && !match[2]) return { status: 200, body: session };
    if (method === 'POST' && match[2]) {
      if (session.status !== 'open')
        return stripeError(400, 'invalid_request_error', `session is ${session.status}, not open`);
      session.status = 'expired';
      session.url = null;
      return { status: 200, body: session };
    }
    return stripeError(404, 'invalid_request_error', `${method} ${path}`);
  }

  function createRefund(form: Form): { status: number; body: unknown } {
    const paid = [...sessions.values()].find((session) => session.payment_intent === form.payment_intent);
    if (!paid) return stripeError(400, 'invalid_request_error', 'No such payment_intent', 'payment_intent');
    if (refunds.some((refund) => refund.payment_intent === paid.payment_intent))
      return stripeError(400, 'invalid_request_error', 'Charge has already been refunded', 'payment_intent');
    const refund = { id: randomId('re'), payment_intent: paid.payment_intent!, amount: paid.amount_total };
    refunds.push(refund);
    return {
      status: 200,
      body: { object: 'refund', status: 'succeeded', currency: paid.currency, ...refund },
    };
  }

  function answer(req: http.IncomingMessage, raw: string, path: string): { status: number; body: unknown } {
    if (req.headers.authorization !== `Bearer ${secretKey}`)
      return stripeError(401, 'invalid_request_error', 'Invalid API Key provided');
    const key = req.headers['idempotency-key'];
    const hash = createHash('sha256').update(`${req.method} ${path} ${raw}`).digest('hex');
    const previous = typeof key === 'string' ? idempotent.get(key) : undefined;
    if (previous && previous.hash !== hash)
      return stripeError(
        400,
        'idempotency_error',
        'Keys for idempotent requests can only be used with the same parameters',
      );
    if (previous) return previous;
    let result: { status: number; body: unknown };
    try {
      result = route(req.method ?? '', path, parseForm(raw));
    } catch (error) {
      if (!(error instanceof StripeInputError)) throw error;
      result = stripeError(400, 'invalid_request_error', error.message, error.param);
    }
    if (typeof key === 'string' && req.method === 'POST') idempotent.set(key, { hash, ...result });
    return result;
  }

  const server = http.createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const path = (req.url ?? '').split('?')[0]!;
        const result = answer(req, raw, path);
        const form = Object.fromEntries(new URLSearchParams(raw));
        requests.push({ method: req.method ?? '', path, headers: req.headers, form, status: result.status });
        res.writeHead(result.status, { 'content-type': 'application/json', 'request-id': randomId('req') });
        res.end(JSON.stringify(result.body));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sign = (payload: string, options: { timestampSeconds?: number; secret?: string } = {}) =>
    stripeSignature(
      options.secret ?? webhookSecret,
      options.timestampSeconds ?? Math.floor(Date.now() / 1000),
      payload,
    );

  async function post(payload: string, signature: string): Promise<Delivery> {
    if (!webhookUrl) throw new Error('fake Stripe: setWebhookUrl first');
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
      body: payload,
    });
    return { status: response.status, body: await response.text() };
  }

  async function send(
    type: string,
    object: unknown,
    options: { id?: string; timestampSeconds?: number; secret?: string } = {},
  ) {
    const eventId = options.id ?? randomId('evt');
    const payload = JSON.stringify(
      {
        id: eventId,
        object: 'event',
        api_version: '2026-11-18.endive',
        created: Math.floor(Date.now() / 1000),
        type,
        data: { object },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
      },
      null,
      2,
    );
    events.set(eventId, payload);
    return { eventId, ...(await post(payload, sign(payload, options))) };
  }

  function sessionOf(id: string): FakeCheckoutSession {
    const session = sessions.get(id);
    if (!session) throw new Error(`fake Stripe: no session ${id}`);
    return session;
  }

  return {
    url: origin,
    secretKey,
    webhookSecret,
    sessions,
    refunds,
    requests,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    complete(sessionId) {
      const session = sessionOf(sessionId);
      session.status = 'complete';
      session.payment_status = 'paid';
      session.payment_intent = randomId('pi');
      session.url = null;
      return send('checkout.session.completed', session);
    },
    expire(sessionId) {
      const session = sessionOf(sessionId);
      session.status = 'expired';
      session.url = null;
      return send('checkout.session.expired', session);
    },
    refund(sessionId) {
      const session = sessionOf(sessionId);
      if (!session.payment_intent) throw new Error(`fake Stripe: session ${sessionId} was not paid`);
      const charge = {
        id: randomId('ch'),
        object: 'charge',
        amount: session.amount_total,
        amount_refunded: session.amount_total,
        currency: session.currency,
        payment_intent: session.payment_intent,
        refunded: true,
        status: 'succeeded',
      };
      return send('charge.refunded', charge);
    },
    send,
    async redeliver(eventId) {
      const payload = events.get(eventId);
      if (!payload) throw new Error(`fake Stripe: no event ${eventId}`);
      return post(payload, sign(payload));
    },
    sign,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
