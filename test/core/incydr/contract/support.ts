import { startIncydrSandbox, type RunningIncydrSandbox, type StartOptions } from '../../../../sandbox/incydr/server.js';
import { DEMO_API_CLIENT } from '../../../../sandbox/incydr/generator.js';
import { systemClock, type Clock } from '../../../../core/src/http/clock.js';
import { createIncydrClient, type IncydrClientOptions } from '../../../../core/src/incydr/client.js';
import type { World } from '../../../../sandbox/incydr/world-types.js';

/** One seed for every contract test, so a failure reproduces. */
export const SEED = 4242;

/**
 * Starts the real sandbox on a free loopback port and returns a client talking to it over real HTTP. `world` is
 * our own copy taken at start, so `truth`/`tenant` stay as generated however the tests mutate the tenant.
 */
export async function startTenant(options: StartOptions = {}) {
  const sandbox: RunningIncydrSandbox = await startIncydrSandbox({ generator: { seed: SEED, users: 120 }, adminRoutes: true, ...options });
  const world = structuredClone(sandbox.world) as World;
  const sleeps: number[] = [];
  let offsetMs = 0;
  // Real time (the sandbox runs on it too), but every wait is recorded so tests can check Retry-After and backoff,
  // and `advanceBoth` moves client and server forward together without anyone sleeping.
  const clock: Clock = { now: () => systemClock.now() + offsetMs, sleep: (ms, signal) => (sleeps.push(ms), systemClock.sleep(ms, signal)) };
  const advanceBoth = async (seconds: number) => {
    offsetMs += seconds * 1000;
    await admin(sandbox, 'POST', '/clock/advance', { seconds });
  };
  const connect = (extra: Partial<IncydrClientOptions> = {}) =>
    createIncydrClient({
      baseUrl: sandbox.url,
      clientId: DEMO_API_CLIENT.clientId,
      clientSecret: DEMO_API_CLIENT.clientSecret,
      clock,
      random: () => 0,
      limits: { requestsPerSecond: 1000, maxConcurrency: 4, timeoutMs: 10_000 },
      ...extra,
    });
  return { sandbox, world, client: connect(), connect, sleeps, advanceBoth };
}

export type Tenant = Awaited<ReturnType<typeof startTenant>>;

/** Calls the sandbox's test-only admin routes over HTTP. */
export async function admin(sandbox: RunningIncydrSandbox, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`admin ${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

export const sorted = (values: Iterable<string>) => [...values].sort();
