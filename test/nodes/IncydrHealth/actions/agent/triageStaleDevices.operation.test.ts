import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../../../sandbox/incydr/generator.js';
import { parseCurrentVersion } from '../../../../../nodes/nodes/IncydrHealth/actions/agent/triageStaleDevices.operation.js';
import { NOW, expectNodeOperationError, hrPeopleOf, jsons, refusal, runHealthNode, subjectsWith, type IDataObject } from '../../health-harness.js';

const world = generateWorld({ seed: 2026, users: 150, now: NOW });
const { truth, tenant } = world;
const activeAgentIds = new Set(tenant.agents.filter((a) => a.active).map((a) => a.agentId));
const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();

const parameters = (options: IDataObject = {}, overrides: Record<string, unknown> = {}) => ({
  resource: 'agent',
  operation: 'triageStaleDevices',
  triageAgents: tenant.agents,
  triageUsers: tenant.users,
  triageOptions: { asOf: NOW, staleAfterDays: truth.staleAfterDays, ...options },
  ...overrides,
});

async function triage(options: IDataObject = {}) {
  return jsons((await runHealthNode({ parameters: parameters(options) })).output);
}

describe('Incydr Health: Stale-Device Triage', () => {
  it("finds exactly the generator's stale agents and health issues", async () => {
    const findings = await triage();
    expect(truth.staleAgents.length).toBeGreaterThan(0);
    expect(subjectsWith(findings, 'NOT_CONNECTED')).toEqual(sorted(truth.staleAgents.map((a) => a.agentId)));
    expect(subjectsWith(findings, 'HEALTH_NOT_CONNECTING')).toEqual(sorted(truth.agentsByHealthIssue.NOT_CONNECTING.filter((id) => activeAgentIds.has(id))));
    expect(subjectsWith(findings, 'HEALTH_MISSING_MACOS_FULL_DISK_ACCESS')).toEqual(
      sorted(truth.agentsByHealthIssue.MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS.filter((id) => activeAgentIds.has(id))),
    );
    expect(findings.every((f) => f.analysis === 'stale-devices' && (f.subject as IDataObject).type === 'agent')).toBe(true);
  });

  it("with HR people, deactivates departed owners' devices and only snoozes those of owners on leave", async () => {
    const findings = await triage({ hrPeople: hrPeopleOf(world) });
    const departed = sorted(truth.departedActiveUsers.flatMap((d) => d.activeAgentIds));
    expect(subjectsWith(findings.filter((f) => f.action === 'deactivate-agent'), 'OWNER_DEPARTED')).toEqual(departed);
    const onLeave = new Set(truth.onLeaveUsers.map((u) => u.userId));
    const leaveFindings = findings.filter((f) => onLeave.has((f.subject as IDataObject).ownerUserId as string));
    expect(leaveFindings.length).toBeGreaterThan(0);
    for (const f of leaveFindings) expect(f.action).toBe('snooze');
    expect(subjectsWith(await triage(), 'OWNER_DEPARTED')).toEqual([]);
  });

  it('keeps each owner\'s newest device before the age filter, and proposes it once "keep newest" is off', async () => {
    const kept = await triage();
    const keptNewest = subjectsWith(kept, 'KEPT_AS_NEWEST_DEVICE');
    expect(keptNewest.length).toBeGreaterThan(0);
    for (const f of kept.filter((x) => keptNewest.includes((x.subject as IDataObject).id as string))) expect(f.action).not.toBe('deactivate-agent');
    const withoutKeep = await triage({ keepNewestPerUser: false });
    expect(subjectsWith(withoutKeep, 'KEPT_AS_NEWEST_DEVICE')).toEqual([]);
    expect(subjectsWith(withoutKeep.filter((f) => f.action === 'deactivate-agent'), 'NOT_CONNECTED')).toEqual(expect.arrayContaining(keptNewest));
  });

  it('classifies versions against the given current release of each agent type', async () => {
    const currentVersion = tenant.agentReleases.map((r) => `${r.agentType}=${r.supported[0]}`).join(', ');
    const findings = await triage({ currentVersion, previousVersionsSupported: 2 });
    const unsupported = new Set(subjectsWith(findings, 'UNSUPPORTED_AGENT'));
    for (const id of unsupported) expect(truth.agentsByVersionClass.current).not.toContain(id);
    expect(unsupported.size).toBeGreaterThan(0);
    expect(subjectsWith(findings, 'OUTDATED_AGENT').every((id) => !truth.agentsByVersionClass.current.includes(id))).toBe(true);
  });

  it('judges silence only for agents whose last file activity is given', async () => {
    const fresh = tenant.agents.find((a) => a.active && !truth.staleAgents.some((s) => s.agentId === a.agentId))!;
    const findings = await triage({ lastActivity: [{ agentId: fresh.agentId, lastFileActivity: '2026-10-01T00:00:00Z' }], silentAfterDays: 7 });
    expect(subjectsWith(findings, 'CONNECTED_BUT_SILENT')).toEqual([fresh.agentId]);
  });

  it('reads current versions as one for all types or TYPE=version pairs, and names a bad pair', async () => {
    expect(parseCurrentVersion('')).toBeNull();
    expect(parseCurrentVersion(' 2.4.0 ')).toBe('2.4.0');
    expect(parseCurrentVersion('combined=2.4.0,\nCODE42 = 12.5.0')).toEqual({ COMBINED: '2.4.0', CODE42: '12.5.0' });
    expectNodeOperationError(await refusal({ parameters: parameters({ currentVersion: 'WINDOWS=1.0' }) }), /"WINDOWS=1\.0" is not TYPE=version with TYPE one of CODE42, CODE42AAT, COMBINED/);
  });

  it('refuses bad options and bad lists with a message naming them', async () => {
    expectNodeOperationError(await refusal({ parameters: parameters({ staleAfterDays: 0 }) }), /Stale After Days must be a whole number of at least 1, got the number 0/);
    expectNodeOperationError(await refusal({ parameters: parameters({ lastActivity: [{ agent: 'x' }] }) }), /Last File Activity\[0\] must be \{agentId, lastFileActivity\}/);
    expectNodeOperationError(await refusal({ parameters: parameters({}, { triageAgents: [{ agentId: 'a' }] }) }), /Incydr Agents\[0\]\.userId must be a string, got nothing/);
  });
});
