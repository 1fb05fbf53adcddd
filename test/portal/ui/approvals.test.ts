import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import { loadRequest } from '../../../portal/src/services/approvals.js';
import { makePlan, planHash, resumeUrl } from '../fixtures.js';
import { createTestPortal, type TestPortal } from '../harness.js';

let t: TestPortal;
let token: string;
beforeEach(async () => {
  t = await createTestPortal();
  token = await t.token();
});
afterEach(() => t.dispose());

const HTMX = { 'HX-Request': 'true', 'HX-Request-Type': 'partial', 'HX-Target': 'section#request-panel' };

async function submit(plan: ActionPlan, order: 'sequential' | 'parallel' = 'sequential', id = '1'): Promise<{ requestId: number; itemIds: number[] }> {
  const res = await t.api('POST', '/approval-requests', token, { title: 'Offboarding <November>', plan, order, resumeUrl: resumeUrl(id) });
  const { requestId } = (await res.json()) as { requestId: number };
  return { requestId, itemIds: (await loadRequest(t.ctx, requestId))!.items.map((i) => i.id) };
}

function decideFields(items: number[], verdict: 'approve' | 'reject', comment = '') {
  return { item: items.map(String), verdict, comment };
}

describe('inbox', () => {
  it('shows HR what waits for HR, and Legal that its stage is not open yet', async () => {
    const { requestId } = await submit(makePlan(2));
    const hr = await t.signIn('hr');
    const hrInbox = await (await t.get('/approvals', hr)).text();
    expect(hrInbox).toContain('Waiting for HR');
    expect(hrInbox).toContain(`href="/approvals/${requestId}"`);
    expect(hrInbox).toContain('2 for you');
    const legal = await t.signIn('legal');
    const legalInbox = await (await t.get('/approvals', legal)).text();
    expect(legalInbox).toContain('Nothing waits for your role right now.');
    expect(legalInbox).toContain('Pending with other stages');
  });

  it('shows viewers, ops and admins the request read-only, without a decision form', async () => {
    const { requestId } = await submit(makePlan(1));
    for (const role of ['viewer', 'ops', 'admin'] as const) {
      const html = await (await t.get(`/approvals/${requestId}`, await t.signIn(role))).text();
      expect(html).toContain('TERMINATED_STILL_ACTIVE');
      expect(html).not.toContain('Approve selected');
      expect(html).not.toContain('name="item"');
    }
  });

  it('shows the plan hash and every reason with its evidence, escaped', async () => {
    const plan = makePlan(1, { roles: ['hr'] });
    plan.items[0]!.reasons.push({ code: 'NOTE', message: '<img src=x onerror=alert(1)>', evidence: { matter: 'M-<b>1</b>', tags: ['a', 'b'] } });
    plan.hash = planHash(plan.kind, plan.items);
    const { requestId } = await submit(plan);
    const html = await (await t.get(`/approvals/${requestId}`, await t.signIn('hr'))).text();
    expect(html).toContain(plan.hash);
    expect(html).toContain('TERMINATED_STILL_ACTIVE');
    expect(html).toContain('HR-1000');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('M-&lt;b&gt;1&lt;/b&gt;');
    expect(html).toContain('a, b');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Offboarding &lt;November&gt;');
    expect(html).toContain('data-select-all');
  });
});

describe('deciding through the page', () => {
  it('approves items with an htmx request and answers with the updated panel only', async () => {
    const { requestId, itemIds } = await submit(makePlan(3, { roles: ['hr'] }));
    const hr = await t.signIn('hr');
    const res = await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds.slice(0, 2), 'approve', 'checked Workday'), hr, HTMX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="request-panel"')).toBe(true);
    expect(html).not.toContain('<html');
    expect(html).toContain('person1@corp.example: Approved.');
    expect(html).toContain('1 item wait for your decision as HR.');
    expect(html).toContain('checked Workday');
  });

  it('without htmx the same post answers a whole page (progressive enhancement)', async () => {
    const { requestId, itemIds } = await submit(makePlan(1, { roles: ['hr'] }));
    const res = await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'approve'), await t.signIn('hr'));
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).toContain('This request is decided');
  });

  it('gives the second reviewer a clear 409 instead of a second decision', async () => {
    const { requestId, itemIds } = await submit(makePlan(2, { roles: ['hr'] }));
    const first = await t.signIn('hr', 'hedda');
    const second = await t.signIn('hr', 'hugo');
    await t.post(`/approvals/${requestId}/decide`, decideFields([itemIds[0]!], 'approve'), first, HTMX);
    const res = await t.post(`/approvals/${requestId}/decide`, decideFields([itemIds[0]!], 'reject', 'no'), second, HTMX);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Already approved by Test hedda.');
    const count = await t.ctx.database.client.execute('select count(*) from decisions');
    expect(count.rows[0]![0]).toBe(1);
  });

  it('re-renders the panel with 422 and a message for bad input', async () => {
    const { requestId, itemIds } = await submit(makePlan(1, { roles: ['hr'] }));
    const hr = await t.signIn('hr');
    const none = await t.post(`/approvals/${requestId}/decide`, { verdict: 'approve' }, hr, HTMX);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Choose at least one item.');
    const noComment = await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'reject'), hr, HTMX);
    expect(noComment.status).toBe(422);
    expect(await noComment.text()).toContain('a comment is required for rejections');
    const junk = await t.post(`/approvals/${requestId}/decide`, { item: 'abc', verdict: 'maybe' }, hr, HTMX);
    expect(junk.status).toBe(422);
    expect(await junk.text()).toContain('Press Approve or Reject.');
  });

  it('keeps HR from deciding Legal items and explains protected items', async () => {
    const { requestId, itemIds } = await submit(makePlan(2, { roles: ['legal'] }));
    const hr = await t.signIn('hr');
    const res = await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'approve'), hr, HTMX);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('This request does not need a decision from that stage.');

    const legal = await t.signIn('legal');
    await t.post('/register/holds', { subjectType: 'user', subjectId: 'u-2', subjectName: 'person2', reason: 'Matter 2026-17' }, legal);
    const page = await (await t.get(`/approvals/${requestId}`, legal)).text();
    expect(page).toContain('Cannot be approved: Protected by a manual preservation hold: Matter 2026-17');
    const attempt = await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'approve'), legal, HTMX);
    const html = await attempt.text();
    expect(html).toContain('person1@corp.example: Approved.');
    expect(html).toContain('person2@corp.example: Cannot be approved.');
  });

  it('moves a decided request to history', async () => {
    const { requestId, itemIds } = await submit(makePlan(1), 'parallel');
    await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'approve'), await t.signIn('hr'), HTMX);
    await t.post(`/approvals/${requestId}/decide`, decideFields(itemIds, 'approve'), await t.signIn('legal'), HTMX);
    const inbox = await (await t.get('/approvals', await t.signIn('viewer'))).text();
    const [pending, history] = inbox.split('id="history"');
    expect(pending).not.toContain(`/approvals/${requestId}"`);
    expect(history).toContain(`/approvals/${requestId}"`);
    expect(history).toContain('decided');
  });

  it('answers 404 for a request that does not exist', async () => {
    const hr = await t.signIn('hr');
    expect((await t.get('/approvals/999', hr)).status).toBe(404);
    expect((await t.post('/approvals/999/decide', decideFields([1], 'approve'), hr, HTMX)).status).toBe(404);
  });
});
