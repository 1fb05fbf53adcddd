import type { Clock } from '../http/clock.js';
import type { TokenResponse } from './types.js';

/**
 * Holds the bearer token for one API client. The token is reused until shortly before it expires; callers that
 * arrive while a token request is in flight wait for that same request instead of starting their own (a burst of
 * parallel pagers would otherwise each fetch a token).
 */
export interface TokenProvider {
  /** A currently valid token, fetching one if needed. */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * Drops `rejected` (the token a call just got a 401 with) and returns a fresh one. If another caller already
   * replaced it, that newer token is returned without a second request.
   */
  refresh(rejected: string, signal?: AbortSignal): Promise<string>;
}

/**
 * Fetches a token: the one HTTP call that sends the client secret. It gets no caller signal because several callers
 * share it; the executor's per-attempt timeout bounds it instead.
 */
export type FetchToken = () => Promise<TokenResponse>;

export function createTokenProvider(fetchToken: FetchToken, clock: Clock): TokenProvider {
  let current: { token: string; renewAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  function request(signal?: AbortSignal): Promise<string> {
    if (!inFlight) {
      const started = clock.now();
      inFlight = fetchToken()
        .then((answer) => {
          current = { token: answer.access_token, renewAt: started + usableLifetimeMs(answer.expires_in) };
          return answer.access_token;
        })
        .finally(() => {
          inFlight = undefined;
        });
    }
    return untilAborted(inFlight, signal);
  }

  return {
    get(signal) {
      if (current && clock.now() < current.renewAt) return Promise.resolve(current.token);
      return request(signal);
    },
    refresh(rejected, signal) {
      if (current && current.token !== rejected && clock.now() < current.renewAt) {
        return Promise.resolve(current.token);
      }
      if (current?.token === rejected) current = undefined;
      return request(signal);
    },
  };
}

/**
 * Renew a little before expiry so a token never lapses between our check and the server's: a tenth of the
 * lifetime, at most a minute. Measured from when we asked, not when the answer arrived.
 */
function usableLifetimeMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds) * 1000;
  return lifetime - Math.min(60_000, lifetime / 10);
}

/** Lets one waiter give up on a shared promise without cancelling it for the others. */
function untilAborted<T>(shared: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    shared.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
