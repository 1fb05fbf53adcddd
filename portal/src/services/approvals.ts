/**
 * Approval requests: submission by n8n, the per-item decisions of HR and Legal, expiry, and the authoritative
 * decision record that is both served by the API and delivered to n8n's resume URL.
 */
import { verifyPlanHash } from '@incydr-health/core/health/plan';
import { and, asc, desc, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../../db/client.js';
import { approvalRequests, decisions, outbox, outcomes, requestItems, runs, users, type StageRole } from '../../../db/schema.js';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import type { PortalContext } from '../context.js';
import { reminderMail, resolvedMail, stagePendingMail } from '../domain/notifications.js';
import { protectionReason } from '../domain/protection.js';
import { checkResumeUrl } from '../domain/resume-url.js';
import {
  isResolved,
  itemState,
  itemsAwaiting,
  layoutProblems,
  openStages,
  REFUSAL_MESSAGES,
  refuseDecision,
  stageStates,
  type StageDecision,
  type StageOrder,
  type StageRequest,
  type StageState,
  type Verdict,
} from '../domain/stages.js';
import { sha256Hex } from '../security/tokens.js';
import { appendAudit, appendAuditMany } from './audit.js';
import { PortalError } from './errors.js';
import { activeHolds, preservationMarksSince } from './holds.js';
import { enqueue } from './outbox.js';
import type { ResumePayload } from './transports.js';
import type { ApiPrincipal } from './api-tokens.js';
import type { User } from './users.js';

export type ApprovalRequest = typeof approvalRequests.$inferSelect;
export type RequestItem = typeof requestItems.$inferSelect;

const DAY_MS = 24 * 60 * 60_000;

export interface Submission {
  plan: ActionPlan;
  title: string;
  runId?: number | null | undefined;
  stages?: StageRole[] | undefined;
  order: StageOrder;
  resumeUrl: string;
  deadlineAt?: number | null | undefined;
  requesterEmail?: string | null | undefined;
}

export interface DecisionView {
  itemId: number;
  stage: StageRole;
  verdict: Verdict;
  comment: string;
  decidedAt: number;
  username: string;
  displayName: string;
  role: string;
}

export interface LoadedRequest {
  request: ApprovalRequest;
  items: RequestItem[];
  decisions: DecisionView[];
  outcomes: (typeof outcomes.$inferSelect)[];
  /** The outbox row of the resume call, once the request is resolved. */
  resume: (typeof outbox.$inferSelect) | undefined;
}

/**
 * Where the resume call to n8n stands: `waiting` (request not resolved yet), `queued`, `retrying` (with the last
 * error, e.g. a refused secret), `delivered`, or `not-waiting` (n8n no longer waits: nothing was executed).
 */
export type ResumeState = 'waiting' | 'queued' | 'retrying' | 'delivered' | 'not-waiting';

export interface ResumeDelivery {
  state: ResumeState;
  attempts: number;
  lastError: string | null;
  at: string | null;
}

export function resumeDelivery(loaded: LoadedRequest): ResumeDelivery {
  const row = loaded.resume;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  if (!row) return { state: 'waiting', attempts: 0, lastError: null, at: null };
  if (row.deliveredAt !== null) return { state: 'delivered', attempts: row.attempts, lastError: null, at: iso(row.deliveredAt) };
  if (row.abandonedAt !== null) return { state: 'not-waiting', attempts: row.attempts, lastError: row.lastError, at: iso(row.abandonedAt) };
  return { state: row.attempts === 0 ? 'queued' : 'retrying', attempts: row.attempts, lastError: row.lastError, at: null };
}

function stageRequestOf(request: ApprovalRequest, items: readonly RequestItem[]): StageRequest {
  return {
    stages: request.stages,
    order: request.stageOrder,
    items: items.map((i) => ({ id: i.id, requiredRoles: i.requiredRoles })),
  };
}

function requestLink(ctx: PortalContext, requestId: number): string {
  return new URL(`/approvals/${requestId}`, ctx.settings.publicUrl).href;
}

const resumeKey = (requestId: number) => `resume:${requestId}`;

async function loadWithin(db: Queryable, requestId: number): Promise<LoadedRequest | undefined> {
  const [request] = await db.select().from(approvalRequests).where(eq(approvalRequests.id, requestId));
  if (!request) return undefined;
  const items = await db.select().from(requestItems).where(eq(requestItems.requestId, requestId)).orderBy(asc(requestItems.position));
  const decided = await db
    .select({
      itemId: decisions.itemId,
      stage: decisions.stage,
      verdict: decisions.verdict,
      comment: decisions.comment,
      decidedAt: decisions.decidedAt,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
    })
    .from(decisions)
    .innerJoin(users, eq(users.id, decisions.userId))
    .where(eq(decisions.requestId, requestId))
    .orderBy(asc(decisions.id));
  const itemIds = items.map((i) => i.id);
  const reported = itemIds.length > 0 ? await db.select().from(outcomes).where(inArray(outcomes.itemId, itemIds)) : [];
  const [resume] = await db.select().from(outbox).where(eq(outbox.key, resumeKey(requestId)));
  return { request, items, decisions: decided, outcomes: reported, resume };
}

export function loadRequest(ctx: PortalContext, requestId: number): Promise<LoadedRequest | undefined> {
  return loadWithin(ctx.database.db, requestId);
}

/** The authoritative decision record: what the API returns and what n8n receives when the request resolves. */
export function decisionRecord(loaded: LoadedRequest) {
  const { request, items } = loaded;
  const shape = stageRequestOf(request, items);
  const states = stageStates(shape, loaded.decisions);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const itemViews = items.map((item) => {
    const state = itemState({ id: item.id, requiredRoles: item.requiredRoles }, loaded.decisions);
    const outcome = loaded.outcomes.find((o) => o.itemId === item.id);
    return {
      id: item.planItemId,
      action: item.action,
      subject: { type: item.subjectType, id: item.subjectId, name: item.subjectName, ownerUserId: item.ownerUserId },
      requiredRoles: item.requiredRoles,
      state,
      decisions: loaded.decisions
        .filter((d) => d.itemId === item.id)
        .map((d) => ({
          stage: d.stage,
          verdict: d.verdict,
          comment: d.comment,
          decidedBy: { username: d.username, displayName: d.displayName, role: d.role },
          decidedAt: iso(d.decidedAt),
        })),
      outcome: outcome ? { status: outcome.status, message: outcome.message, reportedAt: iso(outcome.reportedAt) } : null,
    };
  });
  const approved = itemViews.filter((i) => i.state === 'approved').map((i) => i.id);
  const expired = request.status === 'expired';
  return {
    requestId: request.id,
    status: request.status,
    title: request.title,
    runId: request.runId,
    plan: { kind: request.planKind, hash: request.planHash, createdAt: request.planCreatedAt },
    order: request.stageOrder,
    stages: request.stages.map((role) => ({ role, state: states[role] })),
    // An expired request authorises nothing, even items that were fully approved before the deadline.
    approvedItems: expired ? [] : approved,
    approvedBeforeExpiry: expired ? approved : [],
    rejectedItems: itemViews.filter((i) => i.state === 'rejected').map((i) => i.id),
    undecidedItems: itemViews.filter((i) => i.state === 'pending').map((i) => i.id),
    noApprovalNeededItems: itemViews.filter((i) => i.state === 'no-approval-needed').map((i) => i.id),
    items: itemViews,
    createdAt: iso(request.createdAt),
    deadlineAt: iso(request.deadlineAt),
    resolvedAt: iso(request.resolvedAt),
  };
}
export type DecisionRecord = ReturnType<typeof decisionRecord>;

async function queueStageNotifications(ctx: PortalContext, tx: Tx, now: number, loaded: LoadedRequest, stages: StageRole[]): Promise<void> {
  const shape = stageRequestOf(loaded.request, loaded.items);
  for (const stage of stages) {
    const reviewers = await tx
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.role, stage), eq(users.disabled, false), isNotNull(users.email)));
    const count = itemsAwaiting(shape, loaded.decisions, stage).length;
    const mail = stagePendingMail(reviewers.map((r) => r.email!), stage, loaded.request.title, count, requestLink(ctx, loaded.request.id));
    await enqueue(tx, now, {
      key: `notify:${loaded.request.id}:${stage}`,
      kind: 'mail',
      payload: JSON.stringify(mail),
      summary: `${stage} reviewers: request ${loaded.request.id} is waiting`,
    });
  }
}

async function queueResolution(ctx: PortalContext, tx: Tx, now: number, requestId: number): Promise<void> {
  const loaded = (await loadWithin(tx, requestId))!;
  const record = decisionRecord(loaded);
  const payload: ResumePayload = { resumeUrlSealed: loaded.request.resumeUrlSealed, body: record };
  await enqueue(tx, now, {
    key: resumeKey(requestId),
    kind: 'resume',
    payload: JSON.stringify(payload),
    summary: `n8n resume of request ${requestId} (${record.status})`,
  });
  if (loaded.request.requesterEmail) {
    const mail = resolvedMail(
      [loaded.request.requesterEmail],
      loaded.request.title,
      record.status === 'expired' ? 'expired' : 'decided',
      record.approvedItems.length,
      record.rejectedItems.length,
      requestLink(ctx, requestId),
    );
    await enqueue(tx, now, { key: `resolved:${requestId}`, kind: 'mail', payload: JSON.stringify(mail), summary: `requester: request ${requestId} ${record.status}` });
  }
}

/** Stores a submitted plan as a request. Re-submitting the same plan for the same execution returns the first request. */
export async function submitPlan(ctx: PortalContext, principal: ApiPrincipal, input: Submission): Promise<{ request: ApprovalRequest; created: boolean }> {
  const resume = checkResumeUrl(input.resumeUrl, ctx.settings.n8nUrl);
  if (!resume.ok) throw new PortalError(422, resume.message, [{ path: 'resumeUrl', message: resume.message }]);
  const ids = input.plan.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) throw new PortalError(422, 'Plan item ids must be unique.');
  // Reviewers approve a hash; the executor later acts only on a plan with that hash. A plan whose items do not
  // hash to the hash it names would let the two drift apart, so it is refused here.
  if (!(await verifyPlanHash(input.plan))) {
    const message = 'The plan hash does not match its items: submit the plan exactly as the plan builder produced it.';
    throw new PortalError(422, message, [{ path: 'plan.hash', message }]);
  }
  const stages = input.stages ?? (['hr', 'legal'] as const).filter((s) => input.plan.items.some((i) => i.requiredRoles.includes(s)));
  const problems = layoutProblems({
    stages,
    order: input.order,
    items: input.plan.items.map((item, index) => ({ id: index + 1, requiredRoles: item.requiredRoles })),
  });
  if (problems.length > 0) throw new PortalError(422, problems[0]!, problems);
  const now = ctx.clock.now();
  if (input.deadlineAt != null && input.deadlineAt <= now) throw new PortalError(422, 'The deadline is already in the past.');
  const submissionKey = sha256Hex(`${input.plan.hash}\n${resume.url.href}`);

  return ctx.database.write(async (tx) => {
    const [existing] = await tx.select().from(approvalRequests).where(eq(approvalRequests.submissionKey, submissionKey));
    if (existing) return { request: existing, created: false };
    if (input.runId != null) {
      const [run] = await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, input.runId));
      if (!run) throw new PortalError(422, `Run ${input.runId} does not exist; create the run first.`);
    }
    const [request] = await tx
      .insert(approvalRequests)
      .values({
        runId: input.runId ?? null,
        title: input.title,
        planKind: input.plan.kind,
        planHash: input.plan.hash,
        planCreatedAt: input.plan.createdAt,
        stages,
        stageOrder: input.order,
        resumeUrlSealed: ctx.resumeBox.seal(resume.url.href),
        submissionKey,
        requesterEmail: input.requesterEmail ?? null,
        requestedByTokenId: principal.tokenId,
        status: 'pending',
        deadlineAt: input.deadlineAt ?? null,
        createdAt: now,
      })
      .returning();
    const itemRows = input.plan.items.map((item, position) => ({
      requestId: request!.id,
      planItemId: item.id,
      position,
      action: item.action,
      subjectType: item.subject.type,
      subjectId: item.subject.id,
      subjectName: item.subject.name,
      ownerUserId: item.subject.ownerUserId ?? null,
      reasons: item.reasons,
      requiredRoles: item.requiredRoles,
      params: item.params ?? null,
    }));
    // SQLite caps bound parameters per statement; 12 columns x 500 rows stays well below it.
    for (let i = 0; i < itemRows.length; i += 500) await tx.insert(requestItems).values(itemRows.slice(i, i + 500));
    await appendAudit(tx, now, {
      actor: `token:${principal.name}`,
      action: 'approval.submit',
      target: `request:${request!.id}`,
      details: { planHash: input.plan.hash, items: input.plan.items.length, stages, order: input.order },
    });
    const loaded = (await loadWithin(tx, request!.id))!;
    await queueStageNotifications(ctx, tx, now, loaded, openStages(stageRequestOf(loaded.request, loaded.items), []));
    return { request: request!, created: true };
  });
}

export interface ItemOutcome {
  itemId: number;
  ok: boolean;
  message: string;
}

export interface DecideInput {
  itemIds: number[];
  verdict: Verdict;
  comment: string;
}

/**
 * Records one stage's verdict on the chosen items. Each item is checked on its own (stage open, not yet decided,
 * not protected when approving); the unique index settles races between reviewers. When the last stage completes,
 * the resume call and the requester's mail are queued in the same transaction.
 */
export async function decide(ctx: PortalContext, user: User, requestId: number, input: DecideInput): Promise<{ results: ItemOutcome[]; resolved: boolean }> {
  const stage: StageRole | null = user.role === 'hr' || user.role === 'legal' ? user.role : null;
  if (!stage) throw new PortalError(403, 'Only HR and Legal reviewers decide approval stages; your role can only view them.');
  if (input.itemIds.length === 0) throw new PortalError(422, 'Choose at least one item.');
  if (input.verdict === 'reject' && input.comment.trim() === '') {
    throw new PortalError(422, 'Say why you reject: a comment is required for rejections.');
  }
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const loaded = await loadWithin(tx, requestId);
    if (!loaded) throw new PortalError(404, `Approval request ${requestId} does not exist.`);
    if (loaded.request.status === 'pending' && loaded.request.deadlineAt !== null && loaded.request.deadlineAt <= now) {
      await expireWithin(ctx, tx, now, loaded.request.id);
      return { results: input.itemIds.map((itemId) => ({ itemId, ok: false, message: 'This request expired before your decision.' })), resolved: true };
    }
    if (loaded.request.status !== 'pending') {
      throw new PortalError(409, `This request is already ${loaded.request.status}; no further decisions are taken.`);
    }
    const shape = stageRequestOf(loaded.request, loaded.items);
    const stagesOpenBefore = openStages(shape, loaded.decisions);
    const holds = await activeHolds(tx);
    const marks = await preservationMarksSince(tx, loaded.request.createdAt);
    const current: StageDecision[] = [...loaded.decisions];
    const results: ItemOutcome[] = [];

    const comment = input.comment.trim();
    const candidates: RequestItem[] = [];
    for (const itemId of [...new Set(input.itemIds)]) {
      const item = loaded.items.find((i) => i.id === itemId);
      const refusal = refuseDecision(shape, current, stage, itemId);
      if (refusal || !item) {
        const prior = loaded.decisions.find((d) => d.itemId === itemId && d.stage === stage);
        const message =
          refusal === 'already-decided' && prior
            ? `Already ${prior.verdict === 'approve' ? 'approved' : 'rejected'} by ${prior.displayName}.`
            : REFUSAL_MESSAGES[refusal ?? 'item-not-in-request'];
        results.push({ itemId, ok: false, message });
        continue;
      }
      const reason = input.verdict === 'approve' ? protectionReason(item, loaded.request.createdAt, holds, marks) : null;
      if (reason) {
        results.push({ itemId, ok: false, message: `Cannot be approved. ${reason}` });
        continue;
      }
      candidates.push(item);
    }

    // One multi-row insert per 100 items; the unique index still settles any race with another reviewer.
    const stored = new Set<number>();
    for (let i = 0; i < candidates.length; i += 100) {
      const rows = candidates
        .slice(i, i + 100)
        .map((item) => ({ requestId, itemId: item.id, stage, verdict: input.verdict, comment, userId: user.id, decidedAt: now }));
      const inserted = await tx.insert(decisions).values(rows).onConflictDoNothing().returning({ itemId: decisions.itemId });
      for (const row of inserted) stored.add(row.itemId);
    }
    for (const item of candidates) {
      const ok = stored.has(item.id);
      if (ok) current.push({ itemId: item.id, stage, verdict: input.verdict });
      results.push({ itemId: item.id, ok, message: ok ? (input.verdict === 'approve' ? 'Approved.' : 'Rejected.') : REFUSAL_MESSAGES['already-decided'] });
    }
    await appendAuditMany(
      tx,
      now,
      candidates
        .filter((item) => stored.has(item.id))
        .map((item) => ({
          actor: `user:${user.username}`,
          action: `decision.${input.verdict}`,
          target: `request:${requestId}/item:${item.planItemId}`,
          details: { stage, role: user.role, comment },
        })),
    );
    const order = new Map(input.itemIds.map((id, index) => [id, index]));
    results.sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0));

    const resolved = isResolved(shape, current);
    if (resolved) {
      await tx.update(approvalRequests).set({ status: 'decided', resolvedAt: now }).where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.status, 'pending')));
      await appendAudit(tx, now, { actor: 'portal', action: 'approval.decided', target: `request:${requestId}` });
      await queueResolution(ctx, tx, now, requestId);
    } else {
      const newlyOpen = openStages(shape, current).filter((s) => !stagesOpenBefore.includes(s));
      if (newlyOpen.length > 0) {
        const refreshed = (await loadWithin(tx, requestId))!;
        await queueStageNotifications(ctx, tx, now, refreshed, newlyOpen);
      }
    }
    return { results, resolved };
  });
}

async function expireWithin(ctx: PortalContext, tx: Tx, now: number, requestId: number): Promise<boolean> {
  const changed = await tx
    .update(approvalRequests)
    .set({ status: 'expired', resolvedAt: now })
    .where(and(eq(approvalRequests.id, requestId), eq(approvalRequests.status, 'pending')))
    .returning({ id: approvalRequests.id });
  if (changed.length === 0) return false;
  await appendAudit(tx, now, { actor: 'portal', action: 'approval.expired', target: `request:${requestId}` });
  await queueResolution(ctx, tx, now, requestId);
  return true;
}

/** Resolves every pending request whose deadline has passed as expired; running it twice expires nothing twice. */
export async function expireDue(ctx: PortalContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.database.db
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.status, 'pending'), isNotNull(approvalRequests.deadlineAt), lte(approvalRequests.deadlineAt, now)));
  let expired = 0;
  for (const { id } of due) {
    if (await ctx.database.write((tx) => expireWithin(ctx, tx, now, id))) expired += 1;
  }
  return expired;
}

/** Queues one reminder per open stage per full day it has waited (the outbox key makes it once a day at most). */
export async function queueReminders(ctx: PortalContext): Promise<number> {
  const now = ctx.clock.now();
  const pending = await ctx.database.db.select({ id: approvalRequests.id }).from(approvalRequests).where(eq(approvalRequests.status, 'pending'));
  let queued = 0;
  for (const { id } of pending) {
    const loaded = await loadRequest(ctx, id);
    if (!loaded) continue;
    const shape = stageRequestOf(loaded.request, loaded.items);
    for (const stage of openStages(shape, loaded.decisions)) {
      const [opened] = await ctx.database.db.select({ createdAt: outbox.createdAt }).from(outbox).where(eq(outbox.key, `notify:${id}:${stage}`));
      if (!opened) continue;
      const days = Math.floor((now - opened.createdAt) / DAY_MS);
      if (days < 1) continue;
      const reviewers = await ctx.database.db
        .select({ email: users.email })
        .from(users)
        .where(and(eq(users.role, stage), eq(users.disabled, false), isNotNull(users.email)));
      const count = itemsAwaiting(shape, loaded.decisions, stage).length;
      const mail = reminderMail(reviewers.map((r) => r.email!), stage, loaded.request.title, count, days, requestLink(ctx, id));
      const added = await ctx.database.write((tx) =>
        enqueue(tx, now, { key: `remind:${id}:${stage}:${days}`, kind: 'mail', payload: JSON.stringify(mail), summary: `${stage} reviewers: reminder for request ${id}` }),
      );
      if (added) queued += 1;
    }
  }
  return queued;
}

export interface RequestSummary {
  request: ApprovalRequest;
  itemCount: number;
  stageStates: Record<StageRole, StageState | null>;
  waitingForMe: number;
}

/** Requests for the inbox (pending) or history (decided/expired), with how many items wait for the viewer's stage. */
export async function listRequests(ctx: PortalContext, viewerRole: string, which: 'pending' | 'history'): Promise<RequestSummary[]> {
  const rows = await ctx.database.db
    .select()
    .from(approvalRequests)
    .where(which === 'pending' ? eq(approvalRequests.status, 'pending') : sql`${approvalRequests.status} != 'pending'`)
    .orderBy(desc(approvalRequests.createdAt), desc(approvalRequests.id))
    .limit(200);
  if (rows.length === 0) return [];
  // Two queries for all listed requests instead of a full load per request.
  const ids = rows.map((r) => r.id);
  const items = await ctx.database.db
    .select({ id: requestItems.id, requestId: requestItems.requestId, requiredRoles: requestItems.requiredRoles })
    .from(requestItems)
    .where(inArray(requestItems.requestId, ids));
  const decided = await ctx.database.db
    .select({ requestId: decisions.requestId, itemId: decisions.itemId, stage: decisions.stage, verdict: decisions.verdict })
    .from(decisions)
    .where(inArray(decisions.requestId, ids));
  const myStage = viewerRole === 'hr' || viewerRole === 'legal' ? viewerRole : null;
  const summaries: RequestSummary[] = [];
  for (const request of rows) {
    const own = items.filter((i) => i.requestId === request.id);
    const ownDecisions = decided.filter((d) => d.requestId === request.id);
    const shape: StageRequest = { stages: request.stages, order: request.stageOrder, items: own.map((i) => ({ id: i.id, requiredRoles: i.requiredRoles })) };
    const states = stageStates(shape, ownDecisions);
    const waitingForMe = myStage && states[myStage] === 'open' ? itemsAwaiting(shape, ownDecisions, myStage).length : 0;
    summaries.push({ request, itemCount: own.length, stageStates: states, waitingForMe });
  }
  return summaries;
}

export async function requestsOfRun(ctx: PortalContext, runId: number): Promise<ApprovalRequest[]> {
  return ctx.database.db.select().from(approvalRequests).where(eq(approvalRequests.runId, runId)).orderBy(asc(approvalRequests.id));
}

export async function pendingCount(ctx: PortalContext): Promise<number> {
  const [row] = await ctx.database.db.select({ n: sql<number>`count(*)` }).from(approvalRequests).where(eq(approvalRequests.status, 'pending'));
  return row?.n ?? 0;
}

/** Protection reasons per item id, for showing why an item cannot be approved. */
export async function protectionOf(ctx: PortalContext, loaded: LoadedRequest): Promise<Map<number, string>> {
  const holds = await activeHolds(ctx.database.db);
  const marks = await preservationMarksSince(ctx.database.db, loaded.request.createdAt);
  const reasons = new Map<number, string>();
  for (const item of loaded.items) {
    const reason = protectionReason(item, loaded.request.createdAt, holds, marks);
    if (reason) reasons.set(item.id, reason);
  }
  return reasons;
}

export interface OutcomeInput {
  itemId: string;
  status: 'succeeded' | 'failed' | 'skipped';
  message?: string | null | undefined;
}

/** Records what n8n did with each approved item. Reporting the same outcome again is a no-op; a changed one updates. */
export async function reportOutcomes(ctx: PortalContext, principal: ApiPrincipal, requestId: number, reported: OutcomeInput[]): Promise<{ recorded: number }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const loaded = await loadWithin(tx, requestId);
    if (!loaded) throw new PortalError(404, `Approval request ${requestId} does not exist.`);
    if (loaded.request.status === 'pending') throw new PortalError(409, 'This request is still pending; outcomes can only be reported after it is decided.');
    const byPlanId = new Map(loaded.items.map((i) => [i.planItemId, i]));
    const unknown = reported.filter((o) => !byPlanId.has(o.itemId)).map((o) => o.itemId);
    if (unknown.length > 0) throw new PortalError(422, `Unknown item id(s) for this request: ${unknown.join(', ')}`, unknown);
    let recorded = 0;
    for (const o of reported) {
      const item = byPlanId.get(o.itemId)!;
      const changed = await tx
        .insert(outcomes)
        .values({ itemId: item.id, status: o.status, message: o.message ?? null, reportedAt: now })
        .onConflictDoUpdate({
          target: outcomes.itemId,
          set: { status: o.status, message: o.message ?? null, reportedAt: now },
          setWhere: sql`${outcomes.status} is not ${o.status} or ${outcomes.message} is not ${o.message ?? null}`,
        })
        .returning({ id: outcomes.id });
      recorded += changed.length;
    }
    if (recorded > 0) {
      await appendAudit(tx, now, { actor: `token:${principal.name}`, action: 'approval.outcomes', target: `request:${requestId}`, details: { recorded } });
    }
    return { recorded };
  });
}
