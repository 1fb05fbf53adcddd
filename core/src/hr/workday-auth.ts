/**
 * Workday authentication: an Integration System User over HTTP Basic (what Code42's own Workday flow uses), or an
 * API client's refresh token exchanged at `/ccx/oauth2/{tenant}/token` for a bearer token (about an hour long).
 * The bearer is cached until a minute before it expires and refreshed once when the report answers 401.
 */
import type { Clock } from '../http/clock.js';
import type { ExecResult } from '../http/executor.js';
import { basicAuth, callHr, excerpt, parseJsonBody, type HttpSettings } from './http.js';
import { HrInputError, requireText } from './connector.js';

export interface WorkdayOAuth {
  /** `https://{host}/ccx/oauth2/{tenant}/token` */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface WorkdayCredentials {
  username?: string;
  password?: string;
  oauth?: WorkdayOAuth;
}

export interface WorkdayAuth {
  /** Values the error redactor must know; grows as bearer tokens are issued. */
  readonly secrets: string[];
  readonly refreshable: boolean;
  authorization(signal?: AbortSignal): Promise<string>;
  /** Forget the cached bearer (after a 401), so the next call fetches a new one. */
  invalidate(): void;
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
}

function describeTokenFailure(status: number, response: ExecResult): string {
  if (status === 400 || status === 401) {
    return `HTTP ${status}: Workday refused the refresh token or the API client's id and secret.`;
  }
  return `HTTP ${status} from the Workday token endpoint: ${excerpt(response.bodyText)}`;
}

export function createWorkdayAuth(
  credentials: WorkdayCredentials,
  settings: Omit<HttpSettings, 'describeFailure' | 'secrets'>,
  clock: Clock,
): WorkdayAuth {
  if (credentials.oauth) {
    if (credentials.username || credentials.password) {
      throw new HrInputError('give Workday either an integration user and password or OAuth settings, not both');
    }
    const oauth = {
      tokenUrl: requireText(credentials.oauth.tokenUrl, 'Workday OAuth token URL'),
      clientId: requireText(credentials.oauth.clientId, 'Workday OAuth client id'),
      clientSecret: requireText(credentials.oauth.clientSecret, 'Workday OAuth client secret'),
      refreshToken: requireText(credentials.oauth.refreshToken, 'Workday OAuth refresh token'),
    };
    const secrets = [oauth.clientSecret, oauth.refreshToken, encodeURIComponent(oauth.refreshToken), encodeURIComponent(oauth.clientSecret)];
    let cached: { token: string; expiresAt: number } | null = null;
    let inFlight: Promise<string> | null = null;
    const fetchToken = async (signal?: AbortSignal): Promise<string> => {
      const tokenSettings: HttpSettings = { ...settings, secrets, describeFailure: describeTokenFailure };
      const response = await callHr(tokenSettings, {
        operation: 'Workday OAuth token',
        method: 'POST',
        url: oauth.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: oauth.refreshToken,
          client_id: oauth.clientId,
          client_secret: oauth.clientSecret,
        }).toString(),
        signal,
      });
      const answer = parseJsonBody<TokenAnswer>(tokenSettings, 'Workday OAuth token', response);
      if (typeof answer.access_token !== 'string' || answer.access_token === '') {
        throw new HrInputError('Workday OAuth token failed: the answer has no access_token');
      }
      const lifetime = typeof answer.expires_in === 'number' ? answer.expires_in : 3600;
      secrets.push(answer.access_token);
      cached = { token: answer.access_token, expiresAt: clock.now() + Math.max(0, lifetime - 60) * 1000 };
      return answer.access_token;
    };
    return {
      secrets,
      refreshable: true,
      async authorization(signal) {
        if (cached && cached.expiresAt > clock.now()) return `Bearer ${cached.token}`;
        // Concurrent callers share one token request.
        inFlight ??= fetchToken(signal).finally(() => {
          inFlight = null;
        });
        return `Bearer ${await inFlight}`;
      },
      invalidate() {
        cached = null;
      },
    };
  }
  const username = requireText(credentials.username, 'Workday integration user');
  const password = requireText(credentials.password, 'Workday password');
  const header = basicAuth(username, password);
  return {
    secrets: [password, header],
    refreshable: false,
    authorization: async () => header,
    invalidate() {},
  };
}
