/**
 * The approvals portal as the loop runs it: the real app on a temporary SQLite file, served over loopback HTTP on a
 * fixed port, with its background worker (expiry and the outbox that delivers resume calls) running on a real
 * interval. Demo users get random passwords (for Chromium and the HTTP client) and n8n gets an API token.
 * `restart()` stops the server and worker and reopens the same data folder on the same port, as an operator's
 * restart would; `close()` removes the folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import { USER_ROLES, type UserRole } from '../../../db/schema.js';
import { readConfig } from '../../../portal/src/config.js';
import type { Logger, PortalContext } from '../../../portal/src/context.js';
import { API_SCOPES } from '../../../portal/src/domain/policy.js';
import { createPortal, type Portal } from '../../../portal/src/portal.js';
import { loadRequest } from '../../../portal/src/services/approvals.js';
import { createApiToken } from '../../../portal/src/services/api-tokens.js';
import { createUser } from '../../../portal/src/services/users.js';
import { defaultTransports, runMaintenance, startWorker } from '../../../portal/src/worker.js';
import { freePort } from '../n8n.js';

/** The portal's own production default (portal/src/main.ts starts the worker with it). */
export const PORTAL_WORKER_INTERVAL_MS = 5_000;

export interface PortalLogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface DemoUser {
  username: string;
  role: UserRole;
  password: string;
}

export interface LoopPortalOptions {
  /** Where the portal's resume calls go (n8n's base URL). */
  n8nUrl: string;
  /** PORTAL_N8N_RESUME_SECRET: the value the Wait node's Header Auth credential holds. */
  resumeSecret: string;
  resumeHeader?: string;
  /** How often the worker delivers due resume calls; the production default unless a test needs it tighter. */
  workerIntervalMs?: number;
  /** Record every request in `logs` (the portal logs one line per request at info level). */
  keepRequestLogs?: boolean;
}

export interface LoopPortal {
  url: string;
  port: number;
  dataDir: string;
  /** The live context (replaced by `restart()`): for reading the database through the portal's own services. */
  readonly ctx: PortalContext;
  /** One user per role, usernames equal to the role (`hr`, `legal`, …). */
  users: Record<UserRole, DemoUser>;
  /** An API token with every scope, for n8n's portal credential. */
  apiToken: string;
  logs: PortalLogLine[];
  /** Plan item id → the portal's item id for one request (what the decision form posts). */
  itemIdsOf(requestId: number): Promise<Map<string, number>>;
  /** Runs one maintenance round now (expiry, then outbox delivery) instead of waiting for the worker's next tick. */
  deliverNow(): Promise<void>;
  restart(): Promise<void>;
  /** Stops serving and the worker but keeps the data folder (a portal that is down). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

interface Running {
  portal: Portal;
  server: ServerType;
  worker: { stop(): Promise<void> };
}

// Demo-strength hashing: sign-ins stay fast enough for 50 benchmark runs; production uses the OWASP cost.
const DEMO_SCRYPT_COST = { N: 2 ** 12, r: 8, p: 1 };

export async function startLoopPortal(options: LoopPortalOptions): Promise<LoopPortal> {
  const dataDir = mkdtempSync(join(tmpdir(), 'incydr-loop-portal-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: PortalLogLine[] = [];
  const logger: Logger = {
    info: (message, fields) => {
      if (message !== 'request' || options.keepRequestLogs) logs.push({ level: 'info', message, fields });
    },
    warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
  const config = readConfig({
    PORTAL_PORT: String(port),
    PORTAL_HOST: '127.0.0.1',
    PORTAL_DATA_DIR: dataDir,
    PORTAL_PUBLIC_URL: url,
    PORTAL_N8N_URL: options.n8nUrl,
    PORTAL_N8N_RESUME_SECRET: options.resumeSecret,
    PORTAL_N8N_RESUME_HEADER: options.resumeHeader,
    PORTAL_TEMPLATES_DIR: join(dataDir, 'workflows'),
  });
  const intervalMs = options.workerIntervalMs ?? PORTAL_WORKER_INTERVAL_MS;

  const open = async (): Promise<Running> => {
    const portal = await createPortal(config, { log: logger, scryptCost: DEMO_SCRYPT_COST });
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: portal.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
      s.once('error', reject);
    });
    return { portal, server, worker: startWorker(portal.ctx, intervalMs) };
  };
  const shut = async (running: Running) => {
    await new Promise<void>((resolve) => {
      if ('closeAllConnections' in running.server) running.server.closeAllConnections();
      running.server.close(() => resolve());
    });
    await running.worker.stop();
    running.portal.close();
  };

  let running: Running | undefined = await open();
  try {
    const ctx = running.portal.ctx;
    const users = {} as Record<UserRole, DemoUser>;
    for (const role of USER_ROLES) {
      const password = randomBytes(12).toString('base64url');
      await createUser(ctx, 'harness:demo', { username: role, displayName: `Demo ${role}`, email: `${role}@example.test`, role, password });
      users[role] = { username: role, role, password };
    }
    const { token: apiToken } = await createApiToken(ctx, { id: null, name: 'harness' }, { name: 'n8n approval loop', scopes: [...API_SCOPES], expiresAt: null });

    return {
      url,
      port,
      dataDir,
      get ctx() {
        if (!running) throw new Error('The portal is stopped; restart() it first.');
        return running.portal.ctx;
      },
      users,
      apiToken,
      logs,
      async itemIdsOf(requestId) {
        if (!running) throw new Error('The portal is stopped; restart() it first.');
        const loaded = await loadRequest(running.portal.ctx, requestId);
        if (!loaded) throw new Error(`The portal has no approval request ${requestId}`);
        return new Map(loaded.items.map((item) => [item.planItemId, item.id]));
      },
      async deliverNow() {
        if (!running) throw new Error('The portal is stopped; restart() it first.');
        await runMaintenance(running.portal.ctx, defaultTransports(running.portal.ctx), { reminders: false });
      },
      async restart() {
        if (running) await shut(running);
        running = undefined;
        running = await open();
      },
      async stop() {
        if (running) await shut(running);
        running = undefined;
      },
      async close() {
        if (running) await shut(running);
        running = undefined;
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await shut(running);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
