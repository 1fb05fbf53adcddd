/**
 * The shipped "Agent version compliance" template in real n8n against the sandboxes: it passes the template
 * module's checks, imports with its credentials linked by name, and run in dry-run mode lists exactly the active
 * agents the world made unsupported, with their owners' departments, grouped by OS and department, as CSV and JSON
 * files — and writes nothing anywhere. With the dry run switched off the same report lands in the portal as a run
 * with one unsupported-agent finding per agent; Incydr is still untouched.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOfRun, listRuns } from '../../../portal/src/services/runs.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { shippedTemplate, useSandboxWorld, type Item, type TemplateRun } from './sandbox-world.js';

const FILE = 'agent-version-compliance.json';
const n8n = useSharedN8n();
const env = useSandboxWorld(n8n, { seed: 404, users: 160 });

/**
 * Active agents the generator placed on an unsupported release, with what the report should say about each: the
 * department BambooHR holds for the owner, or "Unknown" for owners BambooHR does not have (the world leaves some
 * people out of it on purpose).
 */
function expectedAgents() {
  const { world, hrPopulation } = env();
  const unsupported = new Set(world.truth.agentsByVersionClass.unsupported);
  const personaOfUser = new Map(world.personas.filter((p) => p.incydrUserId).map((p) => [p.incydrUserId!, p.personaId]));
  const inBamboo = new Map(hrPopulation.records.filter((r) => r.inSystems.bamboohr && !r.deletedAt).map((r) => [r.key, r]));
  return world.tenant.agents
    .filter((a) => a.active && unsupported.has(a.agentId))
    .map((a) => ({ agentId: a.agentId, os: a.osName, department: inBamboo.get(personaOfUser.get(a.userId) ?? '')?.department ?? 'Unknown' }));
}

function setDryRun(value: boolean) {
  return (template: { workflow: { nodes: Record<string, unknown>[] } }) => {
    const settings = template.workflow.nodes.find((n) => n.name === 'Settings')!;
    const assignments = (settings.parameters as { assignments: { assignments: { name: string; value: unknown }[] } }).assignments.assignments;
    assignments.find((a) => a.name === 'dryRun')!.value = value;
  };
}

/**
 * A binary output's bytes. n8n 2.x keeps binary data in files under its user folder and puts only a reference
 * (`filesystem-v2:<path>`) in the item; inline base64 is read as such.
 */
async function fileContent(item: Item, property: string): Promise<string> {
  const binary = item.binary?.[property];
  if (!binary) throw new Error(`no binary property "${property}" on ${JSON.stringify(Object.keys(item.binary ?? {}))}`);
  if (!binary.id?.startsWith('filesystem')) return Buffer.from(binary.data, 'base64').toString('utf8');
  const relative = binary.id.slice(binary.id.indexOf(':') + 1);
  const n8nFolder = join(n8n().userFolder, '.n8n');
  const candidates = [join(n8nFolder, 'storage', relative), join(n8nFolder, 'binaryData', relative)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`binary data ${binary.id} is in none of ${candidates.join(', ')}`);
  return readFileSync(found, 'utf8');
}

describe('template: agent version compliance', () => {
  let dryRun: TemplateRun;

  it('is a valid template: both triggers, a dry-run switch on by default, credentials by name only', async () => {
    const template = await shippedTemplate(FILE);
    const types = template.workflow.nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.stickyNote']));
    expect(types).not.toContain('n8n-nodes-base.code');
    expect(template.credentials.map((c) => c.name).sort()).toEqual(['BambooHR', 'Incydr Health portal', 'Incydr account']);
    const settings = JSON.stringify(template.workflow.nodes.find((n) => n.name === 'Settings'));
    expect(settings).toMatch(/"name":"dryRun","value":true/);
  });

  it('dry run: reports exactly the unsupported active agents, with departments, grouped, as CSV and JSON; changes nothing', async () => {
    const before = env().tenantState();
    const workflowId = await env().importShipped(FILE);
    dryRun = await env().run(workflowId);
    expect(dryRun.error).toBeUndefined();

    const expected = expectedAgents();
    expect(expected.length).toBeGreaterThan(3);
    const reported = dryRun.output('With Owner and Department').map((i) => i.json);
    expect(reported.map((r) => r.agentId).sort()).toEqual(expected.map((e) => e.agentId).sort());
    const byId = new Map(reported.map((r) => [r.agentId, r]));
    for (const e of expected) expect({ agentId: e.agentId, os: byId.get(e.agentId)!.os, department: byId.get(e.agentId)!.department }).toEqual(e);
    for (const r of reported) {
      expect((r.versionWindow as { standing: string }).standing).toBe('unsupported');
      expect(String(r.supportedReleases).split(' ')).not.toContain(r.release);
    }

    const groups = dryRun.output('By OS and Department').map((i) => i.json);
    const expectedGroups = new Map<string, number>();
    for (const e of expected) expectedGroups.set(`${e.os}|${e.department}`, (expectedGroups.get(`${e.os}|${e.department}`) ?? 0) + 1);
    expect(new Map(groups.map((g) => [`${g.os}|${g.department}`, g.count_agentId]))).toEqual(expectedGroups);

    const csvItem = dryRun.output('Agents CSV')[0]!;
    expect(csvItem.binary!.report).toMatchObject({ mimeType: 'text/csv', fileName: 'agent-version-compliance.csv' });
    const csv = await fileContent(csvItem, 'report');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toContain('agentId');
    expect(lines).toHaveLength(expected.length + 1);
    for (const e of expected) expect(csv).toContain(e.agentId);
    const json = JSON.parse(await fileContent(dryRun.output('Groups JSON')[0]!, 'groups')) as unknown[];
    expect(json).toHaveLength(expectedGroups.size);

    expect(dryRun.output('Report Only in n8n')[0]!.json).toMatchObject({ dryRun: true, agentsOutsideWindow: expected.length, groups: expectedGroups.size });
    expect(dryRun.ran('Start Run')).toBe(false);
    expect(await listRuns(env().portal.portal.ctx)).toEqual([]);
    expect(env().incydrWrites()).toEqual([]);
    expect(env().tenantState()).toEqual(before);
  });

  it('with the dry run off, the same report is a portal run with one finding per agent, and Incydr is untouched', async () => {
    const before = env().tenantState();
    const workflowId = await env().importShipped(FILE, setDryRun(false));
    const live = await env().run(workflowId);
    expect(live.error).toBeUndefined();
    const expected = expectedAgents();

    const [run, ...others] = await listRuns(env().portal.portal.ctx);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ workflow: 'Agent version compliance', status: 'succeeded', trigger: 'manual' });
    expect(run!.counts).toMatchObject({ 'unsupported-agent': expected.length });
    const findings = await findingsOfRun(env().portal.portal.ctx, run!.id);
    expect(findings.map((f) => f.subjectId).sort()).toEqual(expected.map((e) => e.agentId).sort());
    expect(new Set(findings.map((f) => f.category))).toEqual(new Set(['unsupported-agent']));
    expect(env().incydrWrites()).toEqual([]);
    expect(env().tenantState()).toEqual(before);
  });
});
