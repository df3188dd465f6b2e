/**
 * A fake Bot Framework on 127.0.0.1 for the real Agents SDK: the OpenID metadata and JWKS whose RSA
 * key signs the test tokens (`MICROSOFT_OPENID_METADATA_URL`), the client-credentials token endpoint
 * (`MICROSOFT_LOGIN_URL`/{tenant}/oauth2/v2.0/token), and the Bot Connector the activities' serviceUrl
 * points to (`POST /v3/conversations/:id/activities[/:activityId]`, bearer token required, scripted
 * failures such as a 429 with Retry-After). It also plays Teams' side: signing and posting activities.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const ISSUER = 'https://api.botframework.com';
const KID = 'kora-test-key';

export interface PostedActivity {
  conversationId: string;
  replyToId?: string;
  activity: Record<string, unknown>;
  receivedAt: number;
}

export interface ScriptedFailure {
  status: number;
  retryAfter?: string;
  /** The activity type it fails (default `message`: a typing indicator passes). */
  activityType?: string;
}

export interface TokenClaims {
  aud?: string;
  iss?: string;
  serviceurl?: string | undefined;
  /** Seconds from now (negative: in the past). */
  expiresIn?: number;
  notBeforeIn?: number;
}

export interface SignOptions {
  /** Sign with a key the metadata does not publish (a forgery), under the published kid or another. */
  key?: 'published' | 'forged';
  kid?: string;
  algorithm?: 'RS256' | 'HS256' | 'none';
}

export interface FakeBotFramework {
  url: string;
  /** The serviceUrl activities carry (the connector lives here). */
  serviceUrl: string;
  openIdMetadataUrl: string;
  appId: string;
  appPassword: string;
  /** Accepted posts to the connector, in order. */
  posted: PostedActivity[];
  /** Every connector call, failed ones included. */
  attempts: PostedActivity[];
  tokenRequests: URLSearchParams[];
  failNext(...failures: ScriptedFailure[]): void;
  sign(claims?: TokenClaims, options?: SignOptions): string;
  close(): Promise<void>;
}

function keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const CONNECTOR = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

export async function startFakeBotFramework(appId = randomUUID()): Promise<FakeBotFramework> {
  const published = keyPair();
  const forged = keyPair();
  const appPassword = randomBytes(16).toString('hex');
  const issued = new Set<string>();
  const failures: ScriptedFailure[] = [];
  const posted: PostedActivity[] = [];
  const attempts: PostedActivity[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let url = '';
  let sequence = 0;

  async function connector(req: http.IncomingMessage, res: http.ServerResponse, match: RegExpExecArray) {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const activity = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const post: PostedActivity = {
      conversationId: decodeURIComponent(match[1]!),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      activity,
      receivedAt: Date.now(),
    };
    attempts.push(post);
    if (!token || !issued.has(token)) return json(res, 401, { error: { code: 'Unauthorized' } });
    const type = typeof activity.type === 'string' ? activity.type : 'message';
    const index = failures.findIndex((f) => (f.activityType ?? 'message') === type);
    const failure = index >= 0 ? failures.splice(index, 1)[0] : undefined;
    if (failure) {
      const headers: Record<string, string> = failure.retryAfter ? { 'retry-after': failure.retryAfter } : {};
      return json(res, failure.status, { error: { code: 'Throttled', message: 'scripted' } }, headers);
    }
    posted.push(post);
    json(res, 201, { id: `activity-${++sequence}` });
  }

  async function tokenEndpoint(req: http.IncomingMessage, res: http.ServerResponse) {
    const form = new URLSearchParams(await readBody(req));
    tokenRequests.push(form);
    if (form.get('client_id') !== appId || form.get('client_secret') !== appPassword) {
      return json(res, 401, { error: 'invalid_client' });
    }
    const token = randomBytes(24).toString('base64url');
    issued.add(token);
    json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
  }

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const match = CONNECTOR.exec(path);
    if (req.method === 'POST' && match) return void connector(req, res, match);
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path))
      return void tokenEndpoint(req, res);
    if (path === '/v1/.well-known/openidconfiguration') {
      return json(res, 200, {
        issuer: ISSUER,
        jwks_uri: `${url}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === '/v1/.well-known/keys') {
      const jwk = published.publicKey.export({ format: 'jwk' });
      return json(res, 200, {
        keys: [{ ...jwk, kid: KID, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }],
      });
    }
    json(res, 404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serviceUrl = `${url}/`;

  return {
    url,
    serviceUrl,
    openIdMetadataUrl: `${url}/v1/.well-known/openidconfiguration`,
    appId,
    appPassword,
    posted,
    attempts,
    tokenRequests,
    failNext: (...more) => failures.push(...more),
    sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = {
        aud: claims.aud ?? appId,
        iss: claims.iss ?? ISSUER,
        nbf: now + (claims.notBeforeIn ?? -60),
        exp: now + (claims.expiresIn ?? 3600),
      };
      const serviceurl = 'serviceurl' in claims ? claims.serviceurl : serviceUrl;
      if (serviceurl !== undefined) payload.serviceurl = serviceurl;
      const algorithm = options.algorithm ?? 'RS256';
      if (algorithm === 'none') return jwt.sign(payload, '', { algorithm: 'none', keyid: KID });
      if (algorithm === 'HS256') return jwt.sign(payload, appPassword, { algorithm, keyid: KID });
      const key = options.key === 'forged' ? forged.privateKey : published.privateKey;
      return jwt.sign(payload, key, { algorithm, keyid: options.kid ?? KID });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ActivityOptions {
  id?: string;
  text: string;
  conversationId: string;
  kind?: 'personal' | 'groupChat' | 'channel';
  user?: { id: string; name: string; aadObjectId?: string };
  /** Mention the bot (`<at>Kora</at>` in the text and a mention entity). */
  mention?: boolean;
  serviceUrl?: string;
}

/** An activity as Teams posts it for a message to the bot. */
export function teamsMessage(bf: Pick<FakeBotFramework, 'appId' | 'serviceUrl'>, options: ActivityOptions) {
  const kind = options.kind ?? 'personal';
  const user = options.user ?? { id: '29:1user', name: 'Ada Lovelace', aadObjectId: randomUUID() };
  const bot = { id: `28:${bf.appId}`, name: 'Kora' };
  const mention = options.mention ? '<at>Kora</at>' : '';
  return {
    type: 'message',
    id: options.id ?? `${Date.now()}${randomBytes(3).toString('hex')}`,
    timestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl ?? bf.serviceUrl,
    channelId: 'msteams',
    from: user,
    conversation: {
      id: options.conversationId,
      conversationType: kind,
      tenantId: 'tenant-1',
      ...(kind === 'personal'
        ? {}
        : { isGroup: true, name: kind === 'groupChat' ? 'Yoga friends' : undefined }),
    },
    recipient: bot,
    textFormat: 'plain',
    text: mention ? `${mention} ${options.text}` : options.text,
    entities: mention ? [{ type: 'mention', text: mention, mentioned: bot }] : [],
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

/** Posts an activity to the app as the Bot Connector does. */
export async function postActivity(appUrl: string, activity: unknown, token: string | null) {
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}
