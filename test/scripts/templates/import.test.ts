/**
 * The import and credential rules that real n8n rarely shows (archived copies, duplicates, schema drift, n8n
 * failing half-way), with an in-memory n8n behind the `N8nApi` boundary. The real API is exercised by
 * test/e2e/templates-import.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ensureCredentials, sandboxCredentialSpecs } from '../../../scripts/templates/credentials.js';
import { importTemplate } from '../../../scripts/templates/import.js';
import { N8nApiError, normalizeN8nUrl, type N8nApi, type N8nCredentialSummary, type N8nWorkflowSummary } from '../../../scripts/templates/n8n-api.js';
import { checkTemplate, type Template } from '../../../scripts/templates/template.js';
import { makeTemplate, toText } from './fixtures.js';

function template(id = 'alpha'): Template {
  const check = checkTemplate(`${id}.json`, toText(makeTemplate({ templateId: id })));
  if (!check.ok) throw new Error('fixture must be valid');
  return check.template;
}

class MemoryN8n implements N8nApi {
  readonly baseUrl = 'http://n8n.test';
  workflows: (N8nWorkflowSummary & { body?: unknown })[] = [];
  tags: { id: string; name: string }[] = [];
  creds: N8nCredentialSummary[] = [];
  schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> = {};
  failOn: string | null = null;
  calls: string[] = [];
  private next = 1;

  private step(name: string) {
    this.calls.push(name);
    if (this.failOn === name) throw new N8nApiError(`n8n answered 400 to ${name}: broken on purpose`, 400);
  }
  async check() {}
  async workflowsTagged(tag: string) {
    this.step('list');
    return this.workflows.filter((w) => w.tags?.some((t) => t.name === tag));
  }
  async createWorkflow(body: unknown) {
    this.step('create');
    const w = { id: `w${this.next++}`, name: (body as { name: string }).name, active: false, createdAt: `2026-11-25T10:00:0${this.next}Z`, tags: [], body };
    this.workflows.push(w);
    return w;
  }
  async updateWorkflow(id: string, body: unknown) {
    this.step('update');
    const w = this.workflows.find((x) => x.id === id)!;
    Object.assign(w, { name: (body as { name: string }).name, body });
    return w;
  }
  async workflowTags(id: string) {
    return this.workflows.find((w) => w.id === id)!.tags ?? [];
  }
  async setWorkflowTags(id: string, tagIds: string[]) {
    this.step('tags');
    this.workflows.find((w) => w.id === id)!.tags = tagIds.map((t) => this.tags.find((x) => x.id === t)!);
  }
  async ensureTag(name: string) {
    const found = this.tags.find((t) => t.name === name);
    if (found) return found.id;
    const tag = { id: `t${this.next++}`, name };
    this.tags.push(tag);
    return tag.id;
  }
  async credentials() {
    return this.creds;
  }
  async credentialSchema(type: string) {
    return this.schemas[type] ?? null;
  }
  async createCredential(body: { name: string; type: string }) {
    this.step('createCredential');
    const c = { id: `c${this.next++}`, name: body.name, type: body.type };
    this.creds.push(c);
    return c;
  }
  async updateCredential(id: string) {
    this.step('updateCredential');
    return this.creds.find((c) => c.id === id)!;
  }
}

describe('importTemplate', () => {
  it('ignores archived copies and updates the oldest live one, reporting the other copies', async () => {
    const n8n = new MemoryN8n();
    const tag = { id: 't0', name: 'tpl:alpha' };
    n8n.tags.push(tag);
    n8n.workflows.push(
      { id: 'old-archived', name: 'a', active: false, isArchived: true, createdAt: '2026-01-01T00:00:00Z', tags: [tag] },
      { id: 'copy', name: 'b', active: false, createdAt: '2026-03-01T00:00:00Z', tags: [tag] },
      { id: 'home', name: 'c', active: true, createdAt: '2026-02-01T00:00:00Z', tags: [tag] },
    );
    const outcome = await importTemplate(n8n, template());
    expect(outcome).toMatchObject({ action: 'updated', workflowId: 'home' });
    expect(outcome.message).toContain('It is published: publish it again in n8n');
    expect(outcome.message).toContain('1 other workflow also carries the tag tpl:alpha (copies made in n8n) and was left alone.');
    expect(n8n.workflows.find((w) => w.id === 'copy')!.name).toBe('b');
  });

  it('a dry run only reads', async () => {
    const n8n = new MemoryN8n();
    expect(await importTemplate(n8n, template(), { dryRun: true })).toMatchObject({ action: 'would-create', message: 'would create a new workflow tagged tpl:alpha.' });
    expect(n8n.calls).toEqual(['list']);
    expect(n8n.tags).toEqual([]);
  });

  it('turns an n8n refusal into a failed outcome with n8n’s words, and other errors into exceptions', async () => {
    const n8n = new MemoryN8n();
    n8n.failOn = 'create';
    expect(await importTemplate(n8n, template())).toMatchObject({ action: 'failed', message: 'n8n answered 400 to create: broken on purpose' });
    n8n.failOn = null;
    n8n.createWorkflow = () => Promise.reject(new TypeError('bug'));
    await expect(importTemplate(n8n, template())).rejects.toThrow('bug');
  });
});

describe('ensureCredentials', () => {
  const spec = { type: 'incydrApi', name: 'Incydr sandbox', data: { region: 'custom', baseUrl: 'http://127.0.0.1:4010', clientId: 'id', clientSecret: 'very-secret' } };

  it('skips a type n8n does not know, and names n8n’s fields when ours drift from its schema', async () => {
    const n8n = new MemoryN8n();
    expect((await ensureCredentials(n8n, [spec]))[0]).toMatchObject({ action: 'skipped', message: expect.stringContaining('does not know the credential type incydrApi') });
    n8n.schemas.incydrApi = { properties: { region: {}, baseUrl: {}, clientId: {}, apiSecret: {} }, required: ['clientId', 'apiSecret'] };
    const [outcome] = await ensureCredentials(n8n, [spec]);
    expect(outcome).toMatchObject({ action: 'failed' });
    expect(outcome!.message).toBe('cannot fill credential type incydrApi: n8n does not know the field(s) clientSecret; it requires apiSecret; (its fields: region, baseUrl, clientId, apiSecret)');
    expect(JSON.stringify(outcome)).not.toContain('very-secret');
  });

  it('refuses to guess between two credentials of the same type and name, and updates a single match', async () => {
    const n8n = new MemoryN8n();
    n8n.schemas.incydrApi = { properties: { region: {}, baseUrl: {}, clientId: {}, clientSecret: {} } };
    n8n.creds.push({ id: 'c-a', name: 'Incydr sandbox', type: 'incydrApi' }, { id: 'c-b', name: 'Incydr sandbox', type: 'incydrApi' });
    expect((await ensureCredentials(n8n, [spec]))[0]!.message).toContain('2 credentials named "Incydr sandbox" of type incydrApi exist');
    n8n.creds.pop();
    expect((await ensureCredentials(n8n, [spec]))[0]).toMatchObject({ action: 'updated', id: 'c-a' });
    expect(n8n.calls).toEqual(['updateCredential']);
  });
});

describe('sandboxCredentialSpecs', () => {
  it('fills what it has endpoints and secrets for, and says what is missing for the rest', () => {
    const { specs, skipped } = sandboxCredentialSpecs(
      [
        { type: 'incydrApi', name: 'Incydr account' },
        { type: 'incydrHealthScimApi', name: 'SCIM directory' },
        { type: 'slackApi', name: 'Slack' },
      ],
      { incydrUrl: 'http://127.0.0.1:4010', incydrClientId: 'key-1', incydrClientSecret: 'secret-1', scimUrl: 'http://127.0.0.1:4013' },
    );
    expect(specs).toEqual([{ type: 'incydrApi', name: 'Incydr account', data: { region: 'custom', baseUrl: 'http://127.0.0.1:4010', clientId: 'key-1', clientSecret: 'secret-1' } }]);
    expect(skipped.map((s) => s.message)).toEqual(['not set up: give SCIM_TOKEN', 'no sandbox for credential type slackApi; set it up in n8n yourself']);
  });
});

describe('sandbox credential builders', () => {
  it('fill each credential class’s own field names (those of nodes/credentials/*.credentials.ts)', () => {
    const all = {
      incydrUrl: 'http://i', incydrClientId: 'a', incydrClientSecret: 'b',
      bambooHrUrl: 'http://b/api/v1', bambooHrCompanyDomain: 'acme', bambooHrApiKey: 'c',
      workdayReportUrl: 'http://w/report', workdayUser: 'u', workdayPassword: 'p',
      scimUrl: 'http://s', scimToken: 't', portalUrl: 'http://p', portalToken: 'ihp',
    };
    const types = ['incydrApi', 'incydrHealthBambooHrApi', 'incydrHealthWorkdayApi', 'incydrHealthScimApi', 'incydrHealthPortalApi'];
    const { specs, skipped } = sandboxCredentialSpecs(types.map((type) => ({ type, name: type })), all);
    expect(skipped).toEqual([]);
    expect(Object.fromEntries(specs.map((s) => [s.type, Object.keys(s.data).sort()]))).toEqual({
      incydrApi: ['baseUrl', 'clientId', 'clientSecret', 'region'],
      incydrHealthBambooHrApi: ['apiKey', 'baseUrl', 'companyDomain'],
      incydrHealthWorkdayApi: ['password', 'reportUrl', 'username'],
      incydrHealthScimApi: ['baseUrl', 'token'],
      incydrHealthPortalApi: ['apiToken', 'url'],
    });
  });
});

describe('sandboxCredentialSpecs for the demo wiring', () => {
  it('fills BambooHR with the credential class\'s own field names and the portal\'s resume secret as Header Auth', () => {
    const { specs, skipped } = sandboxCredentialSpecs(
      [
        { type: 'incydrHealthBambooHrApi', name: 'BambooHR' },
        { type: 'httpHeaderAuth', name: 'Portal resume secret' },
        { type: 'httpHeaderAuth', name: 'Someone else\'s API' },
      ],
      { bambooHrUrl: 'http://127.0.0.1:4011/api/gateway.php/northwind/v1', bambooHrCompanyDomain: 'northwind', bambooHrApiKey: 'k-1', portalResumeSecret: 'resume-secret-0123456789' },
    );
    expect(specs).toEqual([
      { type: 'incydrHealthBambooHrApi', name: 'BambooHR', data: { companyDomain: 'northwind', apiKey: 'k-1', baseUrl: 'http://127.0.0.1:4011/api/gateway.php/northwind/v1' } },
      { type: 'httpHeaderAuth', name: 'Portal resume secret', data: { name: 'X-Incydr-Portal-Secret', value: 'resume-secret-0123456789' } },
    ]);
    expect(skipped).toEqual([expect.objectContaining({ name: 'Someone else\'s API', action: 'skipped', message: expect.stringContaining('set this one up in n8n yourself') })]);
  });

  it('says which variable the resume secret needs, and honours a custom header name', () => {
    const ref = { type: 'httpHeaderAuth', name: 'Portal resume secret' };
    expect(sandboxCredentialSpecs([ref], {}).skipped[0]!.message).toBe('not set up: give PORTAL_N8N_RESUME_SECRET');
    expect(sandboxCredentialSpecs([ref], { portalResumeSecret: 's'.repeat(20), portalResumeHeader: 'X-Other' }).specs[0]!.data).toEqual({ name: 'X-Other', value: 's'.repeat(20) });
  });
});

describe('normalizeN8nUrl', () => {
  it.each([
    ['http://n8n:5678', 'http://n8n:5678'],
    ['http://n8n:5678/', 'http://n8n:5678'],
    ['http://n8n:5678/api/v1/', 'http://n8n:5678'],
    [' https://example.com/n8n/?x=1#y ', 'https://example.com/n8n'],
  ])('%s → %s', (input, expected) => expect(normalizeN8nUrl(input)).toBe(expected));

  it('refuses other schemes and embedded credentials', () => {
    expect(() => normalizeN8nUrl('ftp://n8n')).toThrow('must start with http:// or https://');
    expect(() => normalizeN8nUrl('http://u:p@n8n')).toThrow('must not contain a user name or password');
  });
});
