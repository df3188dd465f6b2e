/**
 * A fake Twilio REST API on 127.0.0.1 for the real `twilio` SDK (TWILIO_API_BASE_URL): Messages
 * create (`POST /2010-04-01/Accounts/:sid/Messages.json`) answering a sid and "queued", Basic auth
 * checked, scripted failures with Twilio's codes (63016, 21610, 429 with Retry-After). It also plays
 * Twilio's side of the webhooks: form posts signed with HMAC-SHA1 as Twilio documents it (written
 * here independently of the SDK, so the app's signature check is tested against a second implementation).
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  sid: string;
  accountSid: string;
  params: Record<string, string | string[]>;
  /** The headers the SDK sent, lower-case. */
  headers: http.IncomingHttpHeaders;
  /** When the fake accepted it (ms since the epoch): pacing is checked on these. */
  receivedAt: number;
}

export interface ScriptedFailure {
  status: number;
  code: number;
  message: string;
  retryAfterSeconds?: number;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages created (accepted), in order. */
  sent: SentMessage[];
  /** Every create request, failed ones included. */
  requests: number;
  /** The next creates fail with these, in order (one each). */
  failNext(...failures: ScriptedFailure[]): void;
  /** Creates to this recipient (`to` as sent) always fail. */
  failFor(to: string, failure: ScriptedFailure): void;
  /**
   * Runs (and awaits) `hook` with each accepted message before answering its create: what Twilio's
   * status callbacks do when they overtake the create's answer. null removes it.
   */
  beforeAnswer(hook: ((message: SentMessage) => Promise<void>) | null): void;
  /** Resolves once `count` messages have been accepted. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  close(): Promise<void>;
}

export function newSid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const current = out[key];
    if (current === undefined) out[key] = value;
    else out[key] = Array.isArray(current) ? [...current, value] : [current, value];
  }
  return out;
}

export async function startFakeTwilio(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? newSid('AC');
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const sent: SentMessage[] = [];
  const queue: ScriptedFailure[] = [];
  const perRecipient = new Map<string, ScriptedFailure>();
  const waiters: (() => void)[] = [];
  let requests = 0;
  let beforeAnswer: ((message: SentMessage) => Promise<void>) | null = null;

  function json(
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: http.OutgoingHttpHeaders = {},
  ) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  function fail(res: http.ServerResponse, failure: ScriptedFailure) {
    const headers =
      failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
    json(
      res,
      failure.status,
      {
        code: failure.code,
        message: failure.message,
        more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
        status: failure.status,
      },
      headers,
    );
  }

  const server = http.createServer(async (req, res) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (!match || req.method !== 'POST') {
      return fail(res, { status: 404, code: 20404, message: 'The requested resource was not found' });
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || match[1] !== accountSid) {
      return fail(res, { status: 401, code: 20003, message: 'Authenticate' });
    }
    requests++;
    const params = parseForm(await readBody(req));
    const to = String(params.To ?? '');
    const scripted = queue.shift() ?? perRecipient.get(to);
    if (scripted) return fail(res, scripted);
    if (!params.To || (!params.From && !params.MessagingServiceSid)) {
      return fail(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    }
    if (!params.Body && !params.ContentSid && !params.MediaUrl) {
      return fail(res, {
        status: 400,
        code: 21619,
        message: 'A text message body or media URL must be specified.',
      });
    }
    const sid = newSid(params.MediaUrl ? 'MM' : 'SM');
    const accepted = { sid, accountSid, params, headers: req.headers, receivedAt: Date.now() };
    sent.push(accepted);
    for (const wake of waiters.splice(0)) wake();
    if (beforeAnswer) await beforeAnswer(accepted);
    const now = new Date().toUTCString();
    json(res, 201, {
      sid,
      account_sid: accountSid,
      to: params.To,
      from: params.From ?? null,
      messaging_service_sid: params.MessagingServiceSid ?? null,
      body: params.Body ?? '',
      status: 'queued',
      num_segments: '1',
      num_media: params.MediaUrl ? String([params.MediaUrl].flat().length) : '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: now,
      date_updated: now,
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    sent,
    get requests() {
      return requests;
    },
    failNext: (...failures) => queue.push(...failures),
    failFor: (to, failure) => perRecipient.set(to, failure),
    beforeAnswer: (hook) => {
      beforeAnswer = hook;
    },
    async waitForSent(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (sent.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} messages at the fake Twilio, got ${sent.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return sent.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Twilio's signature: base64 HMAC-SHA1 of the full URL followed by each param name and value, names sorted. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * Posts a webhook as Twilio would: signed for `publicUrl + path` (the URL Twilio was given), sent to
 * `appUrl + path` (where the app really listens, e.g. behind a proxy). `signature` overrides it (forgeries).
 */
export async function postTwilioWebhook(
  target: { appUrl: string; publicUrl: string; authToken: string },
  path: string,
  params: Record<string, string>,
  signature?: string,
): Promise<{ status: number; contentType: string | null; body: string }> {
  const response = await fetch(`${target.appUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature':
        signature ?? twilioSignature(target.authToken, `${target.publicUrl}${path}`, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** An inbound WhatsApp message post as Twilio sends it (recorded shape). */
export function whatsappInbound(
  accountSid: string,
  from: string,
  to: string,
  body: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const sid = extra.MessageSid ?? newSid('SM');
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    ProfileName: 'Ada Lovelace',
    MessageType: 'text',
    SmsSid: sid,
    WaId: from.replace(/^\+/, ''),
    SmsStatus: 'received',
    Body: body,
    To: to,
    NumSegments: '1',
    ReferralNumMedia: '0',
    MessageSid: sid,
    AccountSid: accountSid,
    From: `whatsapp:${from}`,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** An inbound SMS post as Twilio sends it (recorded shape). */
export function smsInbound(
  accountSid: string,
  from: string,
  to: string,
  body: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const sid = extra.MessageSid ?? newSid('SM');
  return {
    ToCountry: 'CH',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'CH',
    To: to,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** A status callback post for a message the app sent. */
export function statusCallback(
  message: SentMessage,
  status: string,
  error?: { code: string; message?: string },
): Record<string, string> {
  const to = String(message.params.To);
  const whatsapp = to.startsWith('whatsapp:');
  return {
    SmsSid: message.sid,
    SmsStatus: status,
    MessageStatus: status,
    To: to,
    MessageSid: message.sid,
    AccountSid: message.accountSid,
    From: String(message.params.From ?? ''),
    ApiVersion: '2010-04-01',
    ...(whatsapp ? { ChannelPrefix: 'whatsapp', ChannelToAddress: to.slice('whatsapp:+'.length) } : {}),
    ...(error ? { ErrorCode: error.code, ...(error.message ? { ErrorMessage: error.message } : {}) } : {}),
  };
}
