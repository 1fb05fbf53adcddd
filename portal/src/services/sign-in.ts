/**
 * Password sign-in with throttling kept in the database (it survives restarts and spans processes):
 * at most 5 failures per account and 30 per client address within 15 minutes.
 */
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { signInFailures, users } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { hashPassword, verifyPassword } from '../security/passwords.js';
import { randomToken } from '../security/tokens.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';
import { createSession } from './sessions.js';
import type { User } from './users.js';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

const GENERIC_FAILURE = 'Wrong username or password.';

const dummyHashes = new WeakMap<PortalContext['settings'], Promise<string>>();
function dummyHash(ctx: PortalContext): Promise<string> {
  let hash = dummyHashes.get(ctx.settings);
  if (!hash) {
    hash = hashPassword(randomToken(), ctx.settings.scryptCost);
    dummyHashes.set(ctx.settings, hash);
  }
  return hash;
}

async function failuresSince(ctx: PortalContext, key: string, since: number): Promise<number> {
  const rows = await ctx.database.db
    .select({ n: sql<number>`count(*)` })
    .from(signInFailures)
    .where(and(eq(signInFailures.key, key), gt(signInFailures.at, since)));
  return rows[0]?.n ?? 0;
}

export async function signIn(ctx: PortalContext, username: string, password: string, address: string): Promise<{ user: User; token: string }> {
  const now = ctx.clock.now();
  const since = now - THROTTLE_WINDOW_MS;
  const accountKey = `account:${username.toLowerCase()}`;
  const addressKey = `address:${address}`;
  if (
    (await failuresSince(ctx, accountKey, since)) >= MAX_FAILURES_PER_ACCOUNT ||
    (await failuresSince(ctx, addressKey, since)) >= MAX_FAILURES_PER_ADDRESS
  ) {
    await ctx.database.write((tx) =>
      appendAudit(tx, now, { actor: `anonymous@${address}`, action: 'auth.throttled', target: `user:${username}` }),
    );
    throw new PortalError(429, 'Too many failed sign-ins. Wait 15 minutes and try again.');
  }

  const [user] = await ctx.database.db.select().from(users).where(eq(users.username, username));
  // Unknown users are checked against a dummy hash so response time does not reveal which usernames exist.
  const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash(ctx)));
  const ok = !!user?.passwordHash && !user.disabled && matches;
  if (!user || !ok) {
    await ctx.database.write(async (tx) => {
      await tx.delete(signInFailures).where(lt(signInFailures.at, since));
      await tx.insert(signInFailures).values([
        { key: accountKey, at: now },
        { key: addressKey, at: now },
      ]);
      await appendAudit(tx, now, { actor: `anonymous@${address}`, action: 'auth.sign-in-failed', target: `user:${username}` });
    });
    throw new PortalError(401, GENERIC_FAILURE);
  }

  const token = await createSession(ctx, user.id);
  await ctx.database.write(async (tx) => {
    await tx.delete(signInFailures).where(eq(signInFailures.key, accountKey));
    await appendAudit(tx, now, { actor: `user:${user.username}`, action: 'auth.sign-in', target: `user:${user.username}`, details: { address } });
  });
  return { user, token };
}
