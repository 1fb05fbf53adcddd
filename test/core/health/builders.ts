/** Small code-based builders for health-engine inputs: every test states only the fields it is about. */
import type { Agent, User } from '@incydr-health/core/incydr/types';
import type { Person } from '@incydr-health/core/hr/person';
import type { IdentityMatch, IncydrIdentity, MatchReport } from '@incydr-health/core/matching/types';

export const NOW = '2026-11-25T12:00:00Z';

export function user(id: string, overrides: Partial<User> = {}): User {
  return {
    userId: id,
    legacyUserId: `legacy-${id}`,
    username: `${id}@example.com`,
    firstName: null,
    lastName: null,
    orgId: 'org-1',
    legacyOrgId: 'legacy-org-1',
    orgGuid: 'org-guid-1',
    orgName: 'Example',
    notes: null,
    active: true,
    blocked: false,
    creationDate: '2024-01-01T00:00:00Z',
    modificationDate: '2024-01-01T00:00:00Z',
    ...overrides,
  };
}

export function agent(id: string, userId: string, overrides: Partial<Agent> = {}): Agent {
  return {
    agentId: id,
    name: id,
    userId,
    osHostname: `${id}-host`,
    osName: 'Windows 11',
    machineId: `machine-${id}`,
    serialNumber: null,
    active: true,
    agentType: 'COMBINED',
    agentHealthIssueTypes: [],
    agentHealthModificationDate: null,
    appVersion: '2.0.0',
    productVersion: '2.0.0',
    lastConnected: '2026-11-25T08:00:00Z',
    externalReference: null,
    creationDate: '2025-01-01T00:00:00Z',
    modificationDate: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

export function person(sourceId: string, overrides: Partial<Person> = {}): Person {
  return {
    source: 'csv',
    sourceId,
    employeeId: `E${sourceId}`,
    workEmail: `${sourceId}@example.com`,
    otherEmails: [],
    personalEmail: null,
    firstName: 'Pat',
    lastName: sourceId,
    displayName: null,
    status: 'active',
    statusRaw: null,
    employmentType: 'employee',
    startDate: '2020-01-01',
    terminationDate: null,
    lastWorkingDay: null,
    leaveStart: null,
    leaveEnd: null,
    department: null,
    title: null,
    managerId: null,
    managerEmail: null,
    lastChanged: null,
    ...overrides,
  };
}

export function identity(u: User, actorId: string | null = `actor-${u.userId}`): IncydrIdentity {
  return { userId: u.userId, username: u.username, actorId };
}

export function match(p: Person, u: User, actorId: string | null = `actor-${u.userId}`): IdentityMatch {
  return { person: p, identity: identity(u, actorId), method: 'work-email', confidence: 1, key: u.username };
}

export function report(parts: Partial<MatchReport> = {}): MatchReport {
  return { matched: [], ambiguous: [], hrOnly: [], incydrOnly: [], ...parts };
}

/** Deterministic shuffle (for order-independence checks) driven by a seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
