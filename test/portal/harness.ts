/**
 * Test harness: a real portal on a fresh SQLite file in a temp dir, a controllable clock, and helpers that create
 * users, sessions and API tokens straight through the services (so tests spend their time on behaviour).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRole } from '../../db/schema.js';
import { readConfig } from '../../portal/src/config.js';
import type { Logger } from '../../portal/src/context.js';
import type { ApiScope } from '../../portal/src/domain/policy.js';
import { createPortal, type Portal } from '../../portal/src/portal.js';
import { csrfTokenFor, sessionCookieName } from '../../portal/src/http/session.js';
import { createApiToken } from '../../portal/src/services/api-tokens.js';
import { createSession } from '../../portal/src/services/sessions.js';
import { createUser, findUserById, type User } from '../../portal/src/services/users.js';
import { API_SCOPES } from '../../portal/src/domain/policy.js';

export const TEST_N8N_URL = 'http://127.0.0.1:5678';
export const ORIGIN = 'http://localhost:4020';

export class TestClock {
  constructor(public current = Date.parse('2026-11-25T09:00:00Z')) {}
  now = () => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Session {
  user: User;
  cookie: string;
  csrf: string;
}

export interface CapturedLog {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface TestPortal extends Portal {
  dir: string;
  clock: TestClock;
  logs: CapturedLog[];
  addUser(role: UserRole, username?: string, email?: string | null): Promise<User>;
  signIn(role: UserRole, username?: string): Promise<Session>;
  token(scopes?: ApiScope[]): Promise<string>;
  /** POSTs a form as a browser would (same Origin, session cookie, CSRF field). */
  post(path: string, fields: Record<string, string | string[]>, session: Session | null, headers?: Record<string, string>): Promise<Response>;
  get(path: string, session: Session | null, headers?: Record<string, string>): Promise<Response>;
  api(method: string, path: string, token: string | null, body?: unknown): Promise<Response>;
  dispose(): void;
}

export interface TestPortalOptions {
  n8nUrl?: string | null;
  smtpUrl?: string;
  templatesDir?: string;
  /** PORTAL_N8N_RESUME_SECRET (and optionally PORTAL_N8N_RESUME_HEADER). */
  resumeSecret?: string;
  resumeHeader?: string;
}

export async function createTestPortal(options: TestPortalOptions = {}): Promise<TestPortal> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-test-'));
  const clock = new TestClock();
  const logs: CapturedLog[] = [];
  const log: Logger = {
    info: (message, fields) => logs.push({ level: 'info', message, fields }),
    warn: (message, fields) => logs.push({ level: 'warn', message, fields }),
    error: (message, fields) => logs.push({ level: 'error', message, fields }),
  };
  const config = readConfig({
    PORTAL_DATA_DIR: dir,
    PORTAL_PUBLIC_URL: ORIGIN,
    PORTAL_N8N_URL: options.n8nUrl === null ? undefined : (options.n8nUrl ?? TEST_N8N_URL),
    PORTAL_SMTP_URL: options.smtpUrl,
    PORTAL_TEMPLATES_DIR: options.templatesDir ?? join(dir, 'workflows'),
    PORTAL_N8N_RESUME_SECRET: options.resumeSecret,
    PORTAL_N8N_RESUME_HEADER: options.resumeHeader,
  });
  // A cheap scrypt cost keeps tests fast; production uses OWASP's N = 2^17.
  const portal = await createPortal(config, { clock, log, scryptCost: { N: 2 ** 10, r: 8, p: 1 } });
  const { ctx, app } = portal;
  let counter = 0;

  const addUser = async (role: UserRole, username = `${role}${++counter}`, email: string | null = `${username}@example.test`) => {
    const { user } = await createUser(ctx, 'test', { username, displayName: `Test ${username}`, email, role, password: 'correct horse battery staple' });
    return (await findUserById(ctx, user.id))!;
  };

  const signIn = async (role: UserRole, username?: string): Promise<Session> => {
    const user = await addUser(role, username);
    const token = await createSession(ctx, user.id);
    return { user, cookie: `${sessionCookieName(ctx)}=${token}`, csrf: csrfTokenFor(ctx, token) };
  };

  return {
    ...portal,
    dir,
    clock,
    logs,
    addUser,
    signIn,
    async token(scopes = [...API_SCOPES]) {
      const { token } = await createApiToken(ctx, { id: null, name: 'test' }, { name: `token ${++counter}`, scopes, expiresAt: null });
      return token;
    },
    post(path, fields, session, headers = {}) {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      if (session && !('_csrf' in fields)) body.append('_csrf', session.csrf);
      return Promise.resolve(app.request(`${ORIGIN}${path}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...(session ? { cookie: session.cookie } : {}), ...headers },
      }));
    },
    get(path, session, headers = {}) {
      return Promise.resolve(app.request(`${ORIGIN}${path}`, { headers: { ...(session ? { cookie: session.cookie } : {}), ...headers } }));
    },
    api(method, path, token, body) {
      return Promise.resolve(app.request(`${ORIGIN}/api/v1${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }));
    },
    dispose() {
      portal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
