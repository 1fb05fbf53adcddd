/** Portal configuration from the environment, validated once at start with messages that say what to fix. */
import { z } from 'zod';

/** The header the resume call carries the shared secret in, unless PORTAL_N8N_RESUME_HEADER names another. */
export const DEFAULT_RESUME_HEADER = 'X-Incydr-Portal-Secret';

const optionalUrl = (name: string, protocols: RegExp) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.url({ protocol: protocols, message: `${name} must be a URL (${protocols.source.replace(/[\^$]/g, '')})` }).optional());

const envSchema = z.object({
  PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(4020),
  PORTAL_HOST: z.string().default('127.0.0.1'),
  PORTAL_DATA_DIR: z.string().default('.data/portal'),
  PORTAL_DATABASE_URL: optionalUrl('PORTAL_DATABASE_URL', /^(file|libsql|https?|wss?)$/),
  PORTAL_DATABASE_AUTH_TOKEN: z.string().optional(),
  PORTAL_N8N_URL: optionalUrl('PORTAL_N8N_URL', /^https?$/),
  PORTAL_SECRET: z.string().min(32, 'PORTAL_SECRET must be at least 32 characters; leave it unset to generate one.').optional(),
  PORTAL_SMTP_URL: optionalUrl('PORTAL_SMTP_URL', /^smtps?$/),
  PORTAL_PUBLIC_URL: optionalUrl('PORTAL_PUBLIC_URL', /^https?$/),
  PORTAL_MAIL_FROM: z.string().default('Incydr Health portal <portal@localhost>'),
  PORTAL_TEMPLATES_DIR: z.string().default('workflows'),
  // The value n8n's Wait node checks with its Header Auth credential; sent with every resume call.
  PORTAL_N8N_RESUME_SECRET: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.string().min(16, 'PORTAL_N8N_RESUME_SECRET must be at least 16 characters (the Header Auth value in n8n).').optional()),
  PORTAL_N8N_RESUME_HEADER: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'PORTAL_N8N_RESUME_HEADER must be a plain HTTP header name such as X-Incydr-Portal-Secret.')
    .default(DEFAULT_RESUME_HEADER),
});

export type PortalEnvConfig = z.infer<typeof envSchema>;

export function readConfig(env: Record<string, string | undefined>): PortalEnvConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Portal configuration is invalid:\n${parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
