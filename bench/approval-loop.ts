/**
 * `npm run bench -- approval-loop`: the approvals loop in real n8n with the real portal and sandboxes.
 *
 * 1. Decision → execution resumed, over RUNS loops on a small tenant: HR (and Legal, where the plan needs them)
 *    decide through the portal's HTTP form as the signed-in users; the clock starts when the last decision's POST
 *    has been answered and stops when n8n's public API first reports the execution out of the `waiting` state,
 *    polled every POLL_MS. The portal's worker runs at its production interval, so the figure includes the wait for
 *    its next tick (up to one interval) plus the resume call and n8n picking the execution up again.
 * 2. Whole-loop wall time on a 5,000-user tenant: trigger → approval waiting → decision (everything approved) →
 *    execution finished, with each phase printed.
 * Environment: BENCH_LOOP_RUNS (50), BENCH_LOOP_USERS (5000), BENCH_LOOP_PART (latency | whole | both).
 */
import { PORTAL_WORKER_INTERVAL_MS, PortalUserClient, startApprovalLoop, LOOP_NODES, type ApprovalLoop, type StartedLoop } from '../test/harness/approval-loop/index.js';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';

const RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 50);
const POLL_MS = 20;
const LATENCY_TENANT_USERS = 60;
const LARGE_TENANT_USERS = Number(process.env.BENCH_LOOP_USERS ?? 5_000);

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Status only (no run data), so each poll is cheap and the figure measures n8n, not JSON transfer. */
async function statusOf(loop: ApprovalLoop, executionId: string): Promise<string> {
  return (await loop.n8n.api<{ status: string }>(`/executions/${executionId}`)).status;
}

/** HR then Legal approve (or reject) every item their stage needs; returns when the last decision was answered. */
async function decideAll(loop: ApprovalLoop, started: StartedLoop, users: { hr: PortalUserClient; legal: PortalUserClient }, verdict: 'approve' | 'reject') {
  const plan = loop.outputOf(started.waiting, LOOP_NODES.buildPlan)[0]!.plan as ActionPlan;
  const ids = await loop.portal.itemIdsOf(started.requestId);
  const comment = verdict === 'reject' ? 'benchmark' : '';
  const hrItems = plan.items.filter((i) => i.requiredRoles.includes('hr')).map((i) => ids.get(i.id)!);
  // A rejection by HR settles an item; Legal then decides what still waits for them.
  const legalItems = plan.items
    .filter((i) => i.requiredRoles.includes('legal') && (verdict === 'approve' || !i.requiredRoles.includes('hr')))
    .map((i) => ids.get(i.id)!);
  if (hrItems.length > 0) await users.hr.decide(started.requestId, { itemIds: hrItems, verdict, comment });
  if (legalItems.length > 0) await users.legal.decide(started.requestId, { itemIds: legalItems, verdict, comment });
  return plan.items.length;
}

async function signInBoth(loop: ApprovalLoop) {
  return {
    hr: await PortalUserClient.signIn(loop.portal.url, 'hr', loop.portal.users.hr.password),
    legal: await PortalUserClient.signIn(loop.portal.url, 'legal', loop.portal.users.legal.password),
  };
}

async function resumeLatency(): Promise<void> {
  const loop = await startApprovalLoop({ users: LATENCY_TENANT_USERS, seed: 7 });
  try {
    const users = await signInBoth(loop);
    const workflow = await loop.importLoop('bench-latency');
    const latencies: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = await loop.startLoop(workflow);
      // Every run approves nothing, so the small tenant stays the same for the next run.
      await decideAll(loop, started, users, 'reject');
      const decidedAt = performance.now();
      while ((await statusOf(loop, started.executionId)) === 'waiting') {
        if (performance.now() - decidedAt > 60_000) throw new Error(`Execution ${started.executionId} still waits 60 s after the decision`);
        await sleep(POLL_MS);
      }
      latencies.push(performance.now() - decidedAt);
      await loop.n8n.waitForExecution(started.executionId, 'success', { timeoutMs: 60_000 });
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    console.log(
      `decision → execution resumed (${RUNS} runs, portal worker every ${PORTAL_WORKER_INTERVAL_MS} ms, status polled every ${POLL_MS} ms): ` +
        `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, ` +
        `min ${sorted[0]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms, mean ${mean.toFixed(0)} ms`,
    );
  } finally {
    await loop.close();
  }
}

async function wholeLoop(): Promise<void> {
  const bootStarted = performance.now();
  const loop = await startApprovalLoop({ users: LARGE_TENANT_USERS, seed: 42 });
  try {
    console.log(`${LARGE_TENANT_USERS}-user tenant: sandboxes, portal and n8n ready in ${((performance.now() - bootStarted) / 1000).toFixed(1)} s`);
    const users = await signInBoth(loop);
    const workflow = await loop.importLoop('bench-5k');
    const t0 = performance.now();
    const started = await loop.startLoop(workflow, { timeoutMs: 600_000 });
    const waitingAt = performance.now();
    const items = await decideAll(loop, started, users, 'approve');
    const decidedAt = performance.now();
    const done = await loop.waitForStatus(started.executionId, 'success', { timeoutMs: 600_000 });
    const finishedAt = performance.now();
    const outcomes = loop.outputOf(done, LOOP_NODES.execute);
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    const findings = loop.outputOf(done, LOOP_NODES.crossCheck).length;
    console.log(
      `${LARGE_TENANT_USERS}-user tenant, whole loop: ${((finishedAt - t0) / 1000).toFixed(1)} s ` +
        `(trigger → approval waiting ${((waitingAt - t0) / 1000).toFixed(1)} s; decisions ${((decidedAt - waitingAt) / 1000).toFixed(1)} s; ` +
        `last decision → finished ${((finishedAt - decidedAt) / 1000).toFixed(1)} s) — ${findings} findings, ${items} plan items, ` +
        `${count('succeeded')} succeeded, ${count('skipped')} skipped, ${count('failed')} failed`,
    );
  } finally {
    await loop.close();
  }
}

/** BENCH_LOOP_PART=latency or =whole runs one half (each boots its own n8n); both by default. */
export async function run(): Promise<void> {
  const part = process.env.BENCH_LOOP_PART ?? 'both';
  if (!['both', 'latency', 'whole'].includes(part)) throw new Error(`BENCH_LOOP_PART must be latency, whole or both, not ${part}`);
  if (part !== 'whole') await resumeLatency();
  if (part !== 'latency') await wholeLoop();
}
