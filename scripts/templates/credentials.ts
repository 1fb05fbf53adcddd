/**
 * Creates or updates the n8n credentials templates refer to, by type and name, so that imported workflows find
 * them. Used by `templates:import --sandbox` to point the demo at the local sandboxes. Secret values come from the
 * caller (environment or arguments) and go to n8n only; outcomes never echo them.
 */
import { N8nApiError, type N8nApi } from './n8n-api.js';
import type { CredentialReference } from './template.js';

export interface CredentialSpec extends CredentialReference {
  data: Record<string, unknown>;
}

export type CredentialAction = 'created' | 'updated' | 'would-create' | 'would-update' | 'skipped' | 'failed';

export interface CredentialOutcome extends CredentialReference {
  action: CredentialAction;
  id?: string;
  message: string;
}

/** Where the sandboxes listen and the secrets to use with them (all optional: a missing one skips its credential). */
export interface SandboxEndpoints {
  incydrUrl?: string;
  incydrClientId?: string;
  incydrClientSecret?: string;
  bambooHrUrl?: string;
  bambooHrSubdomain?: string;
  bambooHrApiKey?: string;
  workdayReportUrl?: string;
  workdayUser?: string;
  workdayPassword?: string;
  scimUrl?: string;
  scimToken?: string;
  portalUrl?: string;
  portalToken?: string;
}

type Builder = (e: SandboxEndpoints) => { data: Record<string, unknown> } | { missing: string[] };

const need = (pairs: [string, string | undefined][]): string[] => pairs.filter(([, v]) => !v).map(([k]) => k);

/**
 * Credential data per type, in each credential class's own field names. n8n validates the data against the
 * type's schema, and `ensureCredentials` checks the field names against that schema first, so a drift between this
 * table and a credential class fails with the names n8n expects.
 */
export const SANDBOX_CREDENTIAL_BUILDERS: Record<string, Builder> = {
  incydrApi: (e) => {
    const missing = need([['--incydr-url', e.incydrUrl], ['INCYDR_CLIENT_ID', e.incydrClientId], ['INCYDR_CLIENT_SECRET', e.incydrClientSecret]]);
    return missing.length ? { missing } : { data: { region: 'custom', baseUrl: e.incydrUrl, clientId: e.incydrClientId, clientSecret: e.incydrClientSecret } };
  },
  incydrHealthBambooHrApi: (e) => {
    const missing = need([['--bamboohr-url', e.bambooHrUrl], ['BAMBOOHR_SUBDOMAIN', e.bambooHrSubdomain], ['BAMBOOHR_API_KEY', e.bambooHrApiKey]]);
    return missing.length ? { missing } : { data: { companyDomain: e.bambooHrSubdomain, apiKey: e.bambooHrApiKey, baseUrl: e.bambooHrUrl } };
  },
  incydrHealthWorkdayApi: (e) => {
    const missing = need([['--workday-report-url', e.workdayReportUrl], ['WORKDAY_USER', e.workdayUser], ['WORKDAY_PASSWORD', e.workdayPassword]]);
    return missing.length ? { missing } : { data: { reportUrl: e.workdayReportUrl, username: e.workdayUser, password: e.workdayPassword } };
  },
  incydrHealthScimApi: (e) => {
    const missing = need([['--scim-url', e.scimUrl], ['SCIM_TOKEN', e.scimToken]]);
    return missing.length ? { missing } : { data: { baseUrl: e.scimUrl, token: e.scimToken } };
  },
  incydrHealthPortalApi: (e) => {
    const missing = need([['--portal-url', e.portalUrl], ['PORTAL_API_TOKEN', e.portalToken]]);
    return missing.length ? { missing } : { data: { url: e.portalUrl, apiToken: e.portalToken } };
  },
};

/** Specs for the referenced credentials we can fill in; the rest are reported as skipped with the reason. */
export function sandboxCredentialSpecs(references: readonly CredentialReference[], endpoints: SandboxEndpoints): { specs: CredentialSpec[]; skipped: CredentialOutcome[] } {
  const specs: CredentialSpec[] = [];
  const skipped: CredentialOutcome[] = [];
  for (const ref of references) {
    const builder = SANDBOX_CREDENTIAL_BUILDERS[ref.type];
    if (!builder) {
      skipped.push({ ...ref, action: 'skipped', message: `no sandbox for credential type ${ref.type}; set it up in n8n yourself` });
      continue;
    }
    const built = builder(endpoints);
    if ('missing' in built) skipped.push({ ...ref, action: 'skipped', message: `not set up: give ${built.missing.join(', ')}` });
    else specs.push({ ...ref, data: built.data });
  }
  return { specs, skipped };
}

/** Field names our data uses that the type's schema lacks, and required ones we do not fill. */
function schemaMismatch(schema: { properties?: Record<string, unknown>; required?: string[] }, data: Record<string, unknown>): string | null {
  const known = Object.keys(schema.properties ?? {});
  const unknown = Object.keys(data).filter((k) => known.length > 0 && !known.includes(k));
  const absent = (schema.required ?? []).filter((k) => !(k in data));
  if (unknown.length === 0 && absent.length === 0) return null;
  return [
    unknown.length ? `n8n does not know the field(s) ${unknown.join(', ')}` : '',
    absent.length ? `it requires ${absent.join(', ')}` : '',
    known.length ? `(its fields: ${known.join(', ')})` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

export async function ensureCredentials(api: N8nApi, specs: readonly CredentialSpec[], options: { dryRun?: boolean } = {}): Promise<CredentialOutcome[]> {
  const existing = await api.credentials();
  const outcomes: CredentialOutcome[] = [];
  for (const spec of specs) {
    const ref = { type: spec.type, name: spec.name };
    try {
      const schema = await api.credentialSchema(spec.type);
      if (!schema) {
        outcomes.push({ ...ref, action: 'skipped', message: `n8n does not know the credential type ${spec.type} (is the node package installed and up to date?)` });
        continue;
      }
      const mismatch = schemaMismatch(schema, spec.data);
      if (mismatch) {
        outcomes.push({ ...ref, action: 'failed', message: `cannot fill credential type ${spec.type}: ${mismatch}` });
        continue;
      }
      const matches = existing.filter((c) => c.type === spec.type && c.name === spec.name);
      if (matches.length > 1) {
        outcomes.push({ ...ref, action: 'failed', message: `${matches.length} credentials named "${spec.name}" of type ${spec.type} exist; n8n cannot pick one on import either. Rename or delete the extra ones.` });
        continue;
      }
      const match = matches[0];
      if (options.dryRun) {
        outcomes.push(match ? { ...ref, action: 'would-update', id: match.id, message: `would update credential ${match.id}` } : { ...ref, action: 'would-create', message: 'would create it' });
        continue;
      }
      const saved = match ? await api.updateCredential(match.id, spec) : await api.createCredential(spec);
      outcomes.push({ ...ref, action: match ? 'updated' : 'created', id: saved.id, message: `${match ? 'updated' : 'created'} credential ${saved.id}` });
    } catch (error) {
      if (!(error instanceof N8nApiError)) throw error;
      outcomes.push({ ...ref, action: 'failed', message: error.message });
    }
  }
  return outcomes;
}
