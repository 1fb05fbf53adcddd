/**
 * Issues the API token the demo's n8n credential uses, straight into the portal's SQLite file before the portal
 * process starts (one writer at a time). Admins do the same under Admin › API tokens.
 */
import { readConfig } from '../../portal/src/config.js';
import { API_SCOPES } from '../../portal/src/domain/policy.js';
import { createPortal } from '../../portal/src/portal.js';
import { createApiToken } from '../../portal/src/services/api-tokens.js';

export async function issueDemoToken(portalEnv: Record<string, string>): Promise<string> {
  const portal = await createPortal(readConfig(portalEnv));
  try {
    const { token } = await createApiToken(portal.ctx, { id: null, name: 'demo' }, { name: 'n8n (demo)', scopes: [...API_SCOPES], expiresAt: null });
    return token;
  } finally {
    portal.close();
  }
}
