/**
 * The Incydr sandbox: a Hono app over an in-memory tenant, served on real HTTP by @hono/node-server.
 * `createIncydrSandbox` builds the app; `startIncydrSandbox` listens (port 0 = a free port) and returns its URL.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { TokenIssuer } from './auth.js';
import { SandboxHttpError } from './errors.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { generateWorld, type GenerateOptions } from './generator.js';
import type { SandboxEnv } from './http.js';
import { IncydrState, type Clock } from './state.js';
import type { TenantData, World } from './world-types.js';
import { adminRoutes } from './routes/admin.js';
import { actorRoutes } from './routes/actors.js';
import { agentRoutes } from './routes/agents.js';
import { auditRoutes } from './routes/audit.js';
import { caseRoutes } from './routes/cases.js';
import { fileEventRoutes } from './routes/file-events.js';
import { legalHoldRoutes } from './routes/legal-hold.js';
import { userRoutes } from './routes/users.js';
import { watchlistRoutes } from './routes/watchlists.js';

export interface IncydrSandboxOptions {
  /** A generated or loaded world; wins over `tenant` and `generator`. */
  world?: World;
  /** A bare tenant (no personas or truth). */
  tenant?: TenantData;
  /** Generate a world; `now` defaults to the clock's time. Used when neither `world` nor `tenant` is given. */
  generator?: Partial<GenerateOptions>;
  faults?: FaultOptions;
  clock?: Clock;
  /** Mounts the `/__sandbox/*` admin routes. Off by default: they exist for tests and demos only. */
  adminRoutes?: boolean;
}

export interface IncydrSandbox {
  app: Hono;
  state: IncydrState;
  faults: FaultInjector;
  world: World | null;
}

export const DEFAULT_GENERATOR = { seed: 42, users: 200 } as const;

const systemClock: Clock = { now: () => Date.now() };

export function createIncydrSandbox(options: IncydrSandboxOptions = {}): IncydrSandbox {
  let offsetMs = 0;
  const baseClock = options.clock ?? systemClock;
  const clock: Clock = { now: () => baseClock.now() + offsetMs };
  const world =
    options.world ??
    (options.tenant
      ? null
      : generateWorld({
          seed: options.generator?.seed ?? DEFAULT_GENERATOR.seed,
          users: options.generator?.users ?? DEFAULT_GENERATOR.users,
          now: options.generator?.now ?? new Date(clock.now()).toISOString(),
        }));
  const tenant = world?.tenant ?? (options.tenant as TenantData);
  const state = new IncydrState(tenant, clock);
  const faults = new FaultInjector(options.faults);
  const tokens = new TokenIssuer(state.apiClients, state.tenantUid, clock, () => faults.current.tokenLifetimeSeconds);

  const app = new Hono();
  if (options.adminRoutes === true) {
    adminRoutes(app, { faults, world, now: () => clock.now(), advanceClock: (ms) => (offsetMs += ms) });
  }

  const api = new Hono<SandboxEnv>();
  api.use('*', async (c, next) => {
    const decision = faults.decide();
    if (decision.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
      c.header('X-Sandbox-Latency-Ms', String(decision.latencyMs));
    }
    if (decision.kind === 'rate-limit') {
      c.header('Retry-After', String(decision.retryAfterSeconds));
      return c.json({ status: 429, error: 'TOO_MANY_REQUESTS', message: `Rate limit exceeded; retry after ${decision.retryAfterSeconds} second(s).` }, 429);
    }
    if (decision.kind === 'server-error') {
      return c.json({ status: decision.status, error: 'SANDBOX_INJECTED_FAULT', message: `Injected ${decision.status} from the sandbox fault settings.` }, decision.status);
    }
    return next();
  });
  api.post('/v1/oauth', (c) => c.json(tokens.issue(c.req.header('Authorization'))));
  api.use('*', async (c, next) => {
    const client = tokens.verify(c.req.header('Authorization'));
    c.set('call', { client, ipAddress: remoteAddress(c), userAgent: c.req.header('User-Agent') ?? null });
    await next();
  });
  for (const routes of [userRoutes, agentRoutes, caseRoutes, legalHoldRoutes, watchlistRoutes, actorRoutes, auditRoutes, fileEventRoutes]) {
    routes(api, state);
  }
  api.notFound((c) => c.json({ status: 404, error: 'NOT_FOUND', message: `No such endpoint: ${c.req.method} ${c.req.path}` }, 404));
  api.onError(answerError);
  app.onError(answerError);

  // Accounting wraps everything the API answers, including refusals and injected faults.
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/__sandbox')) return next();
    await next();
    faults.record(`${c.req.method} ${c.req.path}`, c.res.status);
  });
  app.route('/', api);
  return { app: app as unknown as Hono, state, faults, world };
}

function answerError(err: Error, c: Context): Response {
  if (err instanceof SandboxHttpError) return c.json(err.body, err.status);
  // Unexpected: report without echoing request data (it may carry credentials).
  console.error(`incydr sandbox: unexpected error on ${c.req.method} ${c.req.path}: ${err.name}: ${err.message}`);
  return c.json({ status: 500, error: 'INTERNAL', message: 'The sandbox hit an unexpected error; see its console.' }, 500);
}

function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // in-process requests (app.request) have no socket
  }
}

export interface StartOptions extends IncydrSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningIncydrSandbox extends IncydrSandbox {
  url: string;
  close(): Promise<void>;
}

export async function startIncydrSandbox(options: StartOptions = {}): Promise<RunningIncydrSandbox> {
  const sandbox = createIncydrSandbox(options);
  const host = options.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const s = serve({ fetch: sandbox.app.fetch, port: options.port ?? 0, hostname: host }, (info) => resolve({ server: s, port: info.port }));
    s.once('error', reject);
  });
  return {
    ...sandbox,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
