/** Bearer tokens for machine callers (the n8n side): shown once, stored as SHA-256, scoped, revocable. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import type { ApiScope } from '../domain/policy.js';
import { newApiToken, sha256Hex } from '../security/tokens.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';

export interface ApiPrincipal {
  tokenId: number;
  name: string;
  scopes: ApiScope[];
}

export type ApiTokenRow = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

export async function createApiToken(
  ctx: PortalContext,
  actor: { id: number | null; name: string },
  input: { name: string; scopes: ApiScope[]; expiresAt: number | null },
): Promise<{ token: string; row: ApiTokenRow }> {
  const { token, visiblePrefix } = newApiToken();
  const now = ctx.clock.now();
  const row = await ctx.database.write(async (tx) => {
    const [inserted] = await tx
      .insert(apiTokens)
      .values({ name: input.name, prefix: visiblePrefix, tokenHash: sha256Hex(token), scopes: input.scopes, createdBy: actor.id, createdAt: now, expiresAt: input.expiresAt })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await appendAudit(tx, now, { actor: actor.name, action: 'token.create', target: `token:${inserted.id}`, details: { name: input.name, scopes: input.scopes } });
    return inserted;
  });
  const { tokenHash: _hidden, ...visible } = row;
  return { token, row: visible };
}

export async function listApiTokens(ctx: PortalContext): Promise<ApiTokenRow[]> {
  const rows = await ctx.database.db.select().from(apiTokens).orderBy(desc(apiTokens.id));
  return rows.map(({ tokenHash: _hidden, ...visible }) => visible);
}

/** Revoking twice is harmless: the second call changes nothing and says so. */
export async function revokeApiToken(ctx: PortalContext, actor: string, tokenId: number): Promise<{ revoked: boolean }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    if (!row) throw new PortalError(404, 'No such API token.');
    const changed = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (changed.length > 0) {
      await appendAudit(tx, now, { actor, action: 'token.revoke', target: `token:${tokenId}`, details: { name: row.name } });
    }
    return { revoked: changed.length > 0 };
  });
}

export async function authenticateApiToken(ctx: PortalContext, presented: string): Promise<ApiPrincipal | null> {
  const [row] = await ctx.database.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256Hex(presented)));
  const now = ctx.clock.now();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
    await ctx.database.write((tx) => tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)));
  }
  return { tokenId: row.id, name: row.name, scopes: row.scopes as ApiScope[] };
}
