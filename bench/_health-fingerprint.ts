/**
 * Output fingerprints of the health engine, for proving that a performance change changes no output byte.
 *
 *   npx tsx bench/_health-fingerprint.ts > after.txt          # one line per seed × scenario × output
 *   npx tsx bench/_health-fingerprint.ts --compare before.txt # exits 1 and names every line that differs
 *
 * Each line is `<label> <sha256 of JSON.stringify(output)> <sha256 with approval roles and plan hashes blanked>
 * <sha256 of the canonical JSON>`. The first hash is strict (it sees key order, which a caller printing the raw output
 * would see too); the second lets a deliberate change to approval roles be told apart from any other change; the
 * third is blind to key order only, so a deliberate re-ordering of keys is told apart from a change of content. Worlds come from the sandbox
 * generator at modest sizes; the option combinations reach every branch the bench's single combination does not
 * (allowlists, grace days, the real matcher's ambiguities, app versions, file activity, manual holds, removals).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { generateWorld } from '../sandbox/incydr/generator.js';
import type { World } from '../sandbox/incydr/world-types.js';
import { personaAsHrPerson } from '../sandbox/world.js';
import type { MatchReport } from '../core/src/matching/types.js';
import type { AgentType } from '../core/src/incydr/types.js';
import { matchIdentities } from '../core/src/matching/match.js';
import { crossCheckOffboarding, type OffboardingOptions } from '../core/src/health/offboarding.js';
import { triageStaleDevices, type OwnerHrRecord, type StaleDeviceOptions } from '../core/src/health/stale-devices.js';
import { guardItems, type PreservationSignals } from '../core/src/health/preservation.js';
import { buildPlan, itemsFromFindings, proposePlan, selectApprovedItems } from '../core/src/health/plan.js';
import { canonicalJsonSlow } from '../core/src/health/canonical-json.js';
import { planFromJson, planToCsv, planToJson } from '../core/src/health/plan-export.js';
import type { Finding } from '../core/src/health/findings.js';

const NOW = '2026-11-25T12:00:00Z';
const WORLDS = [
  { seed: 1, users: 12_000 },
  { seed: 7, users: 6_000 },
  { seed: 42, users: 6_000 },
];

interface Inputs {
  world: World;
  perfectReport: MatchReport;
  matcherReport: MatchReport;
  hrByUserId: Map<string, OwnerHrRecord>;
  signals: PreservationSignals;
  releases: Partial<Record<AgentType, string[]>>;
}

function inputsFor(world: World): Inputs {
  const { tenant } = world;
  const actorOfUser = new Map(tenant.userActors.map((l) => [l.userId, l.actorId]));
  const personaOfUser = new Map(world.personas.filter((p) => p.incydrUserId).map((p) => [p.incydrUserId as string, p]));
  const perfectReport: MatchReport = { matched: [], ambiguous: [], hrOnly: [], incydrOnly: [] };
  const hrByUserId = new Map<string, OwnerHrRecord>();
  for (const p of world.personas) if (p.inHr && !p.incydrUserId) perfectReport.hrOnly.push(personaAsHrPerson(p));
  for (const user of tenant.users) {
    const persona = personaOfUser.get(user.userId);
    const identity = { userId: user.userId, username: user.username, actorId: actorOfUser.get(user.userId) ?? null };
    if (persona?.inHr) {
      const person = personaAsHrPerson(persona);
      perfectReport.matched.push({ person, identity, method: 'employee-id', confidence: 1, key: persona.workEmail });
      hrByUserId.set(user.userId, person);
    } else {
      perfectReport.incydrOnly.push({ ...identity, allowlisted: persona !== undefined && persona.kind !== 'human' });
    }
  }
  // The real matcher over every HR persona: rehires, shared aliases (ambiguities) and misses included.
  const matcherReport = matchIdentities({
    people: world.personas.filter((p) => p.inHr).map(personaAsHrPerson),
    users: tenant.users,
    actors: tenant.actors,
  });
  const matters = new Map(tenant.matters.map((m) => [m.matterId, m]));
  const signals: PreservationSignals = {
    cases: tenant.cases,
    legalHolds: tenant.custodianships.map((c) => ({
      matterId: c.matterId,
      matterName: matters.get(c.matterId)?.name ?? c.matterId,
      matterActive: matters.get(c.matterId)?.active ?? false,
      custodianUserId: c.userId,
      membershipActive: c.membershipActive,
    })),
    watchlistMembers: tenant.watchlists
      .filter((w) => w.listType === 'DEPARTING_EMPLOYEE')
      .flatMap((w) =>
        w.includedActors.map((a) => ({ watchlistId: w.watchlistId, listType: w.listType, actorId: a.actorId })),
      ),
    manualHolds: [],
    identities: [...perfectReport.matched.map((m) => m.identity), ...perfectReport.incydrOnly],
  };
  const releases: Partial<Record<AgentType, string[]>> = Object.fromEntries(
    tenant.agentReleases.map((r) => [r.agentType, [...r.supported, ...r.unsupported]]),
  );
  return { world, perfectReport, matcherReport, hrByUserId, signals, releases };
}

/** Signals with every optional path used: manual holds on users, actors and agents, names, titles, usernames. */
function richSignals(inputs: Inputs): PreservationSignals {
  const { tenant } = inputs.world;
  const usersByActor = new Map(tenant.userActors.map((l) => [l.actorId, l.userId]));
  const usernameOf = new Map(tenant.users.map((u) => [u.userId, u.username]));
  return {
    ...inputs.signals,
    cases: inputs.signals.cases.map((c, i) => (i % 2 === 0 ? { ...c, subject: null } : c)),
    legalHolds: inputs.signals.legalHolds.map((h, i) => ({
      ...h,
      custodianUsername: i % 3 === 0 ? (usernameOf.get(h.custodianUserId) ?? null) : null,
    })),
    watchlistMembers: inputs.signals.watchlistMembers.map((m, i) => ({
      ...m,
      title: i % 2 === 0 ? 'Departing employees' : null,
      actorName: i % 3 === 0 ? (usernameOf.get(usersByActor.get(m.actorId) ?? '') ?? null) : null,
    })),
    manualHolds: [
      ...tenant.users.filter((_, i) => i % 97 === 0).map((u) => ({
        subjectType: 'user' as const,
        subjectId: u.userId,
        reason: 'Pending HR investigation',
        owner: 'legal@northwind.example',
        createdAt: '2026-11-01T00:00:00Z',
      })),
      ...tenant.userActors.filter((_, i) => i % 89 === 0).map((l) => ({
        subjectType: 'actor' as const,
        subjectId: l.actorId,
        reason: 'Export review',
        owner: 'hr@northwind.example',
      })),
      ...tenant.agents.filter((_, i) => i % 83 === 0).map((a) => ({
        subjectType: 'agent' as const,
        subjectId: a.agentId,
        reason: 'Forensic image requested',
        owner: 'ir@northwind.example',
      })),
    ],
  };
}

/** Removals from the watchlist and agents without owners: items the analyses never produce but the guard must handle. */
function extraFindings(inputs: Inputs): Finding[] {
  const { tenant } = inputs.world;
  const removals: Finding[] = inputs.signals.watchlistMembers.slice(0, 40).map((m) => ({
    subject: { type: 'actor', id: m.actorId, name: m.actorId },
    action: 'remove-from-watchlist',
    reasons: [{ code: 'DEPARTURE_SCHEDULED', message: 'Review finished.', evidence: { actorId: m.actorId } }],
    params: { watchlistId: m.watchlistId },
  }));
  const orphans: Finding[] = tenant.agents.slice(0, 25).map((a) => ({
    subject: { type: 'agent', id: `orphan-${a.agentId}`, name: a.osHostname, ownerUserId: null },
    action: 'deactivate-agent',
    reasons: [{ code: 'NOT_CONNECTED', message: 'Stale.', evidence: { agentId: a.agentId } }],
  }));
  return [...removals, ...orphans];
}

function fileActivity(inputs: Inputs): Record<string, string | null> {
  const activity: Record<string, string | null> = {};
  inputs.world.tenant.agents.forEach((a, i) => {
    if (i % 3 === 0) activity[a.agentId] = new Date(Date.parse(NOW) - (i % 20) * 86_400_000 - i).toISOString();
    else if (i % 3 === 1 && i % 2 === 0) activity[a.agentId] = null;
  });
  return activity;
}

const lines: string[] = [];
function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}
/** Approval roles and plan hashes blanked, so a deliberate role change shows up only in the strict hash. */
function rolesBlind(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if ('requiredRoles' in record || ('hash' in record && 'items' in record)) {
      const copy = { ...record };
      if ('requiredRoles' in copy) copy.requiredRoles = '*';
      if ('hash' in copy && 'items' in copy) copy.hash = '*';
      return copy;
    }
  }
  return value;
}
function record(label: string, output: unknown): void {
  const strict = typeof output === 'string' ? output : JSON.stringify(output);
  const blind = typeof output === 'string' ? '-' : sha(JSON.stringify(output, rolesBlind));
  const keyOrderBlind = typeof output === 'string' ? '-' : sha(canonicalJsonSlow(output));
  lines.push(`${label} ${sha(strict)} ${blind} ${keyOrderBlind}`);
}

async function fingerprintPlanning(label: string, findings: Finding[], signals: PreservationSignals): Promise<void> {
  const items = itemsFromFindings(findings);
  record(`${label}.items`, items);
  record(`${label}.guard`, guardItems(items, signals));
  const proposal = await proposePlan({ kind: 'fingerprint', findings, signals, now: NOW });
  record(`${label}.proposal`, proposal);
  record(`${label}.json`, planToJson(proposal.plan));
  record(`${label}.csv`, planToCsv(proposal.plan));
  record(`${label}.roundtrip`, planFromJson(planToJson(proposal.plan)));
  const approved = proposal.plan.items.filter((_, i) => i % 5 === 0).map((i) => i.id);
  record(`${label}.approved`, await selectApprovedItems(proposal.plan, approved, proposal.plan.hash));
  // Input order must not show: the same findings reversed give the same plan.
  const reversed = await buildPlan('fingerprint', [...items].reverse(), NOW);
  record(`${label}.reversed-hash`, reversed.hash);
}

async function fingerprintWorld(seed: number, users: number): Promise<void> {
  const inputs = inputsFor(generateWorld({ seed, users, now: NOW }));
  const { tenant } = inputs.world;
  const at = `s${seed}`;
  const allowlist = tenant.users.filter((_, i) => i % 61 === 0).map((u, i) => (i % 2 ? u.username.toUpperCase() : u.userId));
  const watchlisted = inputs.signals.watchlistMembers.map((m) => m.actorId);

  const offboarding = {
    o1: crossCheckOffboarding({
      matchReport: inputs.perfectReport,
      users: tenant.users,
      agents: tenant.agents,
      actors: tenant.actors,
      now: NOW,
    }),
    o2: crossCheckOffboarding({
      matchReport: inputs.perfectReport,
      users: tenant.users,
      agents: tenant.agents,
      departingWatchlistActorIds: watchlisted,
      now: new Date(NOW),
      options: { graceDays: 7, allowlist } satisfies Partial<OffboardingOptions>,
    }),
    o3: crossCheckOffboarding({
      matchReport: inputs.matcherReport,
      users: tenant.users,
      agents: tenant.agents,
      actors: tenant.actors,
      now: '2026-11-25T23:59:59+00:00',
      options: { graceDays: 30 },
    }),
  };
  for (const [name, report] of Object.entries(offboarding)) record(`${at}.${name}`, report);

  const hrRecord = Object.fromEntries(inputs.hrByUserId);
  const triage = {
    t1: triageStaleDevices({
      agents: tenant.agents,
      users: tenant.users,
      hrByUserId: inputs.hrByUserId,
      now: NOW,
      options: { releases: inputs.releases },
    }),
    t2: triageStaleDevices({
      agents: tenant.agents,
      users: tenant.users,
      hrByUserId: hrRecord,
      lastFileActivityByAgentId: fileActivity(inputs),
      now: NOW,
      options: {
        keepNewestPerUser: false,
        staleAfterDays: 14,
        previousVersionsSupported: 1,
        departedGraceDays: 5,
      } satisfies Partial<StaleDeviceOptions>,
    }),
    t3: triageStaleDevices({
      agents: tenant.agents,
      users: tenant.users,
      now: NOW,
      options: { versionField: 'appVersion', currentVersion: { COMBINED: '2.4.0', CODE42: '12.4.0' } },
    }),
    t4: triageStaleDevices({
      agents: tenant.agents,
      users: tenant.users,
      hrByUserId: inputs.hrByUserId,
      lastFileActivityByAgentId: new Map(Object.entries(fileActivity(inputs))),
      now: '2026-11-25T12:00:00.000+02:00',
      options: { currentVersion: '2.3.1', releases: ['2.4.0', '2.3.1', '2.2.0', '2.1.2', '12.5.0'], silentAfterDays: 3 },
    }),
  };
  for (const [name, report] of Object.entries(triage)) record(`${at}.${name}`, report);

  const extra = extraFindings(inputs);
  await fingerprintPlanning(`${at}.p1`, [...offboarding.o1.actions, ...triage.t1.actions], inputs.signals);
  await fingerprintPlanning(
    `${at}.p2`,
    [...offboarding.o2.actions, ...offboarding.o2.kept, ...triage.t2.actions, ...extra],
    richSignals(inputs),
  );
  await fingerprintPlanning(`${at}.p3`, [...offboarding.o3.actions, ...triage.t3.actions, ...triage.t4.actions], inputs.signals);
}

for (const { seed, users } of WORLDS) await fingerprintWorld(seed, users);

const compareWith = process.argv.indexOf('--compare');
if (compareWith === -1) {
  console.log(lines.join('\n'));
} else {
  const before = readFileSync(process.argv[compareWith + 1] as string, 'utf8').trim().split('\n');
  const beforeByLabel = new Map(before.map((l) => [l.split(' ')[0], l]));
  const differing = lines.filter((l) => beforeByLabel.get(l.split(' ')[0]) !== l);
  const missing = [...beforeByLabel.keys()].filter((label) => !lines.some((l) => l.startsWith(`${label} `)));
  for (const l of differing) {
    const was = beforeByLabel.get(l.split(' ')[0]);
    // Same content in another key order: the last column (canonical JSON) still matches.
    const kind = was !== undefined && was.split(' ')[3] === l.split(' ')[3] ? 'KEY ORDER' : 'DIFFERS';
    console.log(`${kind.padEnd(10)}${was ?? '(new)'}\n      now ${l}`);
  }
  for (const label of missing) console.log(`MISSING  ${label}`);
  console.log(`${lines.length} outputs compared: ${differing.length} differ, ${missing.length} missing.`);
  process.exitCode = differing.length + missing.length === 0 ? 0 : 1;
}
