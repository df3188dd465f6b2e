/**
 * Checks the Bot Framework token of an inbound activity. The SDK's `authorizeJWT` always reads keys
 * from login.botframework.com (STACK.md), so this does what it does with the configured OpenID
 * metadata: RS256 only, issuer https://api.botframework.com, audience = the app id, 5 minutes of
 * clock skew, the signing key found by `kid` in the metadata's JWKS (jwks-rsa caches and rate-limits
 * key fetches), and the `serviceurl` claim must name the activity's `serviceUrl`.
 */
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { ForbiddenError, UnauthorizedError } from '../../core/errors.js';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
const CLOCK_TOLERANCE_S = 300;

export interface BotTokenVerifierOptions {
  appId: string;
  openIdMetadataUrl: string;
  /** Metadata is fetched again after this long (keys roll over every few weeks). */
  metadataTtlMs?: number;
}

export type BotClaims = JwtPayload & { serviceurl?: string };

/** Compares service URLs as Bot Framework does: scheme, host and path, ignoring case and a trailing slash. */
export function sameServiceUrl(a: string, b: string): boolean {
  const canon = (value: string) => value.trim().replace(/\/+$/, '').toLowerCase();
  return canon(a) === canon(b);
}

export class BotTokenVerifier {
  readonly #options: BotTokenVerifierOptions;
  #jwks: { client: JwksClient; until: number } | null = null;

  constructor(options: BotTokenVerifierOptions) {
    this.#options = options;
  }

  /** The key set of the current metadata (fetched again after its TTL). */
  async #client(): Promise<JwksClient> {
    if (this.#jwks && this.#jwks.until > Date.now()) return this.#jwks.client;
    const response = await fetch(this.#options.openIdMetadataUrl, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`OpenID metadata answered ${response.status}`);
    const metadata = (await response.json()) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('OpenID metadata has no jwks_uri');
    const client = new JwksClient({ jwksUri: metadata.jwks_uri, cache: true, rateLimit: true });
    this.#jwks = { client, until: Date.now() + (this.#options.metadataTtlMs ?? 24 * 3600_000) };
    return client;
  }

  /**
   * The claims of a valid `Authorization: Bearer …` header for an activity posted with `serviceUrl`.
   * UnauthorizedError (401) for a missing, forged, expired or wrong-audience token; ForbiddenError
   * (403) when the token was issued for another service URL.
   */
  async verify(authorization: string | undefined, serviceUrl: string | undefined): Promise<BotClaims> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedError('a Bot Framework bearer token is required', 'invalid_token');
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (decoded?.header.alg !== 'RS256' || !kid) {
      throw new UnauthorizedError('the token is not an RS256 token with a key id', 'invalid_token');
    }
    const key = await this.#signingKey(kid);
    const claims = this.#checked(token, key);
    const claimed = claims.serviceurl;
    if (typeof claimed !== 'string' || !serviceUrl || !sameServiceUrl(claimed, serviceUrl)) {
      throw new ForbiddenError(
        'the serviceUrl is not the one the token was issued for',
        'service_url_mismatch',
      );
    }
    return claims;
  }

  async #signingKey(kid: string): Promise<string> {
    const client = await this.#client();
    try {
      return (await client.getSigningKey(kid)).getPublicKey();
    } catch {
      throw new UnauthorizedError('the token is signed with an unknown key', 'invalid_token');
    }
  }

  #checked(token: string, key: string): BotClaims {
    try {
      return jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: BOT_FRAMEWORK_ISSUER,
        audience: this.#options.appId,
        clockTolerance: CLOCK_TOLERANCE_S,
      }) as BotClaims;
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid';
      throw new UnauthorizedError(`the token is not valid: ${reason}`, 'invalid_token');
    }
  }
}
