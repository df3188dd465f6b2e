/**
 * A fake Resend API on 127.0.0.1 for the real `resend` SDK (RESEND_BASE_URL): `POST /emails`,
 * `POST /emails/batch` (at most 100), `GET /emails/receiving/:id`; Bearer key checked; Idempotency-Key
 * honoured as Resend documents it (same key and body: the first answer again, no new email; same key,
 * other body: 409); scripted failures (429 with Retry-After). It also plays Resend's side of the
 * webhooks: payloads signed in the Svix format (HMAC-SHA256 over `id.timestamp.body`), written here
 * independently of the SDK so the app's check meets a second implementation.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
  reply_to?: string | string[];
  tags?: { name: string; value: string }[];
  /** Files by address (`path`) or content; Resend refuses them in a batch. */
  attachments?: { path?: string; content?: string; filename?: string; content_type?: string }[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
  at: number;
}

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html?: string | null;
  message_id?: string;
  /** Metadata as the receiving API gives it (no content: that is a separate, signed download). */
  attachments?: {
    id: string;
    filename: string | null;
    size: number;
    content_type: string;
    content_id: string | null;
    content_disposition: string | null;
  }[];
}

export interface FakeResend {
  url: string;
  apiKey: string;
  webhookSecret: string;
  sent: SentEmail[];
  requests: RecordedRequest[];
  /** The next send requests (single or batch) fail with these statuses, in order. */
  failNext(...failures: { status: number; retryAfterSeconds?: number }[]): void;
  /** An inbound email the receiving API serves (under `id` when given); returns its id. */
  receive(email: ReceivedEmail, id?: string): string;
  /** Svix headers for `body`, signed now (or at `timestampSeconds`), with `id` (a new one by default). */
  sign(
    body: string,
    options?: { id?: string; timestampSeconds?: number; secret?: string },
  ): Record<string, string>;
  waitForSent(count: number, timeoutMs?: number): Promise<SentEmail[]>;
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

export function svixSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export async function startFakeResend(): Promise<FakeResend> {
  const apiKey = `re_fake_${randomBytes(8).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const sent: SentEmail[] = [];
  const requests: RecordedRequest[] = [];
  const failures: { status: number; retryAfterSeconds?: number }[] = [];
  const inbound = new Map<string, ReceivedEmail & { created_at: string }>();
  const idempotent = new Map<string, { hash: string; status: number; answer: unknown }>();
  const waiters: (() => void)[] = [];

  function answer(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function accept(emails: SentEmail[]): string[] {
    const ids = emails.map((email) => {
      const id = randomUUID();
      sent.push({ ...email, id });
      return id;
    });
    for (const wake of waiters.splice(0)) wake();
    return ids;
  }

  function send(path: string, payload: unknown): { status: number; answer: unknown } {
    if (path === '/emails/batch') {
      if (!Array.isArray(payload) || payload.length === 0 || payload.length > 100) {
        return {
          status: 422,
          answer: { statusCode: 422, name: 'validation_error', message: 'batch of 1 to 100' },
        };
      }
      if ((payload as SentEmail[]).some((email) => email.attachments !== undefined)) {
        return {
          status: 422,
          answer: {
            statusCode: 422,
            name: 'validation_error',
            message: 'attachments are not supported in batch',
          },
        };
      }
      return { status: 200, answer: { data: accept(payload as SentEmail[]).map((id) => ({ id })) } };
    }
    return { status: 200, answer: { id: accept([payload as SentEmail])[0] } };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0]!;
    const body = raw ? JSON.parse(raw) : null;
    const record = (status: number) =>
      requests.push({ method: req.method ?? '', path, headers: req.headers, body, status, at: Date.now() });
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      record(401);
      return answer(res, 401, { statusCode: 401, name: 'missing_api_key', message: 'bad key' });
    }
    if (req.method === 'GET' && path.startsWith('/emails/receiving/')) {
      const email = inbound.get(path.slice('/emails/receiving/'.length));
      record(email ? 200 : 404);
      if (!email) return answer(res, 404, { statusCode: 404, name: 'not_found', message: 'no such email' });
      return answer(res, 200, { object: 'email', id: path.split('/').pop(), attachments: [], ...email });
    }
    if (req.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      record(404);
      return answer(res, 404, { statusCode: 404, name: 'not_found', message: `${req.method} ${path}` });
    }
    const failure = failures.shift();
    if (failure) {
      record(failure.status);
      const headers: Record<string, string> = failure.retryAfterSeconds
        ? { 'retry-after': String(failure.retryAfterSeconds) }
        : {};
      const name = failure.status === 429 ? 'rate_limit_exceeded' : 'application_error';
      return answer(res, failure.status, { statusCode: failure.status, name, message: name }, headers);
    }
    const key = req.headers['idempotency-key'];
    const hash = createHash('sha256').update(`${path} ${raw}`).digest('hex');
    if (typeof key === 'string') {
      const previous = idempotent.get(key);
      if (previous && previous.hash !== hash) {
        record(409);
        return answer(res, 409, {
          statusCode: 409,
          name: 'invalid_idempotent_request',
          message: 'other body',
        });
      }
      if (previous) {
        record(previous.status);
        return answer(res, previous.status, previous.answer);
      }
    }
    const result = send(path, body);
    if (typeof key === 'string' && result.status === 200) idempotent.set(key, { hash, ...result });
    record(result.status);
    answer(res, result.status, result.answer);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiKey,
    webhookSecret,
    sent,
    requests,
    failNext: (...next) => failures.push(...next),
    receive(email, id = randomUUID()) {
      inbound.set(id, { ...email, created_at: new Date().toISOString() });
      return id;
    },
    sign(body, options = {}) {
      const id = options.id ?? `msg_${randomBytes(12).toString('hex')}`;
      const timestamp = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
      return {
        'svix-id': id,
        'svix-timestamp': String(timestamp),
        'svix-signature': svixSignature(options.secret ?? webhookSecret, id, timestamp, body),
      };
    },
    async waitForSent(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} emails, got ${sent.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return sent.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
