/**
 * `npm run templates:import` and the template import module against a real n8n (shared per file): the first run
 * creates, the second updates the same workflow in place, a dry run changes nothing, a renamed workflow is still
 * found by its tag, a bad key or an unreachable n8n fails with a clear message, and `--sandbox` creates the
 * credentials the templates name so that n8n links them on import.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, freePort } from '../harness/n8n.js';
import { useSharedN8n } from '../harness/shared-n8n.js';
import { makeTemplate, toText } from '../scripts/templates/fixtures.js';
import { createTestPortal, type TestPortal } from '../portal/harness.js';
import { saveN8nSettings } from '../../portal/src/services/n8n-settings.js';

const n8n = useSharedN8n();
const scratch = mkdtempSync(join(tmpdir(), 'templates-import-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runImport(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  return new Promise((done) => {
    execFile(
      tsx,
      [join(REPO_ROOT, 'scripts', 'templates-import.ts'), ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

interface Workflow {
  id: string;
  name: string;
  nodes: { name: string; parameters: Record<string, unknown>; credentials?: Record<string, { id: string | null; name: string }> }[];
  tags?: { name: string }[];
}

async function workflowsTagged(tag: string): Promise<Workflow[]> {
  return (await n8n().api<{ data: Workflow[] }>(`/workflows?tags=${encodeURIComponent(tag)}`)).data;
}

function markerOf(workflow: Workflow): unknown {
  const set = workflow.nodes.find((node) => node.name === 'Mark')!;
  return (set.parameters.assignments as { assignments: { value: unknown }[] }).assignments[0]!.value;
}

function folderWith(name: string, templates: Record<string, unknown>): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, json] of Object.entries(templates)) writeFileSync(join(dir, file), toText(json));
  return dir;
}

describe('npm run templates:import against real n8n', () => {
  let env: Record<string, string>;
  beforeAll(() => {
    env = { N8N_URL: n8n().baseUrl, N8N_API_KEY: n8n().apiKey };
  });

  it('creates on the first run, updates the same workflow on the second, and a dry run changes nothing', async () => {
    const v1 = folderWith('v1', { 'alpha.json': makeTemplate({ templateId: 'e2e-alpha', marker: 'v1' }) });
    const first = await runImport(['--dir', v1], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+e2e-alpha \(alpha\.json\)\s+created workflow \w+/);
    const [created, ...none] = await workflowsTagged('tpl:e2e-alpha');
    expect(none).toEqual([]);
    expect(markerOf(created!)).toBe('v1');
    expect(created!.tags!.map((t) => t.name).sort()).toEqual(['incydr-health', 'tpl:e2e-alpha']);

    const v2 = folderWith('v2', { 'alpha.json': makeTemplate({ templateId: 'e2e-alpha', marker: 'v2' }) });
    const dry = await runImport(['--dir', v2, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would-update e2e-alpha (alpha.json)  would update workflow ${created!.id}`);
    expect(markerOf((await workflowsTagged('tpl:e2e-alpha'))[0]!)).toBe('v1');

    const second = await runImport(['--dir', v2], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`updated workflow ${created!.id}`);
    const after = await workflowsTagged('tpl:e2e-alpha');
    expect(after.map((w) => w.id)).toEqual([created!.id]);
    expect(markerOf(after[0]!)).toBe('v2');
  });

  it('finds a renamed workflow by its tag and keeps the tags people added', async () => {
    const dir = folderWith('rename', { 'beta.json': makeTemplate({ templateId: 'e2e-beta' }) });
    expect((await runImport(['--dir', dir], env)).code).toBe(0);
    const [workflow] = await workflowsTagged('tpl:e2e-beta');
    const api = n8n().api;
    await api(`/workflows/${workflow!.id}`, { method: 'PUT', body: { name: 'My own name for it', nodes: workflow!.nodes, connections: (await api<{ connections: unknown }>(`/workflows/${workflow!.id}`)).connections, settings: { executionOrder: 'v1' } } });
    const mine = await api<{ id: string }>('/tags', { body: { name: 'team-secops' } });
    const current = await api<{ id: string }[]>(`/workflows/${workflow!.id}/tags`);
    await api(`/workflows/${workflow!.id}/tags`, { method: 'PUT', body: [...current.map((t) => ({ id: t.id })), { id: mine.id }] });

    const again = await runImport(['--dir', dir], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`updated workflow ${workflow!.id}`);
    const [updated, ...others] = await workflowsTagged('tpl:e2e-beta');
    expect(others).toEqual([]);
    expect(updated!.name).toBe('Test template e2e-beta');
    expect(updated!.tags!.map((t) => t.name).sort()).toEqual(['incydr-health', 'team-secops', 'tpl:e2e-beta']);
  });

  it('refuses an invalid template by file and JSON path and still imports the valid ones', async () => {
    const bad = makeTemplate({ templateId: 'e2e-bad' });
    (bad.nodes[2]!.parameters as Record<string, unknown>).apiKey = 'literal-key-value';
    const dir = folderWith('mixed', { 'bad.json': bad, 'gamma.json': makeTemplate({ templateId: 'e2e-gamma' }) });
    const run = await runImport(['--dir', dir], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad.json: $.nodes[2].parameters.apiKey: "apiKey" holds a literal value');
    expect(run.stderr).not.toContain('literal-key-value');
    expect(run.stdout).toMatch(/created\s+e2e-gamma/);
    expect(await workflowsTagged('tpl:e2e-bad')).toEqual([]);
  });

  it('says clearly when the API key is wrong, without echoing it', async () => {
    const dir = folderWith('badkey', { 'delta.json': makeTemplate({ templateId: 'e2e-delta' }) });
    const run = await runImport(['--dir', dir], { ...env, N8N_API_KEY: 'not-the-key-0123456789' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`n8n at ${n8n().baseUrl} refused the API key (401`);
    expect(run.stderr + run.stdout).not.toContain('not-the-key-0123456789');
    expect(await workflowsTagged('tpl:e2e-delta')).toEqual([]);
  });

  it('says clearly when n8n cannot be reached', async () => {
    const port = await freePort();
    const dir = folderWith('unreachable', { 'delta.json': makeTemplate({ templateId: 'e2e-delta' }) });
    const run = await runImport(['--dir', dir], { N8N_URL: `http://127.0.0.1:${port}`, N8N_API_KEY: 'whatever' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Cannot reach n8n at http://127.0.0.1:${port} (ECONNREFUSED). Is n8n running, and is the URL right?`);
  });

  it('--sandbox creates the named Incydr credential (secret from env), n8n links it on import, and a re-run updates it', async () => {
    const template = makeTemplate({ templateId: 'e2e-creds' });
    template.nodes.push({
      id: '6b0b7d0e-5a43-4a49-9c1c-6a3c1f0f7a11',
      name: 'List users',
      type: 'n8n-nodes-incydr-health.incydr',
      typeVersion: 1,
      position: [500, 100],
      parameters: {},
      credentials: { incydrApi: { id: null, name: 'Incydr sandbox' } },
    });
    const dir = folderWith('creds', { 'creds.json': template });
    const sandboxEnv = { ...env, SANDBOX_INCYDR_URL: 'http://127.0.0.1:4010', INCYDR_CLIENT_ID: 'sandbox-client', INCYDR_CLIENT_SECRET: 'sandbox-secret-value' };

    const dry = await runImport(['--dir', dir, '--sandbox', '--dry-run'], sandboxEnv);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would-create\s+"Incydr sandbox" \(incydrApi\)/);
    expect((await n8n().api<{ data: { name: string }[] }>('/credentials')).data.map((c) => c.name)).not.toContain('Incydr sandbox');

    const first = await runImport(['--dir', dir, '--sandbox'], sandboxEnv);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/created\s+"Incydr sandbox" \(incydrApi\)/);
    expect(first.stdout).not.toContain('sandbox-secret-value');
    const credentials = (await n8n().api<{ data: { id: string; name: string; type: string }[] }>('/credentials')).data.filter((c) => c.name === 'Incydr sandbox');
    expect(credentials).toHaveLength(1);
    const [workflow] = await workflowsTagged('tpl:e2e-creds');
    const node = workflow!.nodes.find((n) => n.name === 'List users')!;
    expect(node.credentials!.incydrApi).toEqual({ id: credentials[0]!.id, name: 'Incydr sandbox' });

    const second = await runImport(['--dir', dir, '--sandbox'], sandboxEnv);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`updated\\s+"Incydr sandbox" \\(incydrApi\\)\\s+updated credential ${credentials[0]!.id}`));
    expect((await n8n().api<{ data: { name: string }[] }>('/credentials')).data.filter((c) => c.name === 'Incydr sandbox')).toHaveLength(1);
  });

  it('--sandbox without the secrets skips the credential and says what to give', async () => {
    const template = makeTemplate({ templateId: 'e2e-nosecret' });
    template.nodes.push({
      id: '7c1c8e1f-6b54-4b5a-8d2d-7b4d2a1a8b22',
      name: 'List users',
      type: 'n8n-nodes-incydr-health.incydr',
      typeVersion: 1,
      position: [500, 100],
      parameters: {},
      credentials: { incydrApi: { id: null, name: 'Incydr other' } },
    });
    const run = await runImport(['--dir', folderWith('nosecret', { 't.json': template }), '--sandbox'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/skipped\s+"Incydr other" \(incydrApi\)\s+not set up: give --incydr-url, INCYDR_CLIENT_ID, INCYDR_CLIENT_SECRET/);
    expect(run.stdout).toContain('1 credential to set up in n8n: "Incydr other" (incydrApi)');
  });
});

describe('the portal’s Import button against real n8n', () => {
  let portal: TestPortal;
  let portalDir: string;
  beforeAll(async () => {
    portalDir = folderWith('portal', { 'epsilon.json': makeTemplate({ templateId: 'e2e-portal' }) });
    portal = await createTestPortal({ templatesDir: portalDir });
  });
  afterAll(() => portal.dispose());

  it('saves the connection and confirms n8n accepted the key', async () => {
    const admin = await portal.signIn('admin');
    const html = await (await portal.post('/admin/n8n', { url: n8n().baseUrl, apiKey: n8n().apiKey }, admin)).text();
    expect(html).toContain(`Saved. n8n at ${n8n().baseUrl} accepted the API key.`);
    expect(html).not.toContain(n8n().apiKey);
  });

  it('creates the workflow on the first click and updates the same one on the second, auditing both', async () => {
    const admin = await portal.signIn('admin');
    const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
    const first = await portal.post('/templates/epsilon.json/import', {}, admin, htmx);
    expect(first.status).toBe(200);
    const [created] = await workflowsTagged('tpl:e2e-portal');
    expect(await first.text()).toContain(`Created in n8n: created workflow ${created!.id}`);

    const second = await portal.post('/templates/epsilon.json/import', {}, admin, htmx);
    expect(second.status).toBe(200);
    expect(await second.text()).toContain(`Updated in n8n (same workflow, changed in place): updated workflow ${created!.id}`);
    expect((await workflowsTagged('tpl:e2e-portal')).map((w) => w.id)).toEqual([created!.id]);

    const audit = await (await portal.get('/audit?action=template.import', admin)).text();
    expect(audit.match(/<td>template\.import<\/td>/g)).toHaveLength(2);
    expect(audit).not.toContain(n8n().apiKey);
  });

  it('two admins clicking at once still leave one workflow: imports queue', async () => {
    writeFileSync(join(portalDir, 'zeta.json'), toText(makeTemplate({ templateId: 'e2e-race' })));
    const [a, b] = [await portal.signIn('admin'), await portal.signIn('admin')];
    await saveN8nSettings(portal.ctx, { id: a.user.id, name: 'test' }, { url: n8n().baseUrl, apiKey: n8n().apiKey });
    const htmx = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };
    const results = await Promise.all([portal.post('/templates/zeta.json/import', {}, a, htmx), portal.post('/templates/zeta.json/import', {}, b, htmx)]);
    const texts = await Promise.all(results.map((r) => r.text()));
    expect(texts.filter((x) => x.includes('Created in n8n'))).toHaveLength(1);
    expect(texts.filter((x) => x.includes('Updated in n8n'))).toHaveLength(1);
    expect(await workflowsTagged('tpl:e2e-race')).toHaveLength(1);
  });
});
