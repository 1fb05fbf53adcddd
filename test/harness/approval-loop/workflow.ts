/**
 * The approvals loop as an n8n workflow, generated from the credentials it needs: Webhook → Start Run → HR Directory
 * (BambooHR) → Incydr users and agents → Offboarding Cross-Check → Add Findings → Preservation Guard (live) → Build
 * Plan → Request Approval ($execution.resumeUrl) → Wait (On Webhook Call, POST, Header Auth, Limit Wait Time) →
 * Decision Arrived? → Get Decision → Execute Plan → Finish Run. A wait that runs out takes the IF's false branch
 * straight to Finish Run as cancelled, so nothing is executed on a request nobody decided. No Code node.
 */
import type { WorkflowJson } from '../n8n.js';

export const PACKAGE = 'n8n-nodes-incydr-health';

export interface CredentialRef {
  id: string;
  name: string;
}

export interface LoopCredentials {
  incydr: CredentialRef;
  bambooHr: CredentialRef;
  portal: CredentialRef;
  /** n8n's Header Auth credential holding the portal's resume secret. */
  resumeHeader: CredentialRef;
}

export interface LoopWorkflowOptions {
  credentials: LoopCredentials;
  /** The start webhook's path (also makes the workflow's name and ids unique). */
  path: string;
  /** The day the analyses judge against (ISO date-time); the world's "now". */
  asOf: string;
  /** The Wait node's time limit, in minutes. */
  waitLimitMinutes?: number;
  title?: string;
  order?: 'sequential' | 'parallel';
}

/** Node names the loop uses; tests read the execution's run data by them. */
export const LOOP_NODES = {
  start: 'Start',
  startRun: 'Start Run',
  hr: 'HR Directory',
  users: 'Incydr Users',
  agents: 'Incydr Agents',
  crossCheck: 'Offboarding Cross-Check',
  guard: 'Preservation Guard',
  addFindings: 'Add Findings',
  buildPlan: 'Build Plan',
  request: 'Request Approval',
  wait: 'Wait for Decision',
  arrived: 'Decision Arrived?',
  decision: 'Get Decision',
  execute: 'Execute Plan',
  finish: 'Finish Run',
  finishUndecided: 'Finish Run (Undecided)',
} as const;

/** A stable UUID-shaped id per workflow and node, so regenerating the same workflow gives the same JSON. */
function nodeId(path: string, index: number): string {
  let hash = 0x811c9dc5;
  for (const char of path) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `${hash.toString(16).padStart(8, '0')}-1007-4000-8000-${String(index).padStart(12, '0')}`;
}

export function approvalLoopWorkflow(options: LoopWorkflowOptions): WorkflowJson {
  const { credentials, path, asOf } = options;
  const incydr = { incydrApi: credentials.incydr };
  const portal = { incydrHealthPortalApi: credentials.portal };
  const nodes: Array<Record<string, unknown>> = [];
  const add = (name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    nodes.push({ id: nodeId(path, nodes.length + 1), name, type, typeVersion, position: [nodes.length * 220, 0], parameters, ...extra });
  };
  const N = LOOP_NODES;

  add(N.start, 'n8n-nodes-base.webhook', 2, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, { webhookId: nodeId(`${path}/webhook`, 0) });
  add(N.startRun, `${PACKAGE}.incydrHealthPortal`, 1, { resource: 'run', operation: 'start', trigger: 'webhook' }, { credentials: portal });
  add(
    N.hr,
    `${PACKAGE}.hrDirectory`,
    1,
    { provider: 'bambooHr', operation: 'getMany', returnAll: true, filters: {}, options: {} },
    { credentials: { incydrHealthBambooHrApi: credentials.bambooHr } },
  );
  // HR hands on one item per person: read the tenant once, not once per person.
  add(N.users, `${PACKAGE}.incydr`, 1, { resource: 'user', operation: 'getMany', returnAll: true }, { credentials: incydr, executeOnce: true });
  add(N.agents, `${PACKAGE}.incydr`, 1, { resource: 'agent', operation: 'getMany', returnAll: true }, { credentials: incydr, executeOnce: true });
  add(N.crossCheck, `${PACKAGE}.incydrHealth`, 1, {
    resource: 'offboarding',
    operation: 'crossCheck',
    hrPeople: `={{ $('${N.hr}').all().map(item => item.json) }}`,
    incydrUsers: `={{ $('${N.users}').all().map(item => item.json) }}`,
    incydrAgents: `={{ $('${N.agents}').all().map(item => item.json) }}`,
    crossCheckOptions: { asOf, includeKept: false },
  });
  // Add Findings records the cross-check's findings as they are (it recognises findings and the guard's preserved
  // items, not its allowed ones), so it sits before the guard; the guard reads the findings by node name. The portal
  // has no finding category for watchlist changes: those come out as error items (visible in the execution) while
  // every other finding is recorded, instead of the whole loop stopping.
  add(
    N.addFindings,
    `${PACKAGE}.incydrHealthPortal`,
    1,
    { resource: 'run', operation: 'addFindings', runId: `={{ $('${N.startRun}').first().json.runId }}` },
    { credentials: portal, onError: 'continueRegularOutput' },
  );
  add(
    N.guard,
    `${PACKAGE}.incydrHealth`,
    1,
    {
      resource: 'plan',
      operation: 'preservationGuard',
      proposedItems: `={{ $('${N.crossCheck}').all().map(item => item.json) }}`,
      signalSource: 'live',
      guardOptions: {},
    },
    { credentials: incydr },
  );
  add(N.buildPlan, `${PACKAGE}.incydrHealth`, 1, {
    resource: 'plan',
    operation: 'buildPlan',
    findings: `={{ $('${N.guard}').all().map(item => item.json) }}`,
    buildPlanOptions: { asOf },
  });
  add(
    N.request,
    `${PACKAGE}.incydrHealthPortal`,
    1,
    {
      resource: 'approval',
      operation: 'request',
      plan: '={{ $json.plan }}',
      title: options.title ?? `Offboarding ${asOf.slice(0, 10)}`,
      resumeUrl: '={{ $execution.resumeUrl }}',
      order: options.order ?? 'sequential',
      additionalFields: { runId: `={{ $('${N.startRun}').first().json.runId }}` },
    },
    { credentials: portal },
  );
  add(
    N.wait,
    'n8n-nodes-base.wait',
    1.1,
    {
      resume: 'webhook',
      httpMethod: 'POST',
      incomingAuthentication: 'headerAuth',
      limitWaitTime: true,
      limitType: 'afterTimeInterval',
      resumeAmount: options.waitLimitMinutes ?? 7 * 24 * 60,
      resumeUnit: 'minutes',
      options: {},
    },
    { webhookId: nodeId(`${path}/wait`, 0), credentials: { httpHeaderAuth: credentials.resumeHeader } },
  );
  // When the time limit passes, the Wait node hands on its input, which has no body: that branch decides nothing.
  add(N.arrived, 'n8n-nodes-base.if', 2.2, {
    conditions: {
      options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
      conditions: [
        {
          id: nodeId(`${path}/arrived`, 1),
          leftValue: '={{ $json.body?.requestId }}',
          rightValue: '',
          operator: { type: 'number', operation: 'exists', singleValue: true },
        },
      ],
      combinator: 'and',
    },
    options: {},
  });
  add(N.decision, `${PACKAGE}.incydrHealthPortal`, 1, { resource: 'approval', operation: 'getDecision', requestId: '={{ $json.body.requestId }}', output: 'record' }, { credentials: portal });
  add(
    N.execute,
    `${PACKAGE}.incydrHealth`,
    1,
    {
      resource: 'plan',
      operation: 'executePlan',
      plan: `={{ $('${N.buildPlan}').first().json.plan }}`,
      approvedItemIds: '={{ $json.approvedItems }}',
      approvedHash: '={{ $json.plan.hash }}',
      executeOptions: {},
    },
    { credentials: incydr },
  );
  add(
    N.finish,
    `${PACKAGE}.incydrHealthPortal`,
    1,
    {
      resource: 'run',
      operation: 'finish',
      runId: `={{ $('${N.startRun}').first().json.runId }}`,
      requestId: `={{ $('${N.request}').first().json.requestId }}`,
      status: 'succeeded',
      counts: `={{ { findings: $('${N.crossCheck}').all().length, planItems: $('${N.buildPlan}').first().json.plan.items.length } }}`,
      reportOutcomes: true,
    },
    { credentials: portal },
  );
  add(
    N.finishUndecided,
    `${PACKAGE}.incydrHealthPortal`,
    1,
    { resource: 'run', operation: 'finish', runId: `={{ $('${N.startRun}').first().json.runId }}`, status: 'cancelled', counts: '{}', reportOutcomes: false },
    { credentials: portal },
  );

  const chain: string[] = [N.start, N.startRun, N.hr, N.users, N.agents, N.crossCheck, N.addFindings, N.guard, N.buildPlan, N.request, N.wait, N.arrived];
  const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
  const link = (from: string, ...outputs: string[][]) => {
    connections[from] = { main: outputs.map((targets) => targets.map((node) => ({ node, type: 'main' as const, index: 0 }))) };
  };
  for (let i = 0; i < chain.length - 1; i++) link(chain[i]!, [chain[i + 1]!]);
  link(N.arrived, [N.decision], [N.finishUndecided]);
  link(N.decision, [N.execute]);
  link(N.execute, [N.finish]);

  return { name: `Approval loop ${path}`, nodes, connections, settings: { executionOrder: 'v1' } };
}
