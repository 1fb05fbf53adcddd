/**
 * A reusable approvals loop: the Incydr sandbox and the BambooHR sandbox serving one generated world, the portal
 * (temp SQLite, demo users, an API token, its worker delivering resume calls), and real n8n with the node package,
 * its four credentials created through n8n's public API. `importLoop()` generates the loop workflow, imports and
 * activates it; `startLoop()` triggers it and waits until the execution waits for the decision.
 *
 * Use `startApprovalLoop()` in a script (the benchmark) or `useApprovalLoop()` at the top of a vitest file; both
 * give the same `ApprovalLoop`. Everything started is stopped by `close()` (or the afterAll hook).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { personasToHrPopulation, startHrSandboxes, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox, type RunningIncydrSandbox } from '../../../sandbox/incydr/server.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { buildNodePackage, startN8n, type Execution, type ExecutionStatus, type N8nInstance } from '../n8n.js';
import { IncydrAdmin } from './incydr-admin.js';
import { startLoopPortal, type LoopPortal } from './portal.js';
import { approvalLoopWorkflow, LOOP_NODES, type LoopCredentials, type LoopWorkflowOptions } from './workflow.js';

export { approvalLoopWorkflow, LOOP_NODES, PACKAGE, type LoopCredentials, type LoopWorkflowOptions } from './workflow.js';
export { PORTAL_WORKER_INTERVAL_MS, startLoopPortal, type DemoUser, type LoopPortal, type PortalLogLine } from './portal.js';
export { PortalUserClient } from './portal-user.js';
export { IncydrAdmin, type PlacedHold } from './incydr-admin.js';
export { chromiumPath, launchChromium, signInWithBrowser, type SignedInPage } from './browser.js';

/** The world's "now": fixed so a world, its HR records and the analyses agree whatever day the test runs. */
export const LOOP_NOW = '2026-11-25T12:00:00.000Z';
export const RESUME_HEADER = 'X-Incydr-Portal-Secret';

export interface ApprovalLoopOptions {
  /** Incydr users in the generated world (default 60). */
  users?: number;
  seed?: number;
  now?: string;
  /** The portal worker's delivery interval (default: the portal's production 5 s). */
  portalWorkerIntervalMs?: number;
  /** Extra environment for n8n. */
  n8nEnv?: Record<string, string>;
}

export interface StartedLoop {
  workflowId: string;
  path: string;
  executionId: string;
  requestId: number;
  runId: number;
  /** The waiting execution as n8n reported it (with run data up to the Wait node). */
  waiting: Execution;
}

export interface TenantSnapshot {
  users: string[];
  agents: string[];
  /** watchlist id → sorted actor ids on it */
  watchlists: Record<string, string[]>;
  /** `matterId/userId` of every active custodianship, sorted */
  custodians: string[];
}

export interface ApprovalLoop {
  now: string;
  world: World;
  incydr: RunningIncydrSandbox;
  hr: HrSandboxes;
  portal: LoopPortal;
  n8n: N8nInstance;
  credentials: LoopCredentials;
  /** The shared secret the portal sends and the Wait node's Header Auth credential checks. */
  resumeSecret: string;
  /** An Incydr API client for arranging tenant changes (legal holds) the way an admin would, over HTTP. */
  incydrAdmin: IncydrAdmin;
  /** Generates, imports and activates a loop workflow listening on `/webhook/<path>`. */
  importLoop(path: string, overrides?: Partial<Omit<LoopWorkflowOptions, 'credentials' | 'path'>>): Promise<{ id: string; path: string }>;
  /** Triggers an imported loop and waits for its execution to wait for the decision. */
  startLoop(workflow: { id: string; path: string }, options?: { timeoutMs?: number }): Promise<StartedLoop>;
  /** Polls the execution's status cheaply (no run data) until it is `status`, then returns it with its data. */
  waitForStatus(executionId: string, status: ExecutionStatus, options?: { timeoutMs?: number }): Promise<Execution>;
  /** The execution with its run data, with a timeout long enough for a large tenant's megabytes. */
  executionWithData(executionId: string): Promise<Execution>;
  /** The JSON items a node emitted in an execution's first run of it ([] if it did not run). */
  outputOf(execution: Execution, node: string, output?: number): Record<string, unknown>[];
  /** Users and agents active in the Incydr sandbox now, sorted ids. */
  activeSnapshot(): { users: string[]; agents: string[] };
  /** What the loop may change or must leave alone: active users and agents, watchlist members, active custodians. */
  tenantSnapshot(): TenantSnapshot;
  close(): Promise<void>;
}


function outputOf(execution: Execution, node: string, output = 0): Record<string, unknown>[] {
  const runs = execution.data?.resultData.runData[node];
  return runs?.[0]?.data?.main[output]?.map((item) => item.json) ?? [];
}

export async function startApprovalLoop(options: ApprovalLoopOptions = {}): Promise<ApprovalLoop> {
  const now = options.now ?? LOOP_NOW;
  const resumeSecret = `loop-resume-${crypto.randomUUID()}`;
  const world = generateWorld({ seed: options.seed ?? 7, users: options.users ?? 60, now });
  const population = personasToHrPopulation(world.personas, { now });
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // Keep closing the rest: one component failing to stop must not leave the others running.
      }
    }
  };

  try {
    const clock = { now: () => Date.parse(now) };
    const incydr = await startIncydrSandbox({ world, port: 0, clock });
    cleanups.push(() => incydr.close());
    const hr = await startHrSandboxes({ population });
    cleanups.push(() => hr.close());

    const buildDir = mkdtempSync(join(tmpdir(), 'incydr-loop-nodes-'));
    cleanups.push(() => rmSync(buildDir, { recursive: true, force: true }));
    const n8n = await startN8n({ packages: [buildNodePackage(buildDir)], env: options.n8nEnv });
    cleanups.push(() => n8n.stop());

    const portal = await startLoopPortal({
      n8nUrl: n8n.baseUrl,
      resumeSecret,
      resumeHeader: RESUME_HEADER,
      workerIntervalMs: options.portalWorkerIntervalMs,
    });
    cleanups.push(() => portal.close());

    const credential = (name: string, type: string, data: Record<string, unknown>) =>
      n8n.api<{ id: string; name: string }>('/credentials', { body: { name, type, data } }).then(({ id, name: n }) => ({ id, name: n }));
    const credentials: LoopCredentials = {
      incydr: await credential('Incydr sandbox', 'incydrApi', {
        region: 'custom',
        baseUrl: incydr.url,
        clientId: DEMO_API_CLIENT.clientId,
        clientSecret: DEMO_API_CLIENT.clientSecret,
      }),
      bambooHr: await credential('BambooHR sandbox', 'incydrHealthBambooHrApi', {
        companyDomain: hr.bamboohr.companyDomain,
        apiKey: hr.bamboohr.apiKey,
        baseUrl: `${hr.bamboohr.url}/api/gateway.php/${hr.bamboohr.companyDomain}/v1`,
      }),
      portal: await credential('Incydr Health portal', 'incydrHealthPortalApi', { url: portal.url, apiToken: portal.apiToken }),
      resumeHeader: await credential('Portal resume secret', 'httpHeaderAuth', { name: RESUME_HEADER, value: resumeSecret }),
    };
    const incydrAdmin = new IncydrAdmin(incydr.url, DEMO_API_CLIENT);

    const loop: ApprovalLoop = {
      now,
      world,
      incydr,
      hr,
      portal,
      n8n,
      credentials,
      resumeSecret,
      incydrAdmin,
      async importLoop(path, overrides = {}) {
        const workflow = approvalLoopWorkflow({ asOf: now, ...overrides, credentials, path });
        const { id } = await n8n.importWorkflow(workflow);
        await n8n.activate(id);
        return { id, path };
      },
      async startLoop(workflow, startOptions = {}) {
        const timeoutMs = startOptions.timeoutMs ?? 120_000;
        const deadline = Date.now() + timeoutMs;
        const newest = async () => (await n8n.api<{ data: Execution[] }>(`/executions?workflowId=${workflow.id}&limit=1`)).data[0]?.id;
        // The newest execution before the trigger is an earlier run; wait for a new one, then for that one only.
        const previous = await newest();
        const response = await n8n.runWebhook(workflow.path, {});
        if (response.status !== 200) throw new Error(`The loop's webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
        let executionId = await newest();
        while (executionId === undefined || executionId === previous) {
          if (Date.now() > deadline) throw new Error(`Triggering ${workflow.path} started no execution within ${timeoutMs} ms`);
          await new Promise((done) => setTimeout(done, 100));
          executionId = await newest();
        }
        const waiting = await loop.waitForStatus(executionId, 'waiting', { timeoutMs: Math.max(1_000, deadline - Date.now()) }).catch(async (error: unknown) => {
          // Say where the loop stopped: a node that emitted no items ends an n8n execution without an error.
          const last = await loop.executionWithData(executionId);
          const ran = Object.entries(last.data?.resultData.runData ?? {}).map(([node, runs]) => `${node}: ${runs[0]?.data?.main[0]?.length ?? 0} items`);
          throw new Error(`${error instanceof Error ? error.message : String(error)} (nodes run: ${ran.join(', ') || 'none'})`);
        });
        const [requested] = outputOf(waiting, LOOP_NODES.request);
        const [run] = outputOf(waiting, LOOP_NODES.startRun);
        if (!requested || !run) throw new Error(`Execution ${waiting.id} waits without having requested an approval`);
        return { workflowId: workflow.id, path: workflow.path, executionId: waiting.id, requestId: requested.requestId as number, runId: run.runId as number, waiting };
      },
      async waitForStatus(executionId, status, waitOptions = {}) {
        const deadline = Date.now() + (waitOptions.timeoutMs ?? 120_000);
        for (;;) {
          const current = (await n8n.api<{ status: ExecutionStatus }>(`/executions/${executionId}`)).status;
          if (current === status) return loop.executionWithData(executionId);
          if (['success', 'error', 'canceled', 'crashed'].includes(current)) {
            const ended = await loop.executionWithData(executionId);
            const reason = ended.data?.resultData.error?.message;
            throw new Error(`Execution ${executionId} ended "${current}", not "${status}"${reason ? `: ${reason}` : ''}`);
          }
          if (Date.now() > deadline) throw new Error(`Execution ${executionId} did not reach "${status}" (last: ${current})`);
          await new Promise((done) => setTimeout(done, 250));
        }
      },
      async executionWithData(executionId) {
        // Run data of a large tenant is megabytes that n8n assembles slowly on a busy machine: a long timeout.
        const response = await fetch(`${n8n.baseUrl}/api/v1/executions/${executionId}?includeData=true`, {
          headers: { 'x-n8n-api-key': n8n.apiKey },
          signal: AbortSignal.timeout(300_000),
        });
        if (!response.ok) throw new Error(`GET /api/v1/executions/${executionId} answered ${response.status}`);
        return (await response.json()) as Execution;
      },
      outputOf,
      activeSnapshot() {
        return {
          users: incydr.state.users.filter((u) => u.active).map((u) => u.userId).sort(),
          agents: incydr.state.agents.filter((a) => a.active).map((a) => a.agentId).sort(),
        };
      },
      tenantSnapshot() {
        const state = incydr.state;
        return {
          ...this.activeSnapshot(),
          watchlists: Object.fromEntries(state.watchlists.map((w) => [w.watchlistId, w.includedActors.map((a) => a.actorId).sort()])),
          custodians: state.custodianships
            .filter((m) => m.membershipActive)
            .map((m) => `${m.matterId}/${m.userId}`)
            .sort(),
        };
      },
      close: closeAll,
    };
    return loop;
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** One loop per test file: started in beforeAll (boots n8n, ~10 s), closed in afterAll. */
export function useApprovalLoop(options: ApprovalLoopOptions = {}): () => ApprovalLoop {
  let loop: ApprovalLoop | undefined;
  beforeAll(async () => {
    loop = await startApprovalLoop(options);
  }, 180_000);
  afterAll(async () => {
    await loop?.close();
  }, 60_000);
  return () => {
    if (!loop) throw new Error('The approval loop is not running: call useApprovalLoop() at the top level of a test file');
    return loop;
  };
}
