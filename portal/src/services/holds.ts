/** Manual preservation holds (Legal) and the preservation register that combines them with what runs reported. */
import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.js';
import { findings, holds, runs, users } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import type { ActiveHold, PreservationMark } from '../domain/protection.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';

export type Hold = typeof holds.$inferSelect;

export interface HoldInput {
  subjectType: 'user' | 'agent' | 'actor';
  subjectId: string;
  subjectName: string;
  reason: string;
}

/** Adds a hold; when the subject already has an active one, returns that instead of stacking a duplicate. */
export async function addHold(ctx: PortalContext, actor: { id: number; name: string }, input: HoldInput): Promise<{ hold: Hold; created: boolean }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [existing] = await tx
      .select()
      .from(holds)
      .where(and(eq(holds.subjectType, input.subjectType), eq(holds.subjectId, input.subjectId), isNull(holds.liftedAt)));
    if (existing) return { hold: existing, created: false };
    const [hold] = await tx.insert(holds).values({ ...input, createdBy: actor.id, createdAt: now }).returning();
    await appendAudit(tx, now, {
      actor: actor.name,
      action: 'hold.add',
      target: `${input.subjectType}:${input.subjectId}`,
      details: { holdId: hold!.id, reason: input.reason },
    });
    return { hold: hold!, created: true };
  });
}

/** Lifts a hold; lifting one that is already lifted changes nothing. */
export async function liftHold(ctx: PortalContext, actor: { id: number; name: string }, holdId: number, reason: string): Promise<{ hold: Hold; lifted: boolean }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [hold] = await tx.select().from(holds).where(eq(holds.id, holdId));
    if (!hold) throw new PortalError(404, `Hold ${holdId} does not exist.`);
    if (hold.liftedAt !== null) return { hold, lifted: false };
    const [updated] = await tx
      .update(holds)
      .set({ liftedAt: now, liftedBy: actor.id, liftReason: reason })
      .where(and(eq(holds.id, holdId), isNull(holds.liftedAt)))
      .returning();
    await appendAudit(tx, now, { actor: actor.name, action: 'hold.lift', target: `${hold.subjectType}:${hold.subjectId}`, details: { holdId, reason } });
    return { hold: updated!, lifted: true };
  });
}

export async function activeHolds(db: Queryable): Promise<ActiveHold[]> {
  return db
    .select({ subjectType: holds.subjectType, subjectId: holds.subjectId, reason: holds.reason })
    .from(holds)
    .where(isNull(holds.liftedAt));
}

/** Preservation findings recorded after `since` (a request's creation): they make matching items unapprovable. */
export async function preservationMarksSince(db: Queryable, since: number): Promise<PreservationMark[]> {
  return db
    .select({ subjectType: findings.subjectType, subjectId: findings.subjectId, reason: findings.reason, recordedAt: findings.createdAt })
    .from(findings)
    .where(and(eq(findings.category, 'preserved-subject'), gt(findings.createdAt, since)));
}

export interface RegisterEntry {
  source: 'hold' | 'run';
  subjectType: string;
  subjectId: string;
  subjectName: string;
  reason: string;
  since: number;
  holdId: number | null;
  runId: number | null;
  addedBy: string | null;
  details: Record<string, unknown>;
}

/** Everything protected right now: active manual holds, plus the subjects the latest preservation-reporting run kept. */
export async function preservationRegister(ctx: PortalContext): Promise<RegisterEntry[]> {
  const manual = await ctx.database.db
    .select({ hold: holds, addedBy: users.username })
    .from(holds)
    .innerJoin(users, eq(users.id, holds.createdBy))
    .where(isNull(holds.liftedAt))
    .orderBy(desc(holds.createdAt));
  const [latest] = await ctx.database.db
    .select({ runId: sql<number | null>`max(${findings.runId})` })
    .from(findings)
    .where(eq(findings.category, 'preserved-subject'));
  const fromRuns = latest?.runId
    ? await ctx.database.db
        .select({ f: findings, startedAt: runs.startedAt })
        .from(findings)
        .innerJoin(runs, eq(runs.id, findings.runId))
        .where(and(eq(findings.runId, latest.runId), eq(findings.category, 'preserved-subject')))
    : [];
  return [
    ...manual.map(({ hold, addedBy }) => ({
      source: 'hold' as const,
      subjectType: hold.subjectType,
      subjectId: hold.subjectId,
      subjectName: hold.subjectName,
      reason: hold.reason,
      since: hold.createdAt,
      holdId: hold.id,
      runId: null,
      addedBy,
      details: {},
    })),
    ...fromRuns.map(({ f, startedAt }) => ({
      source: 'run' as const,
      subjectType: f.subjectType,
      subjectId: f.subjectId,
      subjectName: f.subjectName,
      reason: f.reason ?? 'Reported as preserved by the run.',
      since: startedAt,
      holdId: null,
      runId: f.runId,
      addedBy: null,
      details: f.details,
    })),
  ];
}

/** The most recently lifted holds, with who lifted them and why: the register's history. */
export async function liftedHolds(ctx: PortalContext, limit = 100): Promise<(Hold & { liftedByName: string | null })[]> {
  const rows = await ctx.database.db
    .select({ hold: holds, liftedByName: users.username })
    .from(holds)
    .leftJoin(users, eq(users.id, holds.liftedBy))
    .where(isNotNull(holds.liftedAt))
    .orderBy(desc(holds.liftedAt))
    .limit(limit);
  return rows.map((r) => ({ ...r.hold, liftedByName: r.liftedByName }));
}
