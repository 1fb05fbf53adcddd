import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';
import { decide, decisionRecord, expireDue, loadRequest, queueReminders, reportOutcomes, submitPlan } from '../../../portal/src/services/approvals.js';
import { addHold } from '../../../portal/src/services/holds.js';
import { listOutbox } from '../../../portal/src/services/outbox.js';
import { addFindings, upsertRun } from '../../../portal/src/services/runs.js';
import { createApiToken, type ApiPrincipal } from '../../../portal/src/services/api-tokens.js';
import { makePlan, planHash, resumeUrl } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

let t: TestPortal;
beforeEach(async () => {
  t = await createTestPortal();
});
afterEach(() => t.dispose());

const principal: ApiPrincipal = { tokenId: 0, name: 'n8n', scopes: ['approvals:write'] };

async function submit(plan: ActionPlan, extra: Partial<Parameters<typeof submitPlan>[2]> = {}) {
  const { row } = await createApiToken(t.ctx, { id: null, name: 'test' }, { name: 'n8n', scopes: ['approvals:write'], expiresAt: null });
  const { request } = await submitPlan(t.ctx, { ...principal, tokenId: row.id }, {
    plan,
    title: 'Offboarding',
    order: 'sequential',
    resumeUrl: resumeUrl(String(plan.items.length)),
    ...extra,
  });
  return request;
}

async function itemIds(requestId: number): Promise<number[]> {
  return (await loadRequest(t.ctx, requestId))!.items.map((i) => i.id);
}

describe('deciding', () => {
  it('100 simultaneous decisions on one item store one decision and one resume call', async () => {
    const request = await submit(makePlan(1, { roles: ['hr'] }));
    const [itemId] = await itemIds(request.id);
    const reviewers = await Promise.all(Array.from({ length: 4 }, () => t.addUser('hr')));
    const attempts = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => decide(t.ctx, reviewers[i % 4]!, request.id, { itemIds: [itemId!], verdict: 'approve', comment: '' })),
    );
    const winners = attempts.filter((a) => a.status === 'fulfilled' && a.value.results[0]!.ok);
    expect(winners).toHaveLength(1);
    // The losers get a clear message, not an error: either "already approved by …" or "already decided".
    for (const a of attempts) {
      if (a.status === 'rejected') expect(String(a.reason)).toMatch(/already decided/);
      else if (!a.value.results[0]!.ok) expect(a.value.results[0]!.message).toMatch(/Already approved by|already decided/i);
    }
    const decisions = await t.ctx.database.client.execute('select count(*) from decisions');
    expect(decisions.rows[0]![0]).toBe(1);
    const resumes = (await listOutbox(t.ctx, 'resume')).filter((r) => r.key === `resume:${request.id}`);
    expect(resumes).toHaveLength(1);
  });

  it('lets only the stage role decide and refuses other roles with 403', async () => {
    const request = await submit(makePlan(2));
    const ids = await itemIds(request.id);
    for (const role of ['admin', 'ops', 'viewer'] as const) {
      const user = await t.addUser(role);
      await expect(decide(t.ctx, user, request.id, { itemIds: ids, verdict: 'approve', comment: '' })).rejects.toMatchObject({ status: 403 });
    }
    const legal = await t.addUser('legal');
    const early = await decide(t.ctx, legal, request.id, { itemIds: ids, verdict: 'approve', comment: '' });
    expect(early.results.map((r) => r.message)).toEqual([
      'This stage opens once the earlier stage has decided every item.',
      'This stage opens once the earlier stage has decided every item.',
    ]);
  });

  it('requires a comment to reject', async () => {
    const request = await submit(makePlan(1, { roles: ['hr'] }));
    const hr = await t.addUser('hr');
    await expect(decide(t.ctx, hr, request.id, { itemIds: await itemIds(request.id), verdict: 'reject', comment: '  ' })).rejects.toMatchObject({
      status: 422,
      message: 'Say why you reject: a comment is required for rejections.',
    });
  });

  it('carries items nobody needs to sign for information: never decided, never listed as approved', async () => {
    const hr = await t.addUser('hr', 'hank', 'hank@example.test');
    const base = makePlan(2, { roles: ['hr'] });
    const snooze: PlanItem = { ...base.items[1]!, id: 'snooze:user:u-2', action: 'snooze', requiredRoles: [] };
    const items = [base.items[0]!, snooze];
    const plan: ActionPlan = { ...base, items, hash: planHash(base.kind, items) };
    const request = await submit(plan);
    expect(request.stages).toEqual(['hr']);
    const [deactivate, snoozed] = await itemIds(request.id);
    const refused = await decide(t.ctx, hr, request.id, { itemIds: [snoozed!], verdict: 'approve', comment: '' });
    expect(refused.results).toEqual([{ itemId: snoozed, ok: false, message: 'This item does not need a decision from that stage.' }]);
    const final = await decide(t.ctx, hr, request.id, { itemIds: [deactivate!], verdict: 'approve', comment: '' });
    expect(final.resolved).toBe(true);
    const record = decisionRecord((await loadRequest(t.ctx, request.id))!);
    expect(record.approvedItems).toEqual(['deactivate-user:user:u-1']);
    expect(record.noApprovalNeededItems).toEqual(['snooze:user:u-2']);
    expect(record.items[1]).toMatchObject({ state: 'no-approval-needed', decisions: [] });
  });

  it('refuses a plan in which no item needs a decision, saying why', async () => {
    const base = makePlan(1, { roles: [] });
    await expect(submit(base)).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/^No item in this plan needs a decision/) });
  });

  it('runs HR then Legal, notifies each stage once, and resolves with the full record', async () => {
    await t.addUser('legal', 'lena', 'lena@example.test');
    const hr = await t.addUser('hr', 'hank', 'hank@example.test');
    const legal = await t.addUser('legal', 'lou', 'lou@example.test');
    const request = await submit(makePlan(3), { requesterEmail: 'ops@example.test' });
    const [a, b, c] = await itemIds(request.id);
    let mail = (await listOutbox(t.ctx, 'mail')).map((r) => r.key);
    expect(mail).toEqual([`notify:${request.id}:hr`]);

    await decide(t.ctx, hr, request.id, { itemIds: [a!, b!], verdict: 'approve', comment: 'confirmed in Workday' });
    await decide(t.ctx, hr, request.id, { itemIds: [c!], verdict: 'reject', comment: 'rehired' });
    mail = (await listOutbox(t.ctx, 'mail')).map((r) => r.key);
    expect(mail.sort()).toEqual([`notify:${request.id}:hr`, `notify:${request.id}:legal`]);
    const legalMail = JSON.parse((await listOutbox(t.ctx, 'mail')).find((r) => r.key.endsWith(':legal'))!.payload);
    expect(legalMail.to.sort()).toEqual(['lena@example.test', 'lou@example.test']);
    expect(legalMail.text).toMatch(/2 items waiting for the Legal stage/);
    expect(JSON.stringify(legalMail)).not.toMatch(/person\d|corp\.example|HR-10/);

    const final = await decide(t.ctx, legal, request.id, { itemIds: [a!, b!], verdict: 'approve', comment: '' });
    expect(final.resolved).toBe(true);
    const record = decisionRecord((await loadRequest(t.ctx, request.id))!);
    expect(record.status).toBe('decided');
    expect(record.approvedItems).toEqual(['deactivate-user:user:u-1', 'deactivate-user:user:u-2']);
    expect(record.rejectedItems).toEqual(['deactivate-user:user:u-3']);
    expect(record.items[2]!.decisions).toEqual([
      { stage: 'hr', verdict: 'reject', comment: 'rehired', decidedBy: { username: 'hank', displayName: 'Test hank', role: 'hr' }, decidedAt: '2026-11-25T09:00:00.000Z' },
    ]);
    const keys = (await listOutbox(t.ctx)).map((r) => r.key);
    expect(keys).toEqual(expect.arrayContaining([`resume:${request.id}`, `resolved:${request.id}`]));
    await expect(decide(t.ctx, legal, request.id, { itemIds: [a!], verdict: 'reject', comment: 'late' })).rejects.toMatchObject({ status: 409 });
  });

  it('refuses to approve an item protected by a hold added after the request, but allows rejecting it', async () => {
    const request = await submit(makePlan(2, { roles: ['hr'] }));
    const [a, b] = await itemIds(request.id);
    const legal = await t.addUser('legal');
    await addHold(t.ctx, { id: legal.id, name: 'user:legal' }, { subjectType: 'user', subjectId: 'u-1', subjectName: 'person1', reason: 'Matter 2026-17' });
    const hr = await t.addUser('hr');
    const attempt = await decide(t.ctx, hr, request.id, { itemIds: [a!, b!], verdict: 'approve', comment: '' });
    expect(attempt.results).toEqual([
      { itemId: a, ok: false, message: 'Cannot be approved. Protected by a manual preservation hold: Matter 2026-17' },
      { itemId: b, ok: true, message: 'Approved.' },
    ]);
    const reject = await decide(t.ctx, hr, request.id, { itemIds: [a!], verdict: 'reject', comment: 'on hold' });
    expect(reject.results[0]!.ok).toBe(true);
  });

  it('refuses to approve an item a later run marked as preserved', async () => {
    const request = await submit(makePlan(1, { roles: ['hr'] }));
    t.clock.advance(60_000);
    const { run } = await upsertRun(t.ctx, { workflow: 'Legal holds', executionId: '9', trigger: 'schedule', status: 'succeeded', startedAt: t.clock.now() });
    await addFindings(t.ctx, run.id, [{ category: 'preserved-subject', subjectType: 'user', subjectId: 'u-1', subjectName: 'person1', reason: 'Open case 44' }]);
    const hr = await t.addUser('hr');
    const attempt = await decide(t.ctx, hr, request.id, { itemIds: await itemIds(request.id), verdict: 'approve', comment: '' });
    expect(attempt.results[0]).toMatchObject({ ok: false, message: 'Cannot be approved. Marked for preservation by a later run: Open case 44' });
  });
});

describe('deadlines and reminders', () => {
  it('expires a request after its deadline exactly once and authorises nothing', async () => {
    const request = await submit(makePlan(2, { roles: ['hr'] }), { deadlineAt: t.clock.now() + 60 * 60_000, requesterEmail: 'ops@example.test' });
    const hr = await t.addUser('hr');
    const [a] = await itemIds(request.id);
    await decide(t.ctx, hr, request.id, { itemIds: [a!], verdict: 'approve', comment: '' });
    t.clock.advance(2 * 60 * 60_000);
    expect(await expireDue(t.ctx)).toBe(1);
    expect(await expireDue(t.ctx)).toBe(0);
    const record = decisionRecord((await loadRequest(t.ctx, request.id))!);
    expect(record).toMatchObject({ status: 'expired', approvedItems: [], approvedBeforeExpiry: ['deactivate-user:user:u-1'] });
    const resumes = await listOutbox(t.ctx, 'resume');
    expect(resumes).toHaveLength(1);
    const mail = (await listOutbox(t.ctx, 'mail')).find((r) => r.key === `resolved:${request.id}`)!;
    expect(JSON.parse(mail.payload).subject).toMatch(/expired/);
  });

  it('a decision arriving after the deadline expires the request instead', async () => {
    const request = await submit(makePlan(1, { roles: ['hr'] }), { deadlineAt: t.clock.now() + 1000 });
    t.clock.advance(5000);
    const hr = await t.addUser('hr');
    const outcome = await decide(t.ctx, hr, request.id, { itemIds: await itemIds(request.id), verdict: 'approve', comment: '' });
    expect(outcome.results[0]).toMatchObject({ ok: false, message: 'This request expired before your decision.' });
    expect((await loadRequest(t.ctx, request.id))!.request.status).toBe('expired');
  });

  it('reminds a waiting stage once per day, never twice the same day', async () => {
    await t.addUser('hr', 'hana', 'hana@example.test');
    const request = await submit(makePlan(1, { roles: ['hr'] }));
    expect(await queueReminders(t.ctx)).toBe(0);
    t.clock.advance(25 * 60 * 60_000);
    expect(await queueReminders(t.ctx)).toBe(1);
    expect(await queueReminders(t.ctx)).toBe(0);
    t.clock.advance(24 * 60 * 60_000);
    expect(await queueReminders(t.ctx)).toBe(1);
    const keys = (await listOutbox(t.ctx, 'mail')).map((r) => r.key).sort();
    expect(keys).toEqual([`notify:${request.id}:hr`, `remind:${request.id}:hr:1`, `remind:${request.id}:hr:2`]);
  });
});

describe('outcomes', () => {
  it('records outcomes once, updates changed ones, and rejects unknown items', async () => {
    const request = await submit(makePlan(2, { roles: ['hr'] }));
    const hr = await t.addUser('hr');
    await decide(t.ctx, hr, request.id, { itemIds: await itemIds(request.id), verdict: 'approve', comment: '' });
    const outcomes = [
      { itemId: 'deactivate-user:user:u-1', status: 'succeeded' as const },
      { itemId: 'deactivate-user:user:u-2', status: 'failed' as const, message: 'HTTP 500 from Incydr' },
    ];
    expect(await reportOutcomes(t.ctx, principal, request.id, outcomes)).toEqual({ recorded: 2 });
    expect(await reportOutcomes(t.ctx, principal, request.id, outcomes)).toEqual({ recorded: 0 });
    expect(await reportOutcomes(t.ctx, principal, request.id, [{ itemId: 'deactivate-user:user:u-2', status: 'succeeded' }])).toEqual({ recorded: 1 });
    await expect(reportOutcomes(t.ctx, principal, request.id, [{ itemId: 'nope', status: 'succeeded' }])).rejects.toMatchObject({ status: 422 });
    const record = decisionRecord((await loadRequest(t.ctx, request.id))!);
    expect(record.items.map((i) => i.outcome?.status)).toEqual(['succeeded', 'succeeded']);
  });
});
