/**
 * Server-side sessions (ASVS 7.x): the cookie carries a random token, the table stores its SHA-256. Sessions end
 * after 8 h without activity or 7 days in total, on sign-out, and when the user's role or status changes.
 */
import { and, eq, lt, or } from 'drizzle-orm';
import { sessions, users } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { randomToken, sha256Hex } from '../security/tokens.js';
import type { User } from './users.js';

export const IDLE_TIMEOUT_MS = 8 * 60 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 7 * 24 * 60 * 60_000;
/** Only touch `last_seen_at` once a minute, so reading pages does not turn into a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(ctx: PortalContext, userId: number): Promise<string> {
  const token = randomToken();
  const now = ctx.clock.now();
  await ctx.database.write(async (tx) => {
    // Housekeeping rides along with sign-in rather than needing its own job.
    await tx.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, now - IDLE_TIMEOUT_MS)));
    await tx.insert(sessions).values({ id: sha256Hex(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + ABSOLUTE_TIMEOUT_MS });
  });
  return token;
}

export async function validateSession(ctx: PortalContext, token: string): Promise<User | null> {
  const id = sha256Hex(token);
  const rows = await ctx.database.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  const row = rows[0];
  if (!row) return null;
  const now = ctx.clock.now();
  if (row.session.expiresAt <= now || row.session.lastSeenAt + IDLE_TIMEOUT_MS <= now || row.user.disabled) {
    await ctx.database.write((tx) => tx.delete(sessions).where(eq(sessions.id, id)));
    return null;
  }
  if (now - row.session.lastSeenAt > TOUCH_INTERVAL_MS) {
    await ctx.database.write((tx) => tx.update(sessions).set({ lastSeenAt: now }).where(and(eq(sessions.id, id))));
  }
  return row.user;
}

export async function deleteSession(ctx: PortalContext, token: string): Promise<void> {
  await ctx.database.write((tx) => tx.delete(sessions).where(eq(sessions.id, sha256Hex(token))));
}
