/** Test helpers: start a real sandbox on port 0 and talk to it over HTTP like a client would. */
import { generateWorld, DEMO_API_CLIENT } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox, type RunningIncydrSandbox, type StartOptions } from '../../../sandbox/incydr/server.js';
import type { World } from '../../../sandbox/incydr/world-types.js';

export const NOW = '2026-11-25T12:00:00.000Z';

const worlds = new Map<string, World>();

/** Generated once per (seed, users) per test file: generation is deterministic, so sharing is safe. */
export function world(seed: number, users: number): World {
  const key = `${seed}/${users}`;
  let w = worlds.get(key);
  if (!w) {
    w = generateWorld({ seed, users, now: NOW });
    worlds.set(key, w);
  }
  return w;
}

/** A clock tests can move. */
export function manualClock(start = Date.parse(NOW)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

export interface Api {
  sandbox: RunningIncydrSandbox;
  token: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
  json<T = Record<string, unknown>>(path: string): Promise<T>;
  close(): Promise<void>;
}

export function basicAuth(id: string = DEMO_API_CLIENT.clientId, secret: string = DEMO_API_CLIENT.clientSecret): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function fetchToken(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/oauth`, { method: 'POST', headers: { Authorization: basicAuth() } });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function startApi(options: StartOptions = {}): Promise<Api> {
  const sandbox = await startIncydrSandbox({ clock: manualClock(), ...options, world: options.world ?? world(1, 60) });
  const token = await fetchToken(sandbox.url);
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    sandbox,
    token,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    json: async <T,>(path: string) => {
      const res = await call('GET', path);
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: () => sandbox.close(),
  };
}
