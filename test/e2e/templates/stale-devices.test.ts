/**
 * The shipped "Stale-device remediation" template in real n8n against the sandboxes, in its default dry-run mode:
 * it passes the template module's checks and imports with its credentials linked by name; the run proposes to
 * deactivate exactly the world's stale and departed-owner devices (never an owner's newest device for staleness
 * alone, never a protected person's), snoozes on-leave owners, routes troubleshooting to the right team's
 * worklist, records the findings as a portal run — and asks nobody to approve and changes nothing in Incydr.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionPlan } from '@incydr-health/core/health/plan-types';
import { findingsOfRun, listRuns } from '../../../portal/src/services/runs.js';
import { useSharedN8n } from '../../harness/shared-n8n.js';
import { shippedTemplate, useSandboxWorld, type TemplateRun } from './sandbox-world.js';

const FILE = 'stale-device-remediation.json';
const n8n = useSharedN8n();
const env = useSandboxWorld(n8n, { seed: 202, users: 180 });

interface TriageItem {
  itemId: string;
  action: string;
  subject: { type: string; id: string; name: string; ownerUserId?: string };
  reasonCodes: string[];
  params?: { route?: string; snoozeUntil?: string | null };
}

const ROUTE_OF_ISSUE: Record<string, string> = {
  NOT_SENDING_SECURITY_EVENTS: 'incydr-admin',
  SECURITY_INGEST_REJECTED: 'incydr-admin',
  MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS: 'device-management',
  MISSING_MACOS_PERMISSION_ACCESSIBILITY: 'device-management',
  NOT_CONNECTING: 'desktop-support',
};

describe('template: stale-device remediation (dry run)', () => {
  let run: TemplateRun;
  let triage: TriageItem[];
  let before: unknown;
  const ids = (items: { subject: { id: string } }[]) => items.map((i) => i.subject.id).sort();

  beforeAll(async () => {
    before = env().tenantState();
    // The one credential templates:import --sandbox cannot make (its value is the portal's secret): set up by hand, as users do.
    await n8n().api('/credentials', {
      method: 'POST',
      body: { name: 'Portal resume secret', type: 'httpHeaderAuth', data: { name: 'X-Incydr-Portal-Secret', value: `resume-${Date.now()}` } },
    });
    const workflowId = await env().importShipped(FILE);
    run = await env().run(workflowId);
    triage = run.output('Triage').map((i) => i.json as unknown as TriageItem);
  }, 300_000);

  /** Users whose persona BambooHR (the template's HR source) holds, by Incydr user id. */
  const inBamboo = () => {
    const { world, hrPopulation } = env();
    const keys = new Set(hrPopulation.records.filter((r) => r.inSystems.bamboohr && !r.deletedAt).map((r) => r.key));
    return new Set(world.personas.filter((p) => p.incydrUserId && keys.has(p.personaId)).map((p) => p.incydrUserId!));
  };

  it('is a valid template: both triggers, the dry-run switch on by default, an approval before Execute Plan', async () => {
    const template = await shippedTemplate(FILE);
    const types = template.workflow.nodes.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['n8n-nodes-base.manualTrigger', 'n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.stickyNote', 'n8n-nodes-base.switch']));
    expect(types).not.toContain('n8n-nodes-base.code');
    expect(JSON.stringify(template.workflow.nodes.find((n) => n.name === 'Settings'))).toMatch(/"name":"dryRun","value":true/);
    const connections = template.workflow.connections as Record<string, { main: { node: string }[][] }>;
    expect(connections['Dry Run?']!.main[1]!.map((t) => t.node)).toEqual(['Request Approval']);
    expect(connections['Get Decision']!.main[0]!.map((t) => t.node)).toEqual(['Execute Plan']);
  });

  it('runs to the end of the dry-run branch without asking for approval', () => {
    expect(run.error).toBeUndefined();
    expect(run.ran('Finish Run (Dry Run)')).toBe(true);
    expect(run.ran('Request Approval')).toBe(false);
    expect(run.ran('Execute Plan')).toBe(false);
  });

  it('flags exactly the world’s stale devices as not connected, and keeps each owner’s newest device', () => {
    const { world } = env();
    const activeStale = world.truth.staleAgents.filter((s) => world.tenant.agents.find((a) => a.agentId === s.agentId)!.active);
    expect(activeStale.length).toBeGreaterThan(3);
    expect(ids(triage.filter((t) => t.reasonCodes.includes('NOT_CONNECTED')))).toEqual(activeStale.map((s) => s.agentId).sort());

    const deactivated = new Set(triage.filter((t) => t.action === 'deactivate-agent').map((t) => t.subject.id));
    const ownerGone = (t: TriageItem) => t.reasonCodes.some((c) => c === 'OWNER_DEPARTED' || c === 'OWNER_DEACTIVATED');
    for (const t of triage.filter((x) => x.action === 'deactivate-agent' && !ownerGone(x))) {
      const othersKept = world.tenant.agents.filter((a) => a.active && a.userId === t.subject.ownerUserId && !deactivated.has(a.agentId));
      expect(othersKept.length, `owner of ${t.subject.id} keeps a device`).toBeGreaterThan(0);
    }
    expect(triage.some((t) => t.reasonCodes.includes('KEPT_AS_NEWEST_DEVICE') && t.action !== 'deactivate-agent')).toBe(true);
  });

  it('proposes deactivating every active device of departed owners HR knows, and snoozes on-leave owners instead', () => {
    const { world } = env();
    const known = inBamboo();
    const departed = world.truth.departedActiveUsers.filter((d) => known.has(d.userId));
    expect(departed.length).toBeGreaterThan(0);
    const byId = new Map(triage.map((t) => [t.subject.id, t]));
    for (const d of departed) {
      for (const agentId of d.activeAgentIds) expect(byId.get(agentId), agentId).toMatchObject({ action: 'deactivate-agent', reasonCodes: expect.arrayContaining(['OWNER_DEPARTED']) });
    }
    const onLeave = new Set(world.truth.onLeaveUsers.filter((u) => known.has(u.userId)).map((u) => u.userId));
    const snoozed = triage.filter((t) => t.action === 'snooze');
    expect(snoozed.length).toBeGreaterThan(0);
    for (const t of snoozed) expect(onLeave.has(t.subject.ownerUserId!), t.subject.id).toBe(true);
    for (const t of triage.filter((x) => onLeave.has(x.subject.ownerUserId ?? ''))) expect(t.action).toBe('snooze');
    expect(run.output('Snoozed Devices').map((i) => i.json.agentId).sort()).toEqual(ids(snoozed));
  });

  it('routes each troubleshooting item to its team’s worklist by its health issue', () => {
    const { world } = env();
    const troubleshoot = triage.filter((t) => t.action === 'troubleshoot-agent');
    const worklists = {
      'incydr-admin': run.output('Incydr admin worklist').map((i) => i.json),
      'device-management': run.output('Device management worklist').map((i) => i.json),
      'desktop-support': run.output('Desktop support worklist').map((i) => i.json),
    };
    expect(Object.values(worklists).flat().map((w) => w.agentId).sort()).toEqual(ids(troubleshoot));
    expect(worklists['device-management'].length).toBeGreaterThan(0);
    const issues = new Map(world.tenant.agents.map((a) => [a.agentId, a.agentHealthIssueTypes]));
    for (const [team, items] of Object.entries(worklists)) {
      for (const item of items) {
        expect(item.team).toBe(team);
        expect(troubleshoot.find((t) => t.subject.id === item.agentId)!.params!.route).toBe(team);
      }
    }
    // An agent whose only issues belong to one team is on that team's list.
    for (const t of troubleshoot) {
      const teams = new Set((issues.get(t.subject.id) ?? []).map((i) => ROUTE_OF_ISSUE[i]));
      if (teams.size === 1 && !t.reasonCodes.includes('KEPT_AS_NEWEST_DEVICE') && !t.reasonCodes.includes('CONNECTED_BUT_SILENT') && !t.reasonCodes.includes('OWNER_DEACTIVATED')) {
        expect(t.params!.route, t.subject.id).toBe([...teams][0]);
      }
    }
  });

  it('plans no deactivation of a protected person’s device: those are left to the guard', () => {
    const { world } = env();
    const plan = run.output('Build Plan')[0]!.json.plan as ActionPlan;
    const protectedUsers = new Set(world.truth.users.filter((u) => u.protected).map((u) => u.userId));
    const planned = plan.items.filter((i) => i.action === 'deactivate-agent');
    expect(planned.length).toBeGreaterThan(0);
    for (const item of planned) expect(protectedUsers.has(item.subject.ownerUserId!), item.subject.id).toBe(false);
    const preserved = run.output('Preservation Guard').filter((i) => i.json.guard === 'preserved').map((i) => i.json as unknown as TriageItem);
    const departing = new Set(world.truth.watchlistMembers.filter((w) => w.listType === 'DEPARTING_EMPLOYEE').flatMap((w) => w.actorIds));
    const actorOf = new Map(world.tenant.userActors.map((l) => [l.userId, l.actorId]));
    for (const p of preserved) {
      const owner = p.subject.ownerUserId!;
      expect(protectedUsers.has(owner) || departing.has(actorOf.get(owner) ?? ''), p.subject.id).toBe(true);
    }
    const deactivationsProposed = triage.filter((t) => t.action === 'deactivate-agent').length;
    expect(planned.length + preserved.filter((p) => p.action === 'deactivate-agent').length).toBe(deactivationsProposed);
  });

  it('records the findings as a finished portal run, and leaves the tenant exactly as it was', async () => {
    const [portalRun, ...others] = await listRuns(env().portal.portal.ctx);
    expect(others).toEqual([]);
    expect(portalRun).toMatchObject({ workflow: 'Stale-device remediation', status: 'succeeded', trigger: 'manual' });
    expect(portalRun!.counts).toMatchObject({ findings: triage.length, snoozed: triage.filter((t) => t.action === 'snooze').length });
    const findings = await findingsOfRun(env().portal.portal.ctx, portalRun!.id);
    expect(findings.map((f) => f.subjectId).sort()).toEqual(ids(triage.filter((t) => t.action !== 'snooze')));
    expect(env().incydrWrites()).toEqual([]);
    expect(env().tenantState()).toEqual(before);
  });
});
