/**
 * Everything a request handler or background job needs, built once at start and passed down explicitly: no
 * module-level singletons, so each test builds its own portal on its own SQLite file.
 */
import type { Database } from '../../db/client.js';
import type { ScryptCost } from './security/passwords.js';
import type { SecretBox } from './security/secret-box.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface PortalSettings {
  /** Base URL of the n8n instance whose resume URLs we accept (PORTAL_N8N_URL). */
  n8nUrl: string | undefined;
  /** smtp:// or smtps:// URL; when absent, mail is kept for the admin page instead of sent. */
  smtpUrl: string | undefined;
  /** Where people reach the portal, for links in mail and exact CSRF origin checks. */
  publicUrl: string;
  /** Folder of workflow template JSON files shown on the Templates page. */
  templatesDir: string;
  scryptCost: ScryptCost;
  /** Sender address for notifications. */
  mailFrom: string;
  /**
   * The shared secret n8n's Wait node (Header Auth) expects on the resume call, and the header it goes in
   * (PORTAL_N8N_RESUME_SECRET / PORTAL_N8N_RESUME_HEADER). Absent: resume calls carry no secret header.
   */
  resumeAuth?: { header: string; secret: string } | undefined;
}

export interface PortalContext {
  database: Database;
  clock: Clock;
  log: Logger;
  settings: PortalSettings;
  /** Seals n8n resume URLs at rest. */
  resumeBox: SecretBox;
  /** HMAC key for the per-session CSRF tokens in forms. */
  csrfKey: Buffer;
}
