/**
 * OAuth for the sandbox: HTTP basic client id/secret → a JWT-shaped bearer token whose payload carries
 * `tenantUid`. Tokens live in memory and expire against the injected clock, so tests can age them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from './errors.js';
import type { Clock } from './state.js';
import type { ApiClient } from './world-types.js';

interface Issued {
  client: ApiClient;
  expiresAt: number;
}

export class TokenIssuer {
  private readonly signingKey = randomBytes(32);
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly clients: ApiClient[],
    private readonly tenantUid: string,
    private readonly clock: Clock,
    private lifetimeSeconds: () => number,
  ) {}

  /** Checks an `Authorization: Basic …` header and issues a token. */
  issue(authorization: string | undefined): { access_token: string; token_type: string; expires_in: number } {
    const client = this.clientFromBasic(authorization);
    const lifetime = this.lifetimeSeconds();
    const nowMs = this.clock.now();
    const payload = {
      sub: client.clientId,
      tenantUid: this.tenantUid,
      iat: Math.floor(nowMs / 1000),
      exp: Math.floor(nowMs / 1000) + lifetime,
      jti: randomBytes(8).toString('hex'),
    };
    const unsigned = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    const token = `${unsigned}.${createHmac('sha256', this.signingKey).update(unsigned).digest('base64url')}`;
    this.issued.set(token, { client, expiresAt: nowMs + lifetime * 1000 });
    return { access_token: token, token_type: 'bearer', expires_in: lifetime };
  }

  /** Resolves a bearer header to its API client; 401 when missing, unknown or expired. */
  verify(authorization: string | undefined): ApiClient {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('Missing bearer token: send "Authorization: Bearer <token>" from POST /v1/oauth.');
    const found = this.issued.get(match[1] as string);
    if (!found) throw unauthorized('The bearer token is not valid for this tenant.');
    if (this.clock.now() >= found.expiresAt) {
      this.issued.delete(match[1] as string);
      throw unauthorized('The bearer token has expired; request a new one from POST /v1/oauth.');
    }
    return found.client;
  }

  private clientFromBasic(authorization: string | undefined): ApiClient {
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw unauthorized('Missing client credentials: send HTTP basic auth with the API client id and secret.');
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = colon < 0 ? decoded : decoded.slice(0, colon);
    const secret = colon < 0 ? '' : decoded.slice(colon + 1);
    const client = this.clients.find((c) => c.clientId === id);
    // The message never echoes the secret, and never says which half was wrong.
    if (!client || !sameText(client.clientSecret, secret)) throw unauthorized('Invalid API client id or secret.');
    return client;
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
