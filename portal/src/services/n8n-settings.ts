/**
 * The n8n connection admins configure for template import: a base URL and a public-API key. The key is sealed
 * with the settings box before it is stored, is opened only to call n8n, and is never shown again; pages learn
 * only whether one is configured.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { portalSettings } from '../../../db/schema.js';
import type { PortalContext } from '../context.js';
import { appendAudit } from './audit.js';
import { PortalError } from './errors.js';

const KEY = 'n8n';

const storedSchema = z.object({ url: z.string(), apiKeySealed: z.string() });

export interface N8nSettingsView {
  url: string;
  apiKeyConfigured: boolean;
  updatedAt: number;
}

export interface N8nConnectionSecret {
  url: string;
  apiKey: string;
}

async function readStored(ctx: PortalContext) {
  const [row] = await ctx.database.db.select().from(portalSettings).where(eq(portalSettings.key, KEY));
  if (!row) return null;
  const parsed = storedSchema.safeParse(row.value);
  return parsed.success ? { ...parsed.data, updatedAt: row.updatedAt } : null;
}

/** What a page may show: the URL and whether a key is stored. */
export async function getN8nSettings(ctx: PortalContext): Promise<N8nSettingsView | null> {
  const stored = await readStored(ctx);
  return stored ? { url: stored.url, apiKeyConfigured: stored.apiKeySealed !== '', updatedAt: stored.updatedAt } : null;
}

/** The URL and the opened key, for the one place that calls n8n. */
export async function getN8nConnection(ctx: PortalContext): Promise<N8nConnectionSecret | null> {
  const stored = await readStored(ctx);
  if (!stored || stored.apiKeySealed === '') return null;
  try {
    return { url: stored.url, apiKey: ctx.settingsBox.open(stored.apiKeySealed) };
  } catch {
    // Sealed under another portal secret (PORTAL_SECRET changed): the key is unusable, so say how to fix it.
    throw new PortalError(409, 'The stored n8n API key cannot be read (the portal secret changed since it was saved). Enter the key again under Admin › n8n.');
  }
}

/**
 * Saves the URL and, when given, a new key. An empty key keeps the stored one, so changing the URL does not
 * require re-entering the secret; the first save needs one.
 */
export async function saveN8nSettings(ctx: PortalContext, actor: { id: number; name: string }, input: { url: string; apiKey: string | null }): Promise<N8nSettingsView> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const [row] = await tx.select().from(portalSettings).where(eq(portalSettings.key, KEY));
    const previous = row ? storedSchema.safeParse(row.value) : null;
    const previousSealed = previous?.success ? previous.data.apiKeySealed : '';
    if (input.apiKey === null && previousSealed === '') throw new PortalError(422, 'Enter the n8n API key (Settings › n8n API in n8n).');
    const apiKeySealed = input.apiKey === null ? previousSealed : ctx.settingsBox.seal(input.apiKey);
    const value = { url: input.url, apiKeySealed };
    await tx
      .insert(portalSettings)
      .values({ key: KEY, value, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: portalSettings.key, set: { value, updatedBy: actor.id, updatedAt: now } });
    await appendAudit(tx, now, { actor: actor.name, action: 'settings.n8n', target: 'settings:n8n', details: { url: input.url, apiKeyChanged: input.apiKey !== null } });
    return { url: input.url, apiKeyConfigured: true, updatedAt: now };
  });
}

/** Forgets the connection; doing it twice is harmless and the second time records nothing. */
export async function clearN8nSettings(ctx: PortalContext, actor: { id: number; name: string }): Promise<{ cleared: boolean }> {
  const now = ctx.clock.now();
  return ctx.database.write(async (tx) => {
    const removed = await tx.delete(portalSettings).where(eq(portalSettings.key, KEY)).returning({ key: portalSettings.key });
    if (removed.length > 0) await appendAudit(tx, now, { actor: actor.name, action: 'settings.n8n.clear', target: 'settings:n8n' });
    return { cleared: removed.length > 0 };
  });
}
