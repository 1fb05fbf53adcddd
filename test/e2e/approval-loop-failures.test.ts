/**
 * The approvals loop when things go wrong, in real n8n 2.40.7 (issue #7, failure cases). Each test asserts the
 * sandbox tenant (what was changed, and how often), the portal (through its API and pages) and the n8n execution:
 * 1. n8n is down when the last stage decides: the outbox keeps the resume call and delivers it once n8n is back;
 *    the same execution resumes and executes exactly the approved items, once.
 * 2. the portal restarts while the request waits: the request is still pending, and deciding afterwards resumes n8n.
 * 3. the Incydr sandbox throttles (429 with Retry-After) and fails (5xx) during Execute Plan: nothing executed twice,
 *    nothing lost, the failures reported per item in Execute Plan's output and in the portal.
 * 4. the decision reaches an execution that no longer waits (stopped, or its Wait time limit passed): n8n answers 409,
 *    the portal shows "no longer waiting; nothing was executed", nothing is executed. (Deleted executions, answered
 *    404, are covered in portal-node.test.ts.)
 * The portal runs in-process (the loop harness's server, worker and SQLite file); its restart closes all three and
 * reopens the same file on the same port.
 */
import { describe, expect, it } from 'vitest';
import { LOOP_NODES } from '../harness/approval-loop/index.js';
import { useFailureLoop, type DecisionRecordView, type FailureLoop } from '../harness/approval-loop-failures/index.js';

// 200 users (seed 7) give seven departed, unprotected, still-active users: enough distinct items for every case.
const loop = useFailureLoop({ users: 200, seed: 7 });

interface Outcome {
  itemId: string;
  action: string;
  subject: { id: string; name: string };
  status: 'succeeded' | 'failed' | 'skipped';
  message: string;
}

/** Audit events per resource id for one event type (`user_deactivated`…): how often the tenant really changed. */
function changesOf(l: FailureLoop, type: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of l.incydr.state.auditEvents) {
    if (event.type$ !== `audit_log::${type}/1`) continue;
    const id = String(event.resourceId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value).slice(0, 600)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The plan's deactivate-user items: the ones every test approves some of. */
function userItems(record: DecisionRecordView) {
  return record.items.filter((item) => item.action === 'deactivate-user');
}

/** Decides a request through both stages: approves `approve`, rejects the rest. */
async function decideAll(l: FailureLoop, requestId: number, approve: readonly string[]) {
  await l.decideStage(requestId, 'hr', approve);
  const afterHr = await l.record(requestId);
  if (afterHr.status === 'pending') await l.decideStage(requestId, 'legal', approve);
}

describe('approval loop failure cases in real n8n 2.40.7', () => {
  it('n8n is down when the decision is made: the outbox keeps the resume call and delivers it when n8n is back; the approved items run once', async () => {
    const l = loop();
    const path = 'loopfail-n8n-down';
    const workflowId = await l.importLoop(path);
    const { executionId, requestId } = await l.start(workflowId, path);
    const pending = await l.record(requestId);
    const users = userItems(pending);
    expect(users.length).toBeGreaterThanOrEqual(2);
    const approved = users.slice(0, 2).map((item) => item.id);
    const before = changesOf(l, 'user_deactivated');

    await l.n8n.down();
    await decideAll(l, requestId, approved);
    const stuck = await eventually('a failed resume attempt', () => l.record(requestId), (r) => r.resume.attempts >= 1);
    expect(stuck.status).toBe('decided');
    expect(stuck.resume).toMatchObject({ state: 'retrying' });
    expect(stuck.resume.lastError).toMatch(/^n8n unreachable \(/);
    expect(await l.pageText(requestId, 'admin')).toContain('The decision has not reached n8n yet');
    expect(changesOf(l, 'user_deactivated')).toEqual(before);

    await l.n8n.up();
    expect((await l.n8n.instance.getExecution(executionId)).status).toBe('waiting');
    // The outbox retries on its backoff (5 s doubling): after a slow n8n boot the next try can be minutes away.
    const resumed = await eventually(
      'the outbox to deliver and the execution to finish',
      async () => ({ execution: (await l.n8n.instance.getExecution(executionId)).status, resume: (await l.record(requestId)).resume }),
      (now) => (now.execution !== 'waiting' && now.execution !== 'running') || now.resume.state === 'not-waiting',
      330_000,
    );
    expect(resumed).toMatchObject({ execution: 'success', resume: { state: 'delivered' } });
    const done = await l.n8n.instance.getExecution(executionId);
    const delivered = await l.record(requestId);
    expect(delivered.resume.state).toBe('delivered');
    expect(delivered.resume.attempts).toBeGreaterThanOrEqual(1);

    const outcomes = l.outputOf(done, LOOP_NODES.execute) as unknown as Outcome[];
    expect(outcomes.filter((o) => o.status === 'succeeded').map((o) => o.itemId).sort()).toEqual([...approved].sort());
    for (const o of outcomes.filter((x) => !approved.includes(x.itemId))) expect(o.status).toBe('skipped');
    const after = changesOf(l, 'user_deactivated');
    const changed = [...after].filter(([id, n]) => n !== (before.get(id) ?? 0));
    expect(changed.map(([id]) => id).sort()).toEqual(users.slice(0, 2).map((item) => item.subject.id).sort());
    expect(changed.every(([id, n]) => n - (before.get(id) ?? 0) === 1)).toBe(true);
    for (const item of users.slice(0, 2)) expect(l.incydr.state.user(item.subject.id).active).toBe(false);
    for (const item of users.slice(2)) expect(l.incydr.state.user(item.subject.id).active).toBe(true);

    const reported = await eventually('the outcomes in the portal', () => l.record(requestId), (r) => r.items.some((i) => i.outcome !== null));
    for (const item of reported.items) {
      const expected = approved.includes(item.id) ? 'succeeded' : 'skipped';
      expect(item.outcome?.status).toBe(expected);
    }
  }, 600_000);
  it('the portal restarts while a request waits: the HR decision and the pending request survive, and Legal deciding afterwards resumes n8n', async () => {
    const l = loop();
    const path = 'loopfail-portal-restart';
    const workflowId = await l.importLoop(path);
    const { executionId, requestId } = await l.start(workflowId, path);
    const users = userItems(await l.record(requestId));
    expect(users.length).toBeGreaterThanOrEqual(1);
    const approved = [users[0]!.id];
    const before = changesOf(l, 'user_deactivated');

    await l.decideStage(requestId, 'hr', approved);
    const beforeRestart = await l.record(requestId);
    expect(beforeRestart.status).toBe('pending');
    await l.portal.restart();
    const afterRestart = await l.record(requestId);
    expect(afterRestart).toEqual(beforeRestart);
    expect(afterRestart.resume.state).toBe('waiting');
    expect((await l.n8n.instance.getExecution(executionId)).status).toBe('waiting');

    await l.decideStage(requestId, 'legal', approved);
    const done = await l.n8n.instance.waitForExecution(executionId, 'success', { timeoutMs: 120_000 });
    const outcomes = l.outputOf(done, LOOP_NODES.execute) as unknown as Outcome[];
    expect(outcomes.filter((o) => o.status === 'succeeded').map((o) => o.itemId)).toEqual(approved);
    const after = changesOf(l, 'user_deactivated');
    expect([...after].filter(([id, n]) => n !== (before.get(id) ?? 0))).toEqual([[users[0]!.subject.id, (before.get(users[0]!.subject.id) ?? 0) + 1]]);
    const reported = await eventually('the outcomes in the portal', () => l.record(requestId), (r) => r.items.every((i) => i.outcome !== null));
    expect(reported.resume.state).toBe('delivered');
    expect(reported.items.find((i) => i.id === approved[0])!.outcome!.status).toBe('succeeded');
    expect(await l.pageText(requestId, 'legal')).toContain('n8n received the decision and resumed the workflow.');
  });

  it('Incydr throttles (429 + Retry-After) and fails (5xx) during Execute Plan: nothing runs twice, nothing is lost, failures are reported per item', async () => {
    const l = loop();
    const path = 'loopfail-throttled';
    const workflowId = await l.importLoop(path);
    const { executionId, requestId } = await l.start(workflowId, path);
    const users = userItems(await l.record(requestId));
    expect(users.length).toBeGreaterThanOrEqual(3);
    const approved = users.map((item) => item.id);
    const before = changesOf(l, 'user_deactivated');

    // Every second request is throttled for 1 s and two in every seven fail with 502/503/504: Execute Plan's
    // retries (4, with backoff) ride all of that out.
    l.incydr.faults.resetCounts();
    l.incydr.faults.configure({ rateLimitEvery: 2, retryAfterSeconds: 1, errorBurst: { every: 7, length: 2 } });
    try {
      await decideAll(l, requestId, approved);
      // Once the first user is deactivated, the next five requests fail: one request fails every one of its five
      // tries, so exactly that item fails while the rest carry on.
      await eventually(
        'the first deactivation',
        async () => Object.entries(l.incydr.faults.snapshot().requests).filter(([key, count]) => /^POST \/v1\/users\/[^/]+\/deactivate$/.test(key) && count.succeeded > 0),
        (deactivated) => deactivated.length > 0,
        120_000,
      );
      l.incydr.faults.burstNow(5);
      await l.n8n.instance.waitForExecution(executionId, 'success', { timeoutMs: 150_000 });
    } finally {
      l.incydr.faults.configure({});
    }
    const done = await l.n8n.instance.getExecution(executionId);
    const outcomes = l.outputOf(done, LOOP_NODES.execute) as unknown as Outcome[];
    const mine = outcomes.filter((o) => approved.includes(o.itemId));
    // None lost: every approved item has a result of its own.
    expect(mine.map((o) => o.itemId).sort()).toEqual([...approved].sort());
    const failed = mine.filter((o) => o.status === 'failed');
    const succeeded = mine.filter((o) => o.status === 'succeeded');
    expect(failed.length).toBe(1);
    expect(succeeded.length).toBe(approved.length - 1);
    expect(failed[0]!.message).toMatch(/HTTP 50[234]/);

    // Nothing twice: each succeeded user changed exactly once, the failed one not at all.
    const after = changesOf(l, 'user_deactivated');
    for (const o of succeeded) {
      expect((after.get(o.subject.id) ?? 0) - (before.get(o.subject.id) ?? 0)).toBe(1);
      expect(l.incydr.state.user(o.subject.id).active).toBe(false);
    }
    expect((after.get(failed[0]!.subject.id) ?? 0) - (before.get(failed[0]!.subject.id) ?? 0)).toBe(0);
    expect(l.incydr.state.user(failed[0]!.subject.id).active).toBe(true);
    const requests = l.incydr.faults.snapshot().requests;
    const deactivations = Object.entries(requests).filter(([key]) => /^POST \/v1\/users\/[^/]+\/deactivate$/.test(key));
    expect(deactivations.every(([, count]) => count.succeeded <= 1)).toBe(true);
    // The faults really happened: some requests were answered 429 or 5xx and tried again.
    expect(Object.values(requests).some((count) => count.arrived > count.succeeded)).toBe(true);

    const reported = await eventually('the outcomes in the portal', () => l.record(requestId), (r) => r.items.every((i) => i.outcome !== null));
    for (const o of mine) expect(reported.items.find((i) => i.id === o.itemId)!.outcome).toMatchObject({ status: o.status, message: o.message });
    expect(await l.pageText(requestId, 'hr')).toContain(`executed: failed — ${failed[0]!.message}`);
  });

  it('a decision for an execution that was stopped: the portal shows that n8n no longer waits and nothing is executed', async () => {
    const l = loop();
    const path = 'loopfail-stopped';
    const workflowId = await l.importLoop(path);
    const { executionId, requestId } = await l.start(workflowId, path);
    const users = userItems(await l.record(requestId));
    const before = changesOf(l, 'user_deactivated');
    await l.n8n.instance.api(`/executions/${executionId}/stop`, { method: 'POST' });
    const stopped = await l.n8n.instance.getExecution(executionId);
    expect(stopped.status).toBe('canceled');

    await decideAll(l, requestId, users.map((item) => item.id));
    const gone = await eventually('the portal to give the resume call up', () => l.record(requestId), (r) => r.resume.state !== 'queued' && r.resume.state !== 'waiting');
    expect(gone.resume.state).toBe('not-waiting');
    expect(gone.resume.lastError).toMatch(/^n8n execution no longer waiting; nothing was executed/);
    expect(await l.pageText(requestId, 'admin')).toContain('n8n execution no longer waiting; nothing was executed.');
    expect(changesOf(l, 'user_deactivated')).toEqual(before);
    const after = await l.n8n.instance.getExecution(executionId);
    expect(after.status).toBe('canceled');
    expect(l.outputOf(after, LOOP_NODES.execute)).toEqual([]);
    expect(gone.items.every((i) => i.outcome === null)).toBe(true);
  });
  it('a decision after the Wait time limit passed: the execution went on without it, the portal shows that n8n no longer waits, nothing is executed', async () => {
    const l = loop();
    const path = 'loopfail-timed-out';
    // The shortest limit the Wait node offers; n8n's wait tracker wakes the execution about a minute later.
    const workflowId = await l.importLoop(path, { waitLimitMinutes: 1 });
    const { executionId, requestId } = await l.start(workflowId, path);
    const users = userItems(await l.record(requestId));
    const before = changesOf(l, 'user_deactivated');
    const timedOut = await l.n8n.instance.waitForExecution(executionId, 'success', { timeoutMs: 150_000 });
    expect(l.outputOf(timedOut, LOOP_NODES.finishUndecided)).toHaveLength(1);
    expect(l.outputOf(timedOut, LOOP_NODES.execute)).toEqual([]);

    await decideAll(l, requestId, users.map((item) => item.id));
    const gone = await eventually('the portal to give the resume call up', () => l.record(requestId), (r) => r.resume.state !== 'queued' && r.resume.state !== 'waiting');
    expect(gone.resume.state).toBe('not-waiting');
    expect(gone.resume.lastError).toMatch(/^n8n execution no longer waiting; nothing was executed/);
    expect(await l.pageText(requestId, 'admin')).toContain('n8n execution no longer waiting; nothing was executed.');
    expect(changesOf(l, 'user_deactivated')).toEqual(before);
    const after = await l.n8n.instance.getExecution(executionId);
    expect(l.outputOf(after, LOOP_NODES.execute)).toEqual([]);
    expect(gone.items.every((i) => i.outcome === null)).toBe(true);
  }, 300_000);
});
