/**
 * The `--sandbox` credential builders write each credential in its class's own field names: a drift (such as a
 * BambooHR "subdomain" where the class names it "companyDomain") would only show when n8n refuses it on import.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/n8n.js';
import { SANDBOX_CREDENTIAL_BUILDERS, type SandboxEndpoints } from '../../../scripts/templates/credentials.js';

const everything: Required<SandboxEndpoints> = {
  incydrUrl: 'http://127.0.0.1:4010',
  incydrClientId: 'client',
  incydrClientSecret: 'secret-value',
  bambooHrUrl: 'http://127.0.0.1:4011/api/gateway.php/acme/v1',
  bambooHrCompanyDomain: 'acme',
  bambooHrApiKey: 'key-value',
  workdayReportUrl: 'http://127.0.0.1:4012/ccx/service/customreport2/acme/ISU/Report',
  workdayUser: 'ISU',
  workdayPassword: 'password-value',
  scimUrl: 'http://127.0.0.1:4013/scim/v2',
  scimToken: 'token-value',
  portalUrl: 'http://127.0.0.1:4020',
  portalToken: 'portal-token-value',
  portalResumeSecret: 'resume-secret-value-0123',
  portalResumeHeader: 'X-Incydr-Portal-Secret',
};

/** n8n's own Header Auth credential (n8n-nodes-base), which the Wait node checks the portal's resume call with. */
const N8N_BUILT_IN_FIELDS: Record<string, string[]> = { httpHeaderAuth: ['name', 'value'] };

async function credentialFields(): Promise<Map<string, string[]>> {
  const dir = join(REPO_ROOT, 'nodes', 'credentials');
  const fields = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.credentials.ts'))) {
    const module = (await import(join(dir, file))) as Record<string, new () => { name: string; properties: { name: string }[] }>;
    for (const Credential of Object.values(module)) {
      const instance = new Credential();
      fields.set(instance.name, instance.properties.map((p) => p.name));
    }
  }
  return fields;
}

describe('sandbox credential builders', () => {
  it.each(Object.keys(SANDBOX_CREDENTIAL_BUILDERS))('%s uses only the fields its credential class declares', async (type) => {
    const fields = N8N_BUILT_IN_FIELDS[type] ?? (await credentialFields()).get(type);
    expect(fields, `no credential class named ${type}`).toBeDefined();
    const built = SANDBOX_CREDENTIAL_BUILDERS[type]!(everything, { type, name: type === 'httpHeaderAuth' ? 'Portal resume secret' : type });
    expect('data' in built).toBe(true);
    if (!('data' in built)) return;
    expect(Object.keys(built.data).filter((key) => !fields!.includes(key))).toEqual([]);
  });
});
