/** Workflow runs reported by n8n, their findings, and the dashboard figures derived from them. */
import { and, asc, desc, eq, gte, inArray, like, lte, sql } from 'drizzle-orm';
import { findings, runs, type FindingCategory, type RunStatus } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { PortalError } from './errors.js';

export type Run = typeof runs.$inferSelect;
export type Finding = typeof findings.$inferSelect;

export interface RunInput {
  workflow: string;
  executionId: string;
  trigger: string;
  status: RunStatus;
  startedAt: number;
  finishedAt?: number | null | undefined;
  counts?: Record<string, number> | undefined;
}

/** Creates the run or, when the same workflow + execution id is reported again, updates it (n8n retries safely). */
export async function upsertRun(ctx: PortalContext, input: RunInput): Promise<{ run: Run; created: boolean }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [existing] = await tx
      .select()
      .from(runs)
      .where(and(eq(runs.workflow, input.workflow), eq(runs.executionId, input.executionId)));
    if (existing) {
      const [run] = await tx
        .update(runs)
        .set({
          trigger: input.trigger,
          status: input.status,
          startedAt: input.startedAt,
          finishedAt: input.finishedAt ?? existing.finishedAt,
          counts: input.counts ?? existing.counts,
          updatedAt: now,
        })
        .where(eq(runs.id, existing.id))
        .returning();
      return { run: run!, created: false };
    }
    const [run] = await tx
      .insert(runs)
      .values({ ...input, finishedAt: input.finishedAt ?? null, counts: input.counts ?? {}, createdAt: now, updatedAt: now })
      .returning();
    return { run: run!, created: true };
  });
}

export interface RunPatch {
  status?: RunStatus | undefined;
  finishedAt?: number | null | undefined;
  counts?: Record<string, number> | undefined;
}

export async function updateRun(ctx: PortalContext, runId: number, patch: RunPatch): Promise<Run> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [existing] = await tx.select().from(runs).where(eq(runs.id, runId));
    if (!existing) throw new PortalError(404, `Run ${runId} does not exist.`);
    const [run] = await tx
      .update(runs)
      .set({
        status: patch.status ?? existing.status,
        finishedAt: patch.finishedAt === undefined ? existing.finishedAt : patch.finishedAt,
        counts: patch.counts ? { ...existing.counts, ...patch.counts } : existing.counts,
        updatedAt: now,
      })
      .where(eq(runs.id, runId))
      .returning();
    return run!;
  });
}

export interface FindingInput {
  category: FindingCategory;
  subjectType: string;
  subjectId: string;
  subjectName: string;
  issue?: string | null | undefined;
  reason?: string | null | undefined;
  details?: Record<string, unknown> | undefined;
}

export function findingKey(f: FindingInput): string {
  return [f.category, f.subjectType, f.subjectId, f.issue ?? ''].join(':');
}

/** Adds a batch; findings already recorded for this run (same key) are skipped, so re-sending a batch is safe. */
export async function addFindings(ctx: PortalContext, runId: number, batch: FindingInput[]): Promise<{ added: number; skipped: number }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [run] = await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
    if (!run) throw new PortalError(404, `Run ${runId} does not exist.`);
    const rows = batch.map((f) => ({
      runId,
      key: findingKey(f),
      category: f.category,
      subjectType: f.subjectType,
      subjectId: f.subjectId,
      subjectName: f.subjectName,
      issue: f.issue ?? null,
      reason: f.reason ?? null,
      details: f.details ?? {},
      createdAt: now,
    }));
    let added = 0;
    // SQLite caps bound parameters per statement; 10 columns x 500 rows stays well under it.
    for (let i = 0; i < rows.length; i += 500) {
      const inserted = await tx.insert(findings).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ id: findings.id });
      added += inserted.length;
    }
    return { added, skipped: batch.length - added };
  });
}

export interface RunFilter {
  workflow?: string | undefined;
  status?: RunStatus | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit?: number | undefined;
}

export async function listRuns(ctx: PortalContext, filter: RunFilter = {}): Promise<Run[]> {
  const where = [];
  if (filter.workflow) where.push(like(runs.workflow, `%${filter.workflow.replace(/[%_]/g, '')}%`));
  if (filter.status) where.push(eq(runs.status, filter.status));
  if (filter.from !== undefined) where.push(gte(runs.startedAt, filter.from));
  if (filter.to !== undefined) where.push(lte(runs.startedAt, filter.to));
  const base = ctx.database.db.select().from(runs);
  return (where.length > 0 ? base.where(and(...where)) : base).orderBy(desc(runs.startedAt), desc(runs.id)).limit(filter.limit ?? 200);
}

export async function getRun(ctx: PortalContext, runId: number): Promise<Run | undefined> {
  const [run] = await ctx.database.db.select().from(runs).where(eq(runs.id, runId));
  return run;
}

export async function findingsOfRun(ctx: PortalContext, runId: number): Promise<Finding[]> {
  return ctx.database.db.select().from(findings).where(eq(findings.runId, runId)).orderBy(asc(findings.category), asc(findings.subjectName));
}

export const DASHBOARD_CATEGORIES: readonly FindingCategory[] = [
  'stale-agent',
  'outdated-agent',
  'unsupported-agent',
  'unhealthy-agent',
  'terminated-active-user',
  'preserved-subject',
];

export interface CategoryCounts {
  runId: number;
  startedAt: number;
  workflow: string;
  counts: Record<FindingCategory, number>;
  unhealthyByIssue: Record<string, number>;
}

function emptyCounts(): Record<FindingCategory, number> {
  return Object.fromEntries(DASHBOARD_CATEGORIES.map((c) => [c, 0])) as Record<FindingCategory, number>;
}

/** Per-run finding counts for the most recent `limit` finished or running runs, oldest first (for trend charts). */
export async function findingTrends(ctx: PortalContext, limit = 30): Promise<CategoryCounts[]> {
  const recent = await ctx.database.db
    .select({ id: runs.id, startedAt: runs.startedAt, workflow: runs.workflow })
    .from(runs)
    .orderBy(desc(runs.startedAt), desc(runs.id))
    .limit(limit);
  if (recent.length === 0) return [];
  const ids = recent.map((r) => r.id);
  const grouped = await ctx.database.db
    .select({ runId: findings.runId, category: findings.category, issue: findings.issue, n: sql<number>`count(*)` })
    .from(findings)
    .where(inArray(findings.runId, ids))
    .groupBy(findings.runId, findings.category, findings.issue);
  const byRun = new Map<number, CategoryCounts>(
    recent.map((r) => [r.id, { runId: r.id, startedAt: r.startedAt, workflow: r.workflow, counts: emptyCounts(), unhealthyByIssue: {} }]),
  );
  for (const g of grouped) {
    const entry = byRun.get(g.runId);
    if (!entry) continue;
    entry.counts[g.category] += g.n;
    if (g.category === 'unhealthy-agent') {
      const issue = g.issue ?? 'UNSPECIFIED';
      entry.unhealthyByIssue[issue] = (entry.unhealthyByIssue[issue] ?? 0) + g.n;
    }
  }
  return [...byRun.values()].reverse();
}

/**
 * Current counts: for each category, the findings of the most recent run that reported that category. Different
 * workflows report different categories, so "latest run overall" would zero out the others.
 */
export async function currentCounts(ctx: PortalContext): Promise<{ counts: Record<FindingCategory, number>; unhealthyByIssue: Record<string, number> }> {
  const latestPerCategory = await ctx.database.db
    .select({ category: findings.category, runId: sql<number>`max(${findings.runId})` })
    .from(findings)
    .groupBy(findings.category);
  const counts = emptyCounts();
  const unhealthyByIssue: Record<string, number> = {};
  for (const { category, runId } of latestPerCategory) {
    const rows = await ctx.database.db
      .select({ issue: findings.issue, n: sql<number>`count(*)` })
      .from(findings)
      .where(and(eq(findings.runId, runId), eq(findings.category, category)))
      .groupBy(findings.issue);
    for (const r of rows) {
      counts[category] += r.n;
      if (category === 'unhealthy-agent') unhealthyByIssue[r.issue ?? 'UNSPECIFIED'] = (unhealthyByIssue[r.issue ?? 'UNSPECIFIED'] ?? 0) + r.n;
    }
  }
  return { counts, unhealthyByIssue };
}
