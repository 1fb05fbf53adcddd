/**
 * The approvals loop set up for failure tests: the same parts as the happy-path harness (Incydr and BambooHR
 * sandboxes on one generated world, the portal with its worker, real n8n with the node package and its four
 * credentials), except that n8n can be stopped and started again on its own data folder and port. Tests read the
 * portal through its JSON API and decide through its pages over HTTP, as people and n8n do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { personasToHrPopulation, startHrSandboxes, type HrSandboxes } from '../../../sandbox/hr/index.js';
import { DEMO_API_CLIENT, generateWorld } from '../../../sandbox/incydr/generator.js';
import { startIncydrSandbox, type RunningIncydrSandbox } from '../../../sandbox/incydr/server.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { LOOP_NODES, LOOP_NOW, PortalUserClient, RESUME_HEADER, approvalLoopWorkflow, startLoopPortal, type LoopCredentials, type LoopPortal, type LoopWorkflowOptions } from '../approval-loop/index.js';
import { buildNodePackage, type Execution } from '../n8n.js';
import { startRestartableN8n, type RestartableN8n } from './restartable-n8n.js';

export interface Started {
  workflowId: string;
  executionId: string;
  requestId: number;
  runId: number;
  waiting: Execution;
}

/** What `GET /api/v1/approval-requests/{id}` answers (the parts these tests read). */
export interface DecisionRecordView {
  requestId: number;
  status: 'pending' | 'decided' | 'expired';
  approvedItems: string[];
  rejectedItems: string[];
  undecidedItems: string[];
  items: Array<{ id: string; action: string; subject: { id: string; name: string }; requiredRoles: Array<'hr' | 'legal'>; outcome: { status: string; message: string | null } | null }>;
  resume: { state: 'waiting' | 'queued' | 'retrying' | 'delivered' | 'not-waiting'; attempts: number; lastError: string | null; at: string | null };
}

export interface FailureLoop {
  world: World;
  incydr: RunningIncydrSandbox;
  hr: HrSandboxes;
  portal: LoopPortal;
  n8n: RestartableN8n;
  credentials: LoopCredentials;
  importLoop(path: string, overrides?: Partial<Omit<LoopWorkflowOptions, 'credentials' | 'path'>>): Promise<string>;
  /** Triggers the loop and waits until its execution waits for the decision. */
  start(workflowId: string, path: string): Promise<Started>;
  /** The decision record through the portal's API, as the Get Decision node reads it. */
  record(requestId: number): Promise<DecisionRecordView>;
  /**
   * Signs in as the stage's reviewer and decides: `approve` lists plan item ids to approve, every other item
   * waiting for that stage is rejected with `rejectComment`.
   */
  decideStage(requestId: number, stage: 'hr' | 'legal', approve: readonly string[], rejectComment?: string): Promise<void>;
  /** The request's page as a signed-in user sees it, reduced to text. */
  pageText(requestId: number, user: 'hr' | 'legal' | 'admin'): Promise<string>;
  outputOf(execution: Execution, node: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export function outputOf(execution: Execution, node: string): Record<string, unknown>[] {
  return execution.data?.resultData.runData[node]?.[0]?.data?.main[0]?.map((item) => item.json) ?? [];
}

export async function startFailureLoop(options: { users?: number; seed?: number } = {}): Promise<FailureLoop> {
  const now = LOOP_NOW;
  const resumeSecret = `loopfail-resume-${crypto.randomUUID()}`;
  const world = generateWorld({ seed: options.seed ?? 7, users: options.users ?? 60, now });
  const cleanups: Array<() => Promise<void> | void> = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch {
        // One part failing to stop must not leave the others running.
      }
    }
  };
  try {
    const incydr = await startIncydrSandbox({ world, port: 0, clock: { now: () => Date.parse(now) } });
    cleanups.push(() => incydr.close());
    const hr = await startHrSandboxes({ population: personasToHrPopulation(world.personas, { now }) });
    cleanups.push(() => hr.close());
    const buildDir = mkdtempSync(join(tmpdir(), 'incydr-loopfail-nodes-'));
    cleanups.push(() => rmSync(buildDir, { recursive: true, force: true }));
    const n8n = await startRestartableN8n({ packages: [buildNodePackage(buildDir)] });
    cleanups.push(() => n8n.close());
    const portal = await startLoopPortal({ n8nUrl: n8n.instance.baseUrl, resumeSecret, resumeHeader: RESUME_HEADER });
    cleanups.push(() => portal.close());

    const api = n8n.instance.api;
    const credential = (name: string, type: string, data: Record<string, unknown>) =>
      api<{ id: string; name: string }>('/credentials', { body: { name, type, data } }).then(({ id, name: n }) => ({ id, name: n }));
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

    const record = async (requestId: number): Promise<DecisionRecordView> => {
      const response = await fetch(`${portal.url}/api/v1/approval-requests/${requestId}`, { headers: { authorization: `Bearer ${portal.apiToken}` } });
      if (!response.ok) throw new Error(`The portal answered ${response.status} for request ${requestId}: ${await response.text()}`);
      return (await response.json()) as DecisionRecordView;
    };

    return {
      world,
      incydr,
      hr,
      portal,
      n8n,
      credentials,
      async importLoop(path, overrides = {}) {
        const { id } = await n8n.instance.importWorkflow(approvalLoopWorkflow({ asOf: now, ...overrides, credentials, path }));
        await n8n.instance.activate(id);
        return id;
      },
      async start(workflowId, path) {
        const response = await n8n.instance.runWebhook(path, {});
        if (response.status !== 200) throw new Error(`The loop's webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
        const waiting = await n8n.instance.waitForExecution({ workflowId }, 'waiting', { timeoutMs: 120_000 });
        const [requested] = outputOf(waiting, LOOP_NODES.request);
        const [run] = outputOf(waiting, LOOP_NODES.startRun);
        if (!requested || !run) throw new Error(`Execution ${waiting.id} waits without having requested an approval`);
        return { workflowId, executionId: waiting.id, requestId: requested.requestId as number, runId: run.runId as number, waiting };
      },
      record,
      async decideStage(requestId, stage, approve, rejectComment = 'Not leaving after all') {
        const current = await record(requestId);
        const portalIds = await portal.itemIdsOf(requestId);
        const mine = current.items.filter((item) => item.requiredRoles.includes(stage));
        const user = await PortalUserClient.signIn(portal.url, portal.users[stage].username, portal.users[stage].password);
        const approved = mine.filter((item) => approve.includes(item.id)).map((item) => portalIds.get(item.id)!);
        const rejected = mine.filter((item) => !approve.includes(item.id)).map((item) => portalIds.get(item.id)!);
        if (approved.length > 0) await user.decide(requestId, { itemIds: approved, verdict: 'approve' });
        if (rejected.length > 0) await user.decide(requestId, { itemIds: rejected, verdict: 'reject', comment: rejectComment });
      },
      async pageText(requestId, role) {
        const user = await PortalUserClient.signIn(portal.url, portal.users[role].username, portal.users[role].password);
        const html = await (await user.get(`/approvals/${requestId}`)).text();
        return html
          .replace(/<[^>]+>/g, ' ')
          .replace(/&#39;|&apos;/g, "'")
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')
          .replace(/\s+/g, ' ')
          .trim();
      },
      outputOf,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** One failure loop per test file: started in beforeAll, closed in afterAll. */
export function useFailureLoop(options: { users?: number; seed?: number } = {}): () => FailureLoop {
  let loop: FailureLoop | undefined;
  beforeAll(async () => {
    loop = await startFailureLoop(options);
  }, 240_000);
  afterAll(async () => {
    await loop?.close();
  }, 90_000);
  return () => {
    if (!loop) throw new Error('The failure loop is not running: call useFailureLoop() at the top level of a test file');
    return loop;
  };
}
