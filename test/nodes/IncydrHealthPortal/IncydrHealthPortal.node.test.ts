/**
 * The Incydr Health Portal node's execute path against a real portal over HTTP: every operation, batching,
 * validation errors, Continue On Fail and pairedItem. Decisions are made through the portal's own service, as a
 * reviewer's click would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncydrHealthPortal } from '../../../nodes/nodes/IncydrHealthPortal/IncydrHealthPortal.node.js';
import { decide, loadRequest } from '../../../portal/src/services/approvals.js';
import { addHold } from '../../../portal/src/services/holds.js';
import { findingsOfRun } from '../../../portal/src/services/runs.js';
import { makePlan, resumeUrl } from '../../portal/fixtures.js';
import { runPortalNode, servePortal, testNode, type IDataObject, type PortalCredential, type ServedPortal } from './portal-harness.js';

let served: ServedPortal;
let credential: PortalCredential;

beforeAll(async () => {
  served = await servePortal();
  credential = { url: `${served.url}/`, apiToken: await served.portal.token() };
});
afterAll(async () => {
  await served?.close();
});

const run = (parameters: Record<string, unknown>, extra: { items?: IDataObject[]; continueOnFail?: boolean; credential?: PortalCredential } = {}) =>
  runPortalNode({ parameters, credential: extra.credential ?? credential, items: extra.items, continueOnFail: extra.continueOnFail });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the node should have thrown').toBeInstanceOf(Error);
  return error as Error;
}

function expectNodeError(error: Error, name: 'NodeApiError' | 'NodeOperationError', message: RegExp) {
  expect(error.name).toBe(name);
  expect(error).toHaveProperty('node', testNode);
  expect(error.message).toMatch(message);
  expect(JSON.stringify({ ...error, message: error.message })).not.toContain(credential.apiToken);
}

async function startRun(executionId: string): Promise<number> {
  const { output } = await run({ resource: 'run', operation: 'start', workflowName: 'Offboarding cross-check', executionId, trigger: 'manual' });
  return output[0]!.json.runId as number;
}

/** A core Finding (as the analyses emit) for a terminated user still active in Incydr. */
function terminatedUser(i: number): IDataObject {
  return {
    subject: { type: 'user', id: `u-${i}`, name: `person${i}@corp.example` },
    action: 'deactivate-user',
    reasons: [{ code: 'TERMINATED_STILL_ACTIVE', message: `Person ${i} left but is active.`, evidence: { hrRecordId: `HR-${i}`, terminationDate: '2026-11-01' } }],
  };
}

describe('description', () => {
  const { description } = new IncydrHealthPortal();
  it('is incydrHealthPortal, usable as a tool, with the portal credential and an action for every operation', () => {
    expect(description).toMatchObject({ name: 'incydrHealthPortal', displayName: 'Incydr Health Portal', usableAsTool: true });
    expect(description.credentials).toEqual([{ name: 'incydrHealthPortalApi', required: true }]);
    const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options ?? []);
    expect(operations.map((o) => (o as { value: string }).value).sort()).toEqual(['addFindings', 'finish', 'getDecision', 'getPreservationRegister', 'request', 'start']);
    for (const option of operations) expect(option).toHaveProperty('action', expect.stringMatching(/^[A-Z]\w* /));
  });

  it('defaults Request Approval to $json.plan and $execution.resumeUrl, and Get Decision to the Wait node body', () => {
    const byName = (name: string) => description.properties.filter((p) => p.name === name);
    expect(byName('plan')[0]!.default).toBe('={{ $json.plan }}');
    expect(byName('resumeUrl')[0]!.default).toBe('={{ $execution.resumeUrl }}');
    expect(byName('requestId').find((p) => p.displayOptions?.show?.operation?.includes('getDecision'))!.default).toBe('={{ $json.body?.requestId }}');
  });
});

describe('Run', () => {
  it('Start returns a run id, and a retried Start of the same execution returns the same run', async () => {
    const first = await run({ resource: 'run', operation: 'start', workflowName: 'Stale devices', executionId: 'e-1', trigger: 'schedule' });
    expect(first.output).toEqual([{ json: expect.objectContaining({ runId: expect.any(Number), created: true }), pairedItem: { item: 0 } }]);
    const again = await run({ resource: 'run', operation: 'start', workflowName: 'Stale devices', executionId: 'e-1', trigger: 'schedule' });
    expect(again.output[0]!.json).toMatchObject({ runId: first.output[0]!.json.runId, created: false });
  });

  it('Add Findings sends 1,001 findings in two requests, each output paired with the items it carried', async () => {
    const runId = await startRun('e-batch');
    const items = Array.from({ length: 1001 }, (_, i) => terminatedUser(i + 1));
    const { output, log } = await run({ resource: 'run', operation: 'addFindings', runId: String(runId), category: 'auto' }, { items });
    expect(log.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /api/v1/runs/${runId}/findings`, `POST /api/v1/runs/${runId}/findings`]);
    expect(output.map((o) => o.json)).toEqual([
      { runId, batch: 1, batches: 2, sent: 1000, added: 1000, skipped: 0 },
      { runId, batch: 2, batches: 2, sent: 1, added: 1, skipped: 0 },
    ]);
    expect(output[0]!.pairedItem).toHaveLength(1000);
    expect(output[1]!.pairedItem).toEqual([{ item: 1000 }]);
    const stored = await findingsOfRun(served.portal.ctx, runId);
    expect(stored).toHaveLength(1001);
    expect(stored.find((f) => f.subjectId === 'u-7')).toMatchObject({
      category: 'terminated-active-user',
      subjectName: 'person7@corp.example',
      reason: 'Person 7 left but is active.',
      details: { hrRecordId: 'HR-7', terminationDate: '2026-11-01', reasonCodes: ['TERMINATED_STILL_ACTIVE'], proposedAction: 'deactivate-user' },
    });
  });

  it('Add Findings honours a smaller Batch Size and re-sending the same findings adds nothing', async () => {
    const runId = await startRun('e-small');
    const items = Array.from({ length: 5 }, (_, i) => terminatedUser(i + 1));
    const first = await run({ resource: 'run', operation: 'addFindings', runId, category: 'auto', batchSize: 2 }, { items });
    expect(first.output.map((o) => [o.json.sent, o.json.added])).toEqual([[2, 2], [2, 2], [1, 1]]);
    const again = await run({ resource: 'run', operation: 'addFindings', runId, category: 'auto', batchSize: 2 }, { items });
    expect(again.output.map((o) => o.json.skipped)).toEqual([2, 2, 1]);
  });

  it('Add Findings stops on an item it cannot map, naming it; with Continue On Fail that item errors and the rest are sent', async () => {
    const runId = await startRun('e-bad');
    const items = [terminatedUser(1), { hello: 'world' }, terminatedUser(2)];
    const error = await failureOf(run({ resource: 'run', operation: 'addFindings', runId, category: 'auto' }, { items }));
    expectNodeError(error, 'NodeOperationError', /^Item 1 cannot be sent as a finding: it is neither a portal finding/);
    expect(await findingsOfRun(served.portal.ctx, runId)).toHaveLength(0);

    const { output } = await run({ resource: 'run', operation: 'addFindings', runId, category: 'auto' }, { items, continueOnFail: true });
    expect(output[0]).toEqual({ json: { error: expect.stringMatching(/^Item 1 cannot be sent/) }, pairedItem: { item: 1 } });
    expect(output[1]).toEqual({ json: expect.objectContaining({ sent: 2, added: 2 }), pairedItem: [{ item: 0 }, { item: 2 }] });
  });

  it('Add Findings to a run that does not exist is a NodeApiError with the portal message and status', async () => {
    const error = await failureOf(run({ resource: 'run', operation: 'addFindings', runId: 999999, category: 'auto' }, { items: [terminatedUser(1)] }));
    expectNodeError(error, 'NodeApiError', /^The portal refused POST \/runs\/999999\/findings: Run 999999 does not exist/);
    expect(error).toHaveProperty('httpCode', '404');
  });

  it('a Run ID that is not a number is refused before any request', async () => {
    const { output, log } = await run({ resource: 'run', operation: 'addFindings', runId: 'abc', category: 'auto' }, { items: [terminatedUser(1)], continueOnFail: true });
    expect(log.requests).toEqual([]);
    expect(output).toEqual([{ json: { error: 'Run ID must be a positive whole number, got "abc"' }, pairedItem: { item: 0 } }]);
  });
});

describe('Approval', () => {
  it('Request submits the plan from the input item and returns the request id; a retry returns the same request', async () => {
    const plan = makePlan(3);
    const parameters = { plan, title: 'Offboarding November', resumeUrl: resumeUrl('r-1'), stages: [], order: 'parallel', additionalFields: { requesterEmail: 'ops@corp.example' } };
    const { output } = await run({ resource: 'approval', operation: 'request', ...parameters });
    expect(output).toEqual([
      { json: expect.objectContaining({ requestId: expect.any(Number), status: 'pending', created: true, planHash: plan.hash, items: 3 }), pairedItem: { item: 0 } },
    ]);
    const requestId = output[0]!.json.requestId as number;
    const loaded = (await loadRequest(served.portal.ctx, requestId))!;
    expect(loaded.request).toMatchObject({ stageOrder: 'parallel', stages: ['hr', 'legal'], requesterEmail: 'ops@corp.example', planHash: plan.hash });
    const retry = await run({ resource: 'approval', operation: 'request', ...parameters });
    expect(retry.output[0]!.json).toMatchObject({ requestId, created: false });
  });

  it('Request refuses a tampered plan with the portal message (422), and a plan that is not a plan before sending', async () => {
    const plan = makePlan(2);
    plan.items[0]!.subject.name = 'someone-else@corp.example';
    const error = await failureOf(run({ resource: 'approval', operation: 'request', plan, title: 'T', resumeUrl: resumeUrl('r-2'), stages: [], order: 'sequential', additionalFields: {} }));
    expectNodeError(error, 'NodeApiError', /The plan hash does not match its items/);
    expect(error).toHaveProperty('httpCode', '422');

    const { output, log } = await run(
      { resource: 'approval', operation: 'request', plan: '{"items": "no"}', title: 'T', resumeUrl: resumeUrl('r-3'), stages: [], order: 'sequential', additionalFields: {} },
      { continueOnFail: true },
    );
    expect(log.requests).toEqual([]);
    expect(output[0]!.json.error).toBe('Plan is not an action plan: it needs items and a hash');
  });

  it('Request refuses a resume URL outside the portal\'s n8n, with the portal\'s reason', async () => {
    const error = await failureOf(
      run({ resource: 'approval', operation: 'request', plan: makePlan(1), title: 'T', resumeUrl: 'https://evil.example/webhook-waiting/1', stages: [], order: 'sequential', additionalFields: {} }),
    );
    expectNodeError(error, 'NodeApiError', /^The portal refused POST \/approval-requests: .*PORTAL_N8N_URL|n8n/);
  });

  it('Get Decision returns the authoritative record with approved and rejected ids and who decided; or one item per approved item', async () => {
    const plan = makePlan(3);
    const { output } = await run({ resource: 'approval', operation: 'request', plan, title: 'Decide me', resumeUrl: resumeUrl('r-4'), stages: [], order: 'sequential', additionalFields: {} });
    const requestId = output[0]!.json.requestId as number;
    const ids = (await loadRequest(served.portal.ctx, requestId))!.items.map((i) => i.id);
    const hr = await served.portal.addUser('hr', 'hanna');
    const legal = await served.portal.addUser('legal', 'lars');
    await decide(served.portal.ctx, hr, requestId, { itemIds: ids.slice(0, 2), verdict: 'approve', comment: 'left the company' });
    await decide(served.portal.ctx, hr, requestId, { itemIds: [ids[2]!], verdict: 'reject', comment: 'still on notice' });
    await decide(served.portal.ctx, legal, requestId, { itemIds: [ids[0]!], verdict: 'approve', comment: '' });
    await decide(served.portal.ctx, legal, requestId, { itemIds: [ids[1]!], verdict: 'reject', comment: 'matter pending' });

    // The Wait node's output carries the portal's body; the default Request ID reads it from there.
    const decision = await run({ resource: 'approval', operation: 'getDecision', requestId: String(requestId), output: 'record' }, { items: [{ body: { requestId } }] });
    expect(decision.output).toHaveLength(1);
    const record = decision.output[0]!.json as Record<string, unknown> & { items: { id: string; decisions: IDataObject[] }[] };
    expect(record).toMatchObject({
      requestId,
      status: 'decided',
      plan: { kind: 'offboarding', hash: plan.hash },
      approvedItems: [plan.items[0]!.id],
      rejectedItems: [plan.items[1]!.id, plan.items[2]!.id],
      undecidedItems: [],
    });
    expect(record.items[1]!.decisions).toEqual([
      expect.objectContaining({ stage: 'hr', verdict: 'approve', comment: 'left the company', decidedBy: { username: 'hanna', displayName: 'Test hanna', role: 'hr' } }),
      expect.objectContaining({ stage: 'legal', verdict: 'reject', comment: 'matter pending', decidedBy: { username: 'lars', displayName: 'Test lars', role: 'legal' } }),
    ]);

    const split = await run({ resource: 'approval', operation: 'getDecision', requestId, output: 'approvedItems' });
    expect(split.output).toEqual([
      { json: expect.objectContaining({ requestId, planHash: plan.hash, id: plan.items[0]!.id, state: 'approved' }), pairedItem: { item: 0 } },
    ]);
  });

  it('Get Decision of an unknown request is a 404 NodeApiError; with Continue On Fail an error item paired with its input', async () => {
    const error = await failureOf(run({ resource: 'approval', operation: 'getDecision', requestId: 424242, output: 'record' }));
    expectNodeError(error, 'NodeApiError', /Approval request 424242 does not exist/);
    expect(error).toHaveProperty('httpCode', '404');
    const { output } = await run({ resource: 'approval', operation: 'getDecision', requestId: (i: number) => (i === 0 ? 424242 : ''), output: 'record' }, { items: [{}, {}], continueOnFail: true });
    expect(output).toEqual([
      { json: { error: expect.stringMatching(/does not exist/), httpCode: '404' }, pairedItem: { item: 0 } },
      { json: { error: 'Request ID is empty: this item carries no approval request ID' }, pairedItem: { item: 1 } },
    ]);
  });

  it('Get Decision after a Wait time-out (no body) explains what happened and how to branch', async () => {
    const error = await failureOf(run({ resource: 'approval', operation: 'getDecision', requestId: undefined as unknown as string, output: 'record' }));
    expectNodeError(error, 'NodeOperationError', /^Request ID is empty/);
    expect((error as { description?: string }).description).toMatch(/time limit passed[\s\S]*\$json\.body\?\.requestId/);
    const notNumber = await failureOf(run({ resource: 'approval', operation: 'getDecision', requestId: 'twelve', output: 'record' }));
    expect(notNumber.message).toBe('Request ID must be a positive whole number, got "twelve"');
  });

  it('Get Preservation Register emits manual holds in the ManualHold shape and every protected subject', async () => {
    const legal = await served.portal.addUser('legal', 'lena');
    await addHold(served.portal.ctx, { id: legal.id, name: 'user:lena' }, { subjectType: 'user', subjectId: 'u-held', subjectName: 'held@corp.example', reason: 'Matter 2026-17' });
    const { output } = await run({ resource: 'approval', operation: 'getPreservationRegister' });
    expect(output).toHaveLength(1);
    expect(output[0]!.json.manualHolds).toContainEqual({ subjectType: 'user', subjectId: 'u-held', reason: 'Matter 2026-17', owner: 'lena', createdAt: expect.any(String) });
    expect(output[0]!.json.protectedSubjects).toContainEqual(expect.objectContaining({ source: 'hold', subjectId: 'u-held', subjectName: 'held@corp.example' }));
  });
});

describe('Run › Finish', () => {
  it('forwards Execute Plan outcomes to the request, then closes the run with status and counts', async () => {
    const runId = await startRun('e-finish');
    const plan = makePlan(3, { roles: ['hr'], salt: 'fin' });
    const { output } = await run({ resource: 'approval', operation: 'request', plan, title: 'Finish me', resumeUrl: resumeUrl('r-fin'), stages: [], order: 'sequential', additionalFields: { runId: String(runId) } });
    const requestId = output[0]!.json.requestId as number;
    const hr = await served.portal.addUser('hr');
    const ids = (await loadRequest(served.portal.ctx, requestId))!.items.map((i) => i.id);
    await decide(served.portal.ctx, hr, requestId, { itemIds: ids, verdict: 'approve', comment: '' });

    const outcomes: IDataObject[] = [
      { itemId: plan.items[0]!.id, action: 'deactivate-user', subject: plan.items[0]!.subject as unknown as IDataObject, status: 'succeeded', message: 'Deactivated.' },
      { itemId: plan.items[1]!.id, action: 'deactivate-user', status: 'skipped', message: 'Preserved: legal hold', preservedBy: [] },
      { itemId: plan.items[2]!.id, action: 'deactivate-user', status: 'failed', message: 'Incydr answered 500' },
    ];
    const finished = await run(
      { resource: 'run', operation: 'finish', runId, status: 'succeeded', counts: '{"usersChecked": 40}', reportOutcomes: true, requestId },
      { items: outcomes },
    );
    expect(finished.output).toHaveLength(1);
    expect(finished.output[0]!.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    expect(finished.output[0]!.json).toMatchObject({
      runId,
      status: 'succeeded',
      counts: { usersChecked: 40, 'outcomes.succeeded': 1, 'outcomes.skipped': 1, 'outcomes.failed': 1 },
      outcomes: { requestId, reported: 3, recorded: 3 },
      run: { id: runId, status: 'succeeded', finishedAt: expect.any(Number) },
    });
    const loaded = (await loadRequest(served.portal.ctx, requestId))!;
    expect(loaded.outcomes.map((o) => o.status).sort()).toEqual(['failed', 'skipped', 'succeeded']);
  });

  it('refuses input that is not an outcome, and bad Counts, before any request', async () => {
    const runId = await startRun('e-finish-bad');
    let error = await failureOf(run({ resource: 'run', operation: 'finish', runId, status: 'failed', counts: '{}', reportOutcomes: true, requestId: 1 }, { items: [{ itemId: 'x', status: 'done' }] }));
    expectNodeError(error, 'NodeOperationError', /^Item 0 is not a plan item outcome/);
    error = await failureOf(run({ resource: 'run', operation: 'finish', runId, status: 'failed', counts: '{"a": -1}', reportOutcomes: false }));
    expectNodeError(error, 'NodeOperationError', /^Counts must be a JSON object of whole numbers/);
    const { output } = await run({ resource: 'run', operation: 'finish', runId, status: 'failed', counts: '{', reportOutcomes: false }, { continueOnFail: true });
    expect(output).toEqual([{ json: { error: 'Counts is not valid JSON' }, pairedItem: [{ item: 0 }] }]);
  });

  it('outcomes for items the request does not have come back as the portal 422', async () => {
    const runId = await startRun('e-finish-unknown');
    const plan = makePlan(1, { roles: ['hr'], salt: 'unk' });
    const { output } = await run({ resource: 'approval', operation: 'request', plan, title: 'U', resumeUrl: resumeUrl('r-unk'), stages: [], order: 'sequential', additionalFields: {} });
    const requestId = output[0]!.json.requestId as number;
    const hr = await served.portal.addUser('hr');
    await decide(served.portal.ctx, hr, requestId, { itemIds: (await loadRequest(served.portal.ctx, requestId))!.items.map((i) => i.id), verdict: 'reject', comment: 'no' });
    const error = await failureOf(
      run({ resource: 'run', operation: 'finish', runId, status: 'succeeded', counts: '{}', reportOutcomes: true, requestId }, { items: [{ itemId: 'deactivate-user:user:nobody', status: 'skipped', message: 'not approved' }] }),
    );
    expectNodeError(error, 'NodeApiError', /Unknown item id\(s\) for this request: deactivate-user:user:nobody/);
  });
});

describe('credential problems', () => {
  it('a wrong token is a 401 NodeApiError that says so and never repeats the token', async () => {
    const wrong = { url: served.url, apiToken: 'ihp_definitely-not-a-token' };
    const error = await failureOf(run({ resource: 'approval', operation: 'getPreservationRegister' }, { credential: wrong }));
    expect(error.name).toBe('NodeApiError');
    expect(error.message).toMatch(/This API token is unknown, revoked or expired/);
    expect(JSON.stringify({ ...error, message: error.message, description: (error as { description?: string }).description })).not.toContain(wrong.apiToken);
  });

  it('a token without the needed scope gets the portal\'s 403 naming the scope', async () => {
    const readOnly = { url: served.url, apiToken: await served.portal.token(['register:read']) };
    const error = await failureOf(run({ resource: 'run', operation: 'start', workflowName: 'W', executionId: '1', trigger: 'manual' }, { credential: readOnly }));
    expect(error.message).toMatch(/lacks the scope "runs:write"/);
    expect(error).toHaveProperty('httpCode', '403');
  });

  it('an unreachable portal and a Portal URL that is not a URL are clear errors', async () => {
    const closed = await servePortal();
    await closed.close();
    const down = { url: closed.url, apiToken: credential.apiToken };
    const error = await failureOf(run({ resource: 'approval', operation: 'getPreservationRegister' }, { credential: down }));
    // n8n words a refused connection its own way; the description still points at the credential.
    expect(error.name).toBe('NodeApiError');
    expect(error.message).toMatch(/refused the connection/);
    expect((error as { description?: string }).description).toContain(`Check the credential's Portal URL (${closed.url})`);
    const bad = await failureOf(run({ resource: 'approval', operation: 'getPreservationRegister' }, { credential: { url: 'portal.corp', apiToken: 'x' } }));
    expect(bad.message).toMatch(/Portal URL "portal.corp" is not a URL/);
  });
});
