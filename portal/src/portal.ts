/** Assembles a running portal (database, migrations, secrets, context, app) from configuration. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hkdfSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Hono } from 'hono';
import { fileUrlInDataDir, openDatabase } from '../../db/client.js';
import { migrateDatabase } from '../../db/migrate.js';
import type { PortalEnvConfig } from './config.js';
import { systemClock, silentLogger, type Clock, type Logger, type PortalContext } from './context.js';
import { createApp } from './http/app.js';
import type { PortalEnv } from './http/env.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './security/passwords.js';
import { createSecretBox } from './security/secret-box.js';
import { randomToken } from './security/tokens.js';

export interface Portal {
  ctx: PortalContext;
  app: Hono<PortalEnv>;
  close(): void;
}

export interface PortalOptions {
  clock?: Clock;
  log?: Logger;
  scryptCost?: ScryptCost;
}

/** Uses PORTAL_SECRET, or the secret generated into the data dir on first start (readable by the owner only). */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomToken(48);
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export async function createPortal(config: PortalEnvConfig, options: PortalOptions = {}): Promise<Portal> {
  const dataDir = resolve(config.PORTAL_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secret = loadOrCreateSecret(dataDir, config.PORTAL_SECRET);
  const database = await openDatabase({
    url: config.PORTAL_DATABASE_URL ?? fileUrlInDataDir(dataDir),
    authToken: config.PORTAL_DATABASE_AUTH_TOKEN,
    busyTimeoutMs: 5000,
  });
  await migrateDatabase(database);
  const ctx: PortalContext = {
    database,
    clock: options.clock ?? systemClock,
    log: options.log ?? silentLogger,
    settings: {
      n8nUrl: config.PORTAL_N8N_URL,
      smtpUrl: config.PORTAL_SMTP_URL,
      publicUrl: config.PORTAL_PUBLIC_URL ?? `http://localhost:${config.PORTAL_PORT}`,
      templatesDir: resolve(config.PORTAL_TEMPLATES_DIR),
      scryptCost: options.scryptCost ?? DEFAULT_SCRYPT_COST,
      mailFrom: config.PORTAL_MAIL_FROM,
      resumeAuth: config.PORTAL_N8N_RESUME_SECRET
        ? { header: config.PORTAL_N8N_RESUME_HEADER, secret: config.PORTAL_N8N_RESUME_SECRET }
        : undefined,
    },
    resumeBox: createSecretBox(secret, 'n8n-resume-url'),
    csrfKey: Buffer.from(hkdfSync('sha256', secret, 'incydr-health-portal', 'csrf', 32)),
  };
  return { ctx, app: createApp(ctx), close: () => database.close() };
}
