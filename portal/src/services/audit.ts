/** The append-only audit trail: every write appends inside the caller's transaction, chained by hash. */
import { and, asc, desc, eq, like, or, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { auditLog } from '../../../db/schema.js';
import { chainHash, GENESIS_HASH, verifyChain, type ChainVerdict } from '../domain/audit-chain.js';
import type { PortalContext } from '../context.js';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** Appends one row. Must run inside a queued write transaction so no other row can slip in between read and insert. */
export async function appendAudit(tx: Tx, at: number, entry: AuditEntry): Promise<void> {
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const content = { at, actor: entry.actor, action: entry.action, target: entry.target, details: JSON.stringify(entry.details ?? {}) };
  await tx.insert(auditLog).values({ ...content, prevHash, hash: chainHash(prevHash, content) });
}

/** Appends several rows in order with one read of the chain head and one insert per 100 rows. */
export async function appendAuditMany(tx: Tx, at: number, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const rows = entries.map((entry) => {
    const content = { at, actor: entry.actor, action: entry.action, target: entry.target, details: JSON.stringify(entry.details ?? {}) };
    const hash = chainHash(prevHash, content);
    const row = { ...content, prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 100) await tx.insert(auditLog).values(rows.slice(i, i + 100));
}

/** Appends one audit row in its own transaction (for events with no other write, e.g. a failed sign-in). */
export function recordAudit(ctx: PortalContext, entry: AuditEntry): Promise<void> {
  return ctx.database.write((tx) => appendAudit(tx, ctx.clock.now(), entry));
}

export interface AuditQuery {
  q?: string | undefined;
  action?: string | undefined;
  limit?: number;
}

export async function searchAudit(ctx: PortalContext, query: AuditQuery) {
  const filters = [];
  if (query.action) filters.push(eq(auditLog.action, query.action));
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    filters.push(
      or(
        sql`${auditLog.actor} like ${pattern} escape '\\'`,
        sql`${auditLog.target} like ${pattern} escape '\\'`,
        sql`${auditLog.details} like ${pattern} escape '\\'`,
        like(auditLog.action, pattern),
      ),
    );
  }
  const base = ctx.database.db.select().from(auditLog);
  const filtered = filters.length > 0 ? base.where(and(...filters)) : base;
  return filtered.orderBy(desc(auditLog.id)).limit(query.limit ?? 500);
}

export async function verifyAudit(ctx: PortalContext): Promise<ChainVerdict> {
  const rows = await ctx.database.db.select().from(auditLog).orderBy(asc(auditLog.id));
  return verifyChain(rows);
}

export async function distinctAuditActions(ctx: PortalContext): Promise<string[]> {
  const rows = await ctx.database.db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
