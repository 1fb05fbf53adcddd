/**
 * The whole approvals loop, end to end, with every part real: the Incydr and BambooHR sandboxes over HTTP, the
 * portal on a SQLite file with its worker delivering the resume call, n8n 2.40.7 with the package installed as users
 * install it, and Debian's Chromium. The workflow proposes; HR and Legal decide in the browser; a legal hold arrives
 * while the approval waits; the same execution resumes, acts on exactly what was approved and still unprotected,
 * and the portal shows the run, the decisions and the outcomes, with an intact audit chain. A second run in which
 * everything is rejected changes nothing in the tenant.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan, PlanItem } from '@incydr-health/core/health/plan-types';
import { verifyAudit } from '../../portal/src/services/audit.js';
import { launchChromium, LOOP_NODES, PortalUserClient, signInWithBrowser, useApprovalLoop, type ApprovalLoop, type TenantSnapshot } from '../harness/approval-loop/index.js';

const loop = useApprovalLoop({ users: 200, seed: 7, portalWorkerIntervalMs: 1_000 });
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

interface Outcome {
  itemId: string;
  action: string;
  status: 'succeeded' | 'failed' | 'skipped';
  message: string;
  preservedBy?: Array<{ code: string; message: string; evidence: Record<string, unknown> }>;
}

const planOf = (l: ApprovalLoop, execution: Parameters<ApprovalLoop['outputOf']>[0]) => l.outputOf(execution, LOOP_NODES.buildPlan)[0]!.plan as ActionPlan;
const needs = (item: PlanItem, ...roles: string[]) => item.requiredRoles.length === roles.length && roles.every((r) => item.requiredRoles.includes(r as 'hr'));
const diff = (before: string[], after: string[]) => ({ removed: before.filter((x) => !after.includes(x)), added: after.filter((x) => !before.includes(x)) });
const writesTo = (l: ApprovalLoop) =>
  Object.entries(l.incydr.faults.snapshot().requests)
    .filter(([key]) => !key.startsWith('GET ') && key !== 'POST /v1/oauth')
    .reduce((sum, [, count]) => sum + count.arrived, 0);

/** Ticks the request's checkboxes for these items and presses Approve or Reject; waits for the htmx answer. */
async function decideInBrowser(page: Page, items: PlanItem[], verdict: 'approve' | 'reject', comment = ''): Promise<void> {
  for (const item of items) await page.getByLabel(`Select ${item.action} ${item.subject.name}`, { exact: true }).check();
  if (comment) await page.getByLabel('Comment (required to reject)').fill(comment);
  await page.getByRole('button', { name: verdict === 'approve' ? 'Approve selected' : 'Reject selected' }).click();
  await page.getByText(`${items.at(-1)!.subject.name}: ${verdict === 'approve' ? 'Approved' : 'Rejected'}.`).first().waitFor();
}

describe('the approvals loop in real n8n, the portal and Chromium', () => {
  it('HR and Legal decide in the browser; the execution resumes and changes exactly the approved, still-unprotected subjects', async () => {
    const l = loop();
    const workflow = await l.importLoop('approval-loop');
    const started = await l.startLoop(workflow);
    const plan = planOf(l, started.waiting);

    // The plan this world yields: HR-only user deactivations, one user (with her agents) that Legal must also
    // sign because of a closed case and a released hold, and watchlist additions only Legal signs.
    const hrOnlyUsers = plan.items.filter((i) => i.action === 'deactivate-user' && needs(i, 'hr'));
    const hrLegalUser = plan.items.find((i) => i.action === 'deactivate-user' && needs(i, 'hr', 'legal'));
    const watchlistAdds = plan.items.filter((i) => i.action === 'add-to-watchlist' && needs(i, 'legal'));
    expect(hrOnlyUsers.length).toBeGreaterThanOrEqual(4);
    expect(hrLegalUser).toBeDefined();
    expect(watchlistAdds.length).toBeGreaterThanOrEqual(2);

    const [approvedUser, lateHoldUser, ...rejectedUsers] = hrOnlyUsers as [PlanItem, PlanItem, ...PlanItem[]];
    // An agent approved on its own while its owner's deactivation is rejected: only that device goes.
    const loneAgent = plan.items.find((i) => i.action === 'deactivate-agent' && i.subject.ownerUserId === rejectedUsers[0]!.subject.id)!;
    expect(loneAgent).toBeDefined();
    const hrApproved = [hrLegalUser!, approvedUser, lateHoldUser, loneAgent];
    const hrRejected = plan.items.filter((i) => i.requiredRoles.includes('hr') && !hrApproved.includes(i));
    const [legalApprovedAdd, ...legalRejectedAdds] = watchlistAdds as [PlanItem, ...PlanItem[]];
    const before = l.tenantSnapshot();
    const writesBefore = writesTo(l);

    // HR, in the browser: the request is in the inbox; approve four items, reject the rest with a comment.
    const hr = await signInWithBrowser(browser, l.portal.url, l.portal.users.hr);
    await hr.page.getByRole('link', { name: 'Approvals' }).click();
    await hr.page.getByRole('link', { name: 'Offboarding 2026-11-25' }).click();
    await expect.poll(() => hr.page.url()).toBe(`${l.portal.url}/approvals/${started.requestId}`);
    await decideInBrowser(hr.page, hrApproved, 'approve');
    await decideInBrowser(hr.page, hrRejected, 'reject', 'Still employed: contract extended (e2e)');
    await hr.context.close();

    // Legal, in the browser: their stage opened once HR finished.
    const legal = await signInWithBrowser(browser, l.portal.url, l.portal.users.legal);
    await legal.page.goto(`${l.portal.url}/approvals/${started.requestId}`);
    await decideInBrowser(legal.page, [hrLegalUser!, legalApprovedAdd], 'approve');

    // While the last decision is still to come, a legal hold lands on an approved user, through Incydr's API.
    const hold = await l.incydrAdmin.placeLegalHold(lateHoldUser.subject.id, 'Matter LOOP-7 late hold');
    expect((await l.n8n.getExecution(started.executionId)).status).toBe('waiting');
    await decideInBrowser(legal.page, legalRejectedAdds, 'reject', 'Monitoring not warranted (e2e)');
    await legal.context.close();
    expect([...hr.problems, ...legal.problems]).toEqual([]);

    // The portal's worker delivers the resume call; the same execution resumes and finishes.
    const done = await l.n8n.waitForExecution(started.executionId, 'success', { timeoutMs: 90_000 });
    expect(l.outputOf(done, LOOP_NODES.wait)[0]).toMatchObject({ body: { requestId: started.requestId, status: 'decided' } });
    const [decision] = l.outputOf(done, LOOP_NODES.decision);
    const approvedIds = [hrLegalUser!, approvedUser, lateHoldUser, loneAgent, legalApprovedAdd].map((i) => i.id).sort();
    expect((decision!.approvedItems as string[]).slice().sort()).toEqual(approvedIds);
    expect(decision!.undecidedItems).toEqual([]);

    const outcomes = l.outputOf(done, LOOP_NODES.execute) as unknown as Outcome[];
    expect(outcomes.map((o) => o.itemId)).toEqual(plan.items.map((i) => i.id));
    const outcomeOf = new Map(outcomes.map((o) => [o.itemId, o]));
    for (const item of [hrLegalUser!, approvedUser, loneAgent, legalApprovedAdd]) expect(outcomeOf.get(item.id)!.status).toBe('succeeded');
    const held = outcomeOf.get(lateHoldUser.id)!;
    expect(held.status).toBe('skipped');
    expect(held.preservedBy!.map((r) => r.code)).toContain('LEGAL_HOLD_CUSTODIAN');
    expect(JSON.stringify(held)).toContain(hold.matterName);
    for (const o of outcomes.filter((x) => !approvedIds.includes(x.itemId))) expect(o).toMatchObject({ status: 'skipped', message: 'Not approved.' });

    // Exactly the approved, still-unprotected subjects changed in the tenant, and nothing else.
    const after = l.tenantSnapshot();
    const users = diff(before.users, after.users);
    expect(users).toEqual({ removed: [hrLegalUser!.subject.id, approvedUser.subject.id].sort(), added: [] });
    const agents = diff(before.agents, after.agents);
    const ownedByDeactivated = new Set(l.world.tenant.agents.filter((a) => users.removed.includes(a.userId)).map((a) => a.agentId));
    expect(agents.added).toEqual([]);
    expect(agents.removed).toContain(loneAgent.subject.id);
    expect(agents.removed.filter((id) => id !== loneAgent.subject.id && !ownedByDeactivated.has(id))).toEqual([]);
    expect(l.incydr.state.user(lateHoldUser.subject.id).active).toBe(true);
    expect(l.incydr.state.user(rejectedUsers[0]!.subject.id).active).toBe(true);
    // The approved watchlist addition: its user is already on the departing-employee list (the cross-check node
    // is not told the list's members), so executing it is a no-op that says so, and no list changed.
    expect(outcomeOf.get(legalApprovedAdd.id)!.message).toBe(`${legalApprovedAdd.subject.name} was already on the DEPARTING_EMPLOYEE watchlist; nothing changed.`);
    expect(after.watchlists).toEqual(before.watchlists);
    expect(diff(before.custodians, after.custodians)).toEqual({ removed: [], added: [`${hold.matterId}/${lateHoldUser.subject.id}`] });
    expect(writesTo(l) - writesBefore).toBeGreaterThan(0);

    // The portal shows it all: the run with its findings and request, the decisions and the outcomes.
    const viewer = await signInWithBrowser(browser, l.portal.url, l.portal.users.viewer);
    await viewer.page.goto(`${l.portal.url}/runs/${started.runId}`);
    await viewer.page.getByText(`Approval loop approval-loop`).first().waitFor();
    expect(await viewer.page.getByText(started.executionId, { exact: true }).count()).toBeGreaterThan(0);
    await viewer.page.goto(`${l.portal.url}/approvals/${started.requestId}`);
    const ids = await l.portal.itemIdsOf(started.requestId);
    const row = (item: PlanItem) => viewer.page.locator(`#item-${ids.get(item.id)}`);
    await expect.poll(() => row(approvedUser).innerText()).toMatch(/approved[\s\S]*executed: succeeded — Deactivated user/);
    expect(await row(lateHoldUser).innerText()).toMatch(/executed: skipped/);
    expect(await row(lateHoldUser).innerText()).toContain(hold.matterName);
    expect(await row(rejectedUsers[0]!).innerText()).toMatch(/rejected[\s\S]*Still employed: contract extended \(e2e\)[\s\S]*executed: skipped — Not approved\./);
    expect(await row(hrLegalUser!).innerText()).toMatch(/Demo hr[\s\S]*Demo legal/);
    await viewer.context.close();

    // The audit chain verifies: the service's check, and the page's Verify button as a Legal reviewer.
    expect(await verifyAudit(l.portal.ctx)).toMatchObject({ ok: true });
    const auditor = await signInWithBrowser(browser, l.portal.url, l.portal.users.legal);
    await auditor.page.goto(`${l.portal.url}/audit`);
    await auditor.page.getByRole('button', { name: 'Verify hash chain' }).click();
    await auditor.page.getByText(/The audit trail is intact: all \d+ entries verify/).waitFor();
    await auditor.context.close();

    const [finished] = l.outputOf(done, LOOP_NODES.finish);
    expect(finished).toMatchObject({
      runId: started.runId,
      status: 'succeeded',
      counts: { 'outcomes.succeeded': 4, 'outcomes.skipped': plan.items.length - 4, 'outcomes.failed': 0 },
      outcomes: { requestId: started.requestId, reported: plan.items.length, recorded: plan.items.length },
    });
    expect(JSON.stringify(done)).not.toContain(l.portal.apiToken);
    // n8n keeps the resume call's request headers in the Wait node's output (and the IF passes the item on), so
    // the shared secret is stored there (decision 0009 records this); it must appear nowhere else.
    const [resumedWith] = l.outputOf(done, LOOP_NODES.wait) as Array<{ headers: Record<string, string> }>;
    expect(resumedWith!.headers['x-incydr-portal-secret']).toBe(l.resumeSecret);
    const { [LOOP_NODES.wait]: _wait, [LOOP_NODES.arrived]: _arrived, ...otherNodes } = done.data!.resultData.runData;
    expect(JSON.stringify(otherNodes)).not.toContain(l.resumeSecret);
  }, 240_000);

  it('a run in which HR and Legal reject everything leaves the tenant untouched', async () => {
    const l = loop();
    const workflow = await l.importLoop('approval-loop-reject-all');
    const started = await l.startLoop(workflow);
    const plan = planOf(l, started.waiting);
    expect(plan.items.length).toBeGreaterThan(0);
    const before: TenantSnapshot = l.tenantSnapshot();
    const writesBefore = writesTo(l);

    const ids = await l.portal.itemIdsOf(started.requestId);
    const portalIds = (items: PlanItem[]) => items.map((i) => ids.get(i.id)!);
    const hr = await PortalUserClient.signIn(l.portal.url, 'hr', l.portal.users.hr.password);
    const legal = await PortalUserClient.signIn(l.portal.url, 'legal', l.portal.users.legal.password);
    const hrItems = plan.items.filter((i) => i.requiredRoles.includes('hr'));
    if (hrItems.length > 0) await hr.decide(started.requestId, { itemIds: portalIds(hrItems), verdict: 'reject', comment: 'Not this time (e2e)' });
    const legalOnly = plan.items.filter((i) => !i.requiredRoles.includes('hr'));
    if (legalOnly.length > 0) await legal.decide(started.requestId, { itemIds: portalIds(legalOnly), verdict: 'reject', comment: 'Not this time (e2e)' });

    const done = await l.n8n.waitForExecution(started.executionId, 'success', { timeoutMs: 90_000 });
    const [decision] = l.outputOf(done, LOOP_NODES.decision);
    expect(decision).toMatchObject({ status: 'decided', approvedItems: [], undecidedItems: [] });
    const outcomes = l.outputOf(done, LOOP_NODES.execute) as unknown as Outcome[];
    expect(outcomes).toHaveLength(plan.items.length);
    for (const o of outcomes) expect(o).toMatchObject({ status: 'skipped', message: 'Not approved.' });
    expect(l.tenantSnapshot()).toEqual(before);
    expect(writesTo(l)).toBe(writesBefore);
    expect(l.outputOf(done, LOOP_NODES.finish)[0]).toMatchObject({
      counts: { 'outcomes.succeeded': 0, 'outcomes.failed': 0, 'outcomes.skipped': plan.items.length },
    });
  }, 180_000);
});
