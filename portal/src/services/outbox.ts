/**
 * The transactional outbox. Side effects (resuming n8n, sending mail) are written as rows in the same transaction
 * as the decision that causes them, then delivered after commit with retries and backoff. A restart or an outage
 * delays delivery, never loses it; the unique `key` makes enqueuing the same effect twice impossible.
 */
import { and, asc, desc, eq, isNull, lt, lte, or } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { outbox, type OutboxKind } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { retryDelayMs } from '../domain/backoff.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** How long a claimed row stays reserved for one delivery attempt before another worker may try it. */
export const CLAIM_LEASE_MS = 60_000;

export interface OutboxEntry {
  key: string;
  kind: OutboxKind;
  payload: string;
  summary: string;
}

/** Returns true when the row was new; false when an entry with this key already exists. */
export async function enqueue(tx: Tx, now: number, entry: OutboxEntry): Promise<boolean> {
  const inserted = await tx
    .insert(outbox)
    .values({ ...entry, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return inserted.length > 0;
}

/**
 * What a transport reports: delivered (and how), or a failure message that is safe to store and show. `giveUp`
 * means no retry can ever succeed; the row leaves the queue for good.
 */
export type DeliveryResult = { delivered: true; via: string } | { delivered: false; error: string; giveUp?: boolean };

export type Transport = (row: OutboxRow) => Promise<DeliveryResult>;

export interface DeliveryReport {
  attempted: number;
  delivered: number;
  failed: number;
  /** Failed for good (counted in `failed` too). */
  abandoned: number;
}

/** Claims due rows one at a time, delivers each outside any transaction, and records the result. */
export async function deliverDue(ctx: PortalContext, transports: Record<OutboxKind, Transport>, limit = 20): Promise<DeliveryReport> {
  const report: DeliveryReport = { attempted: 0, delivered: 0, failed: 0, abandoned: 0 };
  for (let i = 0; i < limit; i += 1) {
    const row = await claimNext(ctx);
    if (!row) break;
    report.attempted += 1;
    let result: DeliveryResult;
    try {
      result = await transports[row.kind](row);
    } catch (err) {
      result = { delivered: false, error: err instanceof Error ? err.message : 'delivery failed' };
    }
    const now = ctx.clock.now();
    if (result.delivered) {
      report.delivered += 1;
      await ctx.database.write((tx) =>
        tx.update(outbox).set({ deliveredAt: now, deliveredVia: result.via, claimedUntil: null, lastError: null }).where(eq(outbox.id, row.id)),
      );
    } else if (result.giveUp) {
      report.failed += 1;
      report.abandoned += 1;
      const error = result.error.slice(0, 500);
      ctx.log.warn('outbox delivery abandoned', { outboxId: row.id, kind: row.kind, attempts: row.attempts + 1, error });
      await ctx.database.write(async (tx) => {
        await tx
          .update(outbox)
          .set({ attempts: row.attempts + 1, abandonedAt: now, claimedUntil: null, lastError: error })
          .where(eq(outbox.id, row.id));
        await appendAudit(tx, now, { actor: 'portal', action: 'outbox.abandoned', target: row.key, details: { kind: row.kind, error } });
      });
    } else {
      report.failed += 1;
      const attempts = row.attempts + 1;
      ctx.log.warn('outbox delivery failed', { outboxId: row.id, kind: row.kind, attempts, error: result.error });
      await ctx.database.write((tx) =>
        tx
          .update(outbox)
          .set({ attempts, nextAttemptAt: now + retryDelayMs(attempts), claimedUntil: null, lastError: result.error.slice(0, 500) })
          .where(eq(outbox.id, row.id)),
      );
    }
  }
  return report;
}

async function claimNext(ctx: PortalContext): Promise<OutboxRow | undefined> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [due] = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.deliveredAt), isNull(outbox.abandonedAt), lte(outbox.nextAttemptAt, now), or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now))))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(1);
    if (!due) return undefined;
    const [claimed] = await tx.update(outbox).set({ claimedUntil: now + CLAIM_LEASE_MS }).where(eq(outbox.id, due.id)).returning();
    return claimed;
  });
}

export async function listOutbox(ctx: PortalContext, kind?: OutboxKind, limit = 200): Promise<OutboxRow[]> {
  const base = ctx.database.db.select().from(outbox);
  return (kind ? base.where(eq(outbox.kind, kind)) : base).orderBy(desc(outbox.id)).limit(limit);
}

/** What "retry now" found: rescheduled, or why there was nothing to retry. */
export type RetryNowResult = { rescheduled: true } | { rescheduled: false; state: 'delivered' | 'given-up' };

/**
 * Makes a pending delivery due at once, for an admin who knows the other side is back (after an outage the backoff
 * may hold a decision back for up to 15 minutes). Delivered and given-up rows are left as they are: retrying those
 * could resume n8n twice or revive a call n8n refused for good. The next worker round (every few seconds) sends it.
 */
export async function retryNow(ctx: PortalContext, actor: string, outboxId: number): Promise<RetryNowResult> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [row] = await tx.select().from(outbox).where(eq(outbox.id, outboxId));
    if (!row) throw new PortalError(404, 'No such delivery.');
    if (row.deliveredAt !== null) return { rescheduled: false, state: 'delivered' };
    if (row.abandonedAt !== null) return { rescheduled: false, state: 'given-up' };
    await tx.update(outbox).set({ nextAttemptAt: now }).where(and(eq(outbox.id, outboxId), isNull(outbox.deliveredAt), isNull(outbox.abandonedAt)));
    await appendAudit(tx, now, { actor, action: 'outbox.retry-now', target: row.key, details: { kind: row.kind, attempts: row.attempts } });
    return { rescheduled: true };
  });
}
