/** People who use the portal: accounts, roles, one-time setup links. */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { sessions, setupTokens, users, type UserRole } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { hashPassword, passwordProblem } from '../security/passwords.js';
import { randomToken, sha256Hex } from '../security/tokens.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';

export type User = typeof users.$inferSelect;
/** What pages and exports may show about a user: never the password hash. */
export type PublicUser = Omit<User, 'passwordHash'>;

export const SETUP_LINK_TTL_MS = 24 * 60 * 60_000;

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

export async function listUsers(ctx: PortalContext): Promise<PublicUser[]> {
  const rows = await ctx.database.db.select().from(users).orderBy(asc(users.username));
  return rows.map(toPublicUser);
}

export async function findUserById(ctx: PortalContext, id: number): Promise<User | undefined> {
  const rows = await ctx.database.db.select().from(users).where(eq(users.id, id));
  return rows[0];
}

export async function findUserByUsername(ctx: PortalContext, username: string): Promise<User | undefined> {
  const [user] = await ctx.database.db.select().from(users).where(eq(users.username, username));
  return user;
}

export async function countUsers(ctx: PortalContext): Promise<number> {
  const rows = await ctx.database.db.select({ id: users.id }).from(users).limit(1);
  return rows.length;
}

export interface NewUser {
  username: string;
  displayName: string;
  email: string | null;
  role: UserRole;
  password?: string;
}

/** Creates a user; without a password it returns a one-time setup token for the person to choose one. */
export async function createUser(ctx: PortalContext, actor: string, input: NewUser): Promise<{ user: PublicUser; setupToken: string | null }> {
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password, input.username);
    if (problem) throw new PortalError(422, problem);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password, ctx.settings.scryptCost);
  const setupToken = input.password === undefined ? randomToken() : null;
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const existing = await tx.select({ id: users.id }).from(users).where(eq(users.username, input.username));
    if (existing.length > 0) throw new PortalError(409, `A user named "${input.username}" already exists.`);
    const [user] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, email: input.email, role: input.role, passwordHash, createdAt: now })
      .returning();
    if (!user) throw new Error('insert returned no row');
    if (setupToken) {
      await tx.insert(setupTokens).values({ id: sha256Hex(setupToken), userId: user.id, expiresAt: now + SETUP_LINK_TTL_MS });
    }
    await appendAudit(tx, now, { actor, action: 'user.create', target: `user:${user.username}`, details: { role: user.role } });
    return { user: toPublicUser(user), setupToken };
  });
}

/** Redeems a setup link: sets the password once; the link cannot be used again. */
export async function completeSetup(ctx: PortalContext, token: string, password: string): Promise<PublicUser> {
  const user = await userForSetupToken(ctx, token);
  if (!user) throw new PortalError(410, 'This setup link is invalid, expired or already used. Ask an administrator for a new one.');
  const problem = passwordProblem(password, user.username);
  if (problem) throw new PortalError(422, problem);
  const passwordHash = await hashPassword(password, ctx.settings.scryptCost);
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const claimed = await tx
      .update(setupTokens)
      .set({ usedAt: now })
      .where(and(eq(setupTokens.id, sha256Hex(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
      .returning();
    if (claimed.length === 0) throw new PortalError(410, 'This setup link was already used.');
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    await appendAudit(tx, now, { actor: `user:${user.username}`, action: 'user.password-set', target: `user:${user.username}` });
    return toPublicUser(user);
  });
}

export async function userForSetupToken(ctx: PortalContext, token: string): Promise<User | undefined> {
  const rows = await ctx.database.db
    .select({ user: users })
    .from(setupTokens)
    .innerJoin(users, eq(users.id, setupTokens.userId))
    .where(and(eq(setupTokens.id, sha256Hex(token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, ctx.clock.now())));
  return rows[0]?.user;
}

/** Issues a fresh setup link for an existing user (lost password, first admin). */
export async function issueSetupLink(ctx: PortalContext, actor: string, userId: number): Promise<string> {
  const token = randomToken();
  const now = ctx.clock.now();
  await ctx.database.write(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new PortalError(404, 'No such user.');
    await tx.insert(setupTokens).values({ id: sha256Hex(token), userId, expiresAt: now + SETUP_LINK_TTL_MS });
    await appendAudit(tx, now, { actor, action: 'user.setup-link', target: `user:${user.username}` });
  });
  return token;
}

/** Sets a new password for an existing user (demo start-up); ends their sessions and is audited. */
export async function resetPassword(ctx: PortalContext, actor: string, username: string, password: string): Promise<PublicUser> {
  const problem = passwordProblem(password, username);
  if (problem) throw new PortalError(422, problem);
  const passwordHash = await hashPassword(password, ctx.settings.scryptCost);
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [updated] = await tx.update(users).set({ passwordHash }).where(eq(users.username, username)).returning();
    if (!updated) throw new PortalError(404, `No user named "${username}".`);
    await tx.delete(sessions).where(eq(sessions.userId, updated.id));
    await appendAudit(tx, now, { actor, action: 'user.password-reset', target: `user:${username}` });
    return toPublicUser(updated);
  });
}

export interface UserChange {
  role?: UserRole;
  disabled?: boolean;
}

/** Changes role or disabled state; either change ends the user's sessions so it takes effect at once. */
export async function updateUser(ctx: PortalContext, actor: { id: number; name: string }, userId: number, change: UserChange): Promise<PublicUser> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) throw new PortalError(404, 'No such user.');
    if (userId === actor.id && (change.disabled === true || (change.role && change.role !== 'admin'))) {
      throw new PortalError(422, 'You cannot disable yourself or remove your own admin role; ask another admin.');
    }
    const [updated] = await tx.update(users).set(change).where(eq(users.id, userId)).returning();
    if (!updated) throw new Error('update returned no row');
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await appendAudit(tx, now, {
      actor: actor.name,
      action: 'user.update',
      target: `user:${user.username}`,
      details: { from: { role: user.role, disabled: user.disabled }, to: change },
    });
    return toPublicUser(updated);
  });
}
