/**
 * A small world modelled by hand, in code: three people whose every field is chosen, so tests can pin exact
 * answers. Dana is an active employee and legal-hold custodian; Lee left last month but is still active in
 * Incydr; the backup service account has no devices and no HR record.
 */
import type { Persona } from '../../../sandbox/world.js';
import type { World } from '../../../sandbox/incydr/world-types.js';
import { AGENT_RELEASES, DEMO_API_CLIENT } from '../../../sandbox/incydr/generator.js';

const ORG = { orgId: '1009000000000000001', legacyOrgId: '4242', orgGuid: 'org-guid-hand', orgName: 'Hand Modelled Inc' };

function persona(overrides: Partial<Persona> & Pick<Persona, 'personaId' | 'firstName' | 'lastName' | 'workEmail'>): Persona {
  return {
    employeeId: null,
    previousLastName: null,
    aliases: [],
    personalEmail: null,
    department: null,
    title: null,
    managerPersonaId: null,
    employmentType: 'employee',
    kind: 'human',
    status: 'active',
    startDate: '2020-02-03',
    terminationDate: null,
    lastWorkingDay: null,
    leaveStart: null,
    leaveEnd: null,
    rehireOf: null,
    incydrUserId: null,
    incydrUsername: null,
    inHr: true,
    ...overrides,
  };
}

function user(userId: string, username: string, firstName: string, lastName: string) {
  return {
    userId,
    legacyUserId: userId.slice(-4),
    username,
    firstName,
    lastName,
    ...ORG,
    notes: null,
    active: true,
    blocked: false,
    creationDate: '2020-02-03T09:00:00.000Z',
    modificationDate: '2020-02-03T09:00:00.000Z',
  };
}

function actor(actorId: string, name: string, firstName: string, lastName: string, endDate: string | null) {
  return {
    actorId,
    name,
    active: true,
    alternateNames: [],
    country: 'US',
    department: 'Engineering',
    division: 'Technology',
    employeeType: 'employee',
    endDate,
    startDate: '2020-02-03',
    firstName,
    lastName,
    locality: 'Minneapolis',
    region: 'Minnesota',
    managerActorId: null,
    notes: null,
    parentActorId: null,
    title: 'Engineer',
    inScope: true,
  };
}

export function handModelledWorld(): World {
  const now = '2026-11-25T12:00:00.000Z';
  return {
    format: 'incydr-health/sandbox-world',
    version: 1,
    seed: 'hand-modelled',
    now,
    personas: [
      persona({ personaId: 'p-dana', employeeId: 'E1', firstName: 'Dana', lastName: 'Ortiz', workEmail: 'dana.ortiz@hand.example', department: 'Engineering', incydrUserId: 'u-dana', incydrUsername: 'Dana.Ortiz@hand.example' }),
      persona({ personaId: 'p-lee', employeeId: 'E2', firstName: 'Lee', lastName: 'Kim', workEmail: 'lee.kim@hand.example', status: 'terminated', terminationDate: '2026-10-31', lastWorkingDay: '2026-10-30', incydrUserId: 'u-lee', incydrUsername: 'lee.kim@hand.example' }),
      persona({ personaId: 'p-svc', firstName: 'svc', lastName: 'backup', workEmail: 'svc-backup@hand.example', kind: 'service', inHr: false, incydrUserId: 'u-svc', incydrUsername: 'svc-backup@hand.example' }),
    ],
    tenant: {
      tenantUid: 'tenant-hand-modelled',
      org: ORG,
      apiClients: [{ ...DEMO_API_CLIENT }],
      agentReleases: AGENT_RELEASES,
      roles: [{ roleId: 'desktop-user', roleName: 'Desktop User' }],
      userRoles: [{ userId: 'u-dana', roleIds: ['desktop-user'] }],
      users: [user('u-dana', 'Dana.Ortiz@hand.example', 'Dana', 'Ortiz'), user('u-lee', 'lee.kim@hand.example', 'Lee', 'Kim'), user('u-svc', 'svc-backup@hand.example', 'svc', 'backup')],
      agents: [
        {
          agentId: 'a-dana-mac',
          name: 'Danas-MacBook-Pro',
          userId: 'u-dana',
          osHostname: 'Danas-MacBook-Pro',
          osName: 'Mac',
          machineId: 'm1',
          serialNumber: 'C02HAND0001',
          active: true,
          agentType: 'COMBINED',
          agentHealthIssueTypes: ['MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS'],
          agentHealthModificationDate: '2026-11-20T08:00:00.000Z',
          appVersion: '2.4.0.101',
          productVersion: '2.4.0',
          lastConnected: '2026-11-25T11:30:00.000Z',
          externalReference: null,
          creationDate: '2024-01-01T00:00:00.000Z',
          modificationDate: '2026-11-25T11:30:00.000Z',
        },
        {
          agentId: 'a-lee-win',
          name: 'DESKTOP-LEE0001',
          userId: 'u-lee',
          osHostname: 'DESKTOP-LEE0001',
          osName: 'Win',
          machineId: 'm2',
          serialNumber: 'LEE0001',
          active: true,
          agentType: 'COMBINED',
          agentHealthIssueTypes: ['NOT_CONNECTING'],
          agentHealthModificationDate: '2026-10-05T00:00:00.000Z',
          appVersion: '2.1.2.7',
          productVersion: '2.1.2',
          lastConnected: '2026-10-01T17:00:00.000Z',
          externalReference: null,
          creationDate: '2023-01-01T00:00:00.000Z',
          modificationDate: '2026-10-01T17:00:00.000Z',
        },
      ],
      actors: [actor('act-dana', 'Dana.Ortiz@hand.example', 'Dana', 'Ortiz', null), actor('act-lee', 'lee.kim@hand.example', 'Lee', 'Kim', '2026-10-31'), { ...actor('act-svc', 'svc-backup@hand.example', 'svc', 'backup', null), inScope: false, department: null, division: null }],
      userActors: [
        { userId: 'u-dana', actorId: 'act-dana' },
        { userId: 'u-lee', actorId: 'act-lee' },
        { userId: 'u-svc', actorId: 'act-svc' },
      ],
      departments: ['Engineering'],
      policies: [{ policyId: 'pol-1', name: 'Standard preservation', creationDate: '2024-01-01T00:00:00.000Z', modificationDate: '2024-01-01T00:00:00.000Z' }],
      matters: [
        {
          matterId: 'm-active',
          name: 'Harlow v. Hand',
          description: null,
          notes: null,
          active: true,
          creationDate: '2026-01-01T00:00:00.000Z',
          policyId: 'pol-1',
          creator: null,
          creatorPrincipal: null,
        },
      ],
      custodianships: [{ matterId: 'm-active', userId: 'u-dana', membershipActive: true, membershipCreationDate: '2026-01-02T00:00:00.000Z' }],
      cases: [
        {
          number: 1,
          name: 'USB copy before departure',
          createdAt: '2026-10-29T00:00:00.000Z',
          updatedAt: '2026-11-01T00:00:00.000Z',
          subject: 'u-lee',
          subjectUsername: 'lee.kim@hand.example',
          status: 'CLOSED',
          assignee: null,
          assigneeUsername: null,
          createdByUserUid: 'u-svc',
          createdByUsername: 'svc-backup@hand.example',
          lastModifiedByUserUid: 'u-svc',
          lastModifiedByUsername: 'svc-backup@hand.example',
          archivalTime: null,
          description: null,
          findings: 'Returned the drive.',
        },
      ],
      caseFileEvents: [{ caseNumber: 1, eventId: 'ev-lee-1' }],
      watchlists: [{ watchlistId: 'wl-departing', listType: 'DEPARTING_EMPLOYEE', title: null, description: null, includedActors: [{ actorId: 'act-lee', addedTime: '2026-10-15T00:00:00.000Z' }] }],
      fileEvents: [
        {
          '@timestamp': '2026-10-01T16:55:00.000Z',
          event: { id: 'ev-lee-1', action: 'file-moved', observer: 'Endpoint', inserted: '2026-10-01T16:56:00.000Z' },
          user: { email: 'lee.kim@hand.example', id: 'u-lee', deviceUid: 'a-lee-win' },
          file: { name: 'customers.csv', directory: 'E:/' },
          source: { domain: 'DESKTOP-LEE0001', name: 'Win' },
        },
      ],
      auditEvents: [],
    },
    truth: {
      now,
      staleAfterDays: 30,
      users: [
        { userId: 'u-dana', username: 'Dana.Ortiz@hand.example', personaId: 'p-dana', protected: true, reasons: [{ code: 'LEGAL_HOLD_CUSTODIAN', message: 'Custodian of active legal-hold matter "Harlow v. Hand"', evidence: { matterId: 'm-active', matterName: 'Harlow v. Hand' } }] },
        { userId: 'u-lee', username: 'lee.kim@hand.example', personaId: 'p-lee', protected: false, reasons: [] },
        { userId: 'u-svc', username: 'svc-backup@hand.example', personaId: 'p-svc', protected: false, reasons: [] },
      ],
      departedActiveUsers: [{ userId: 'u-lee', personaId: 'p-lee', terminationDate: '2026-10-31', activeAgentIds: ['a-lee-win'] }],
      onLeaveUsers: [],
      futureDepartures: [],
      staleAgents: [{ agentId: 'a-lee-win', userId: 'u-lee', lastConnected: '2026-10-01T17:00:00.000Z' }],
      agentsByHealthIssue: {
        NOT_CONNECTING: ['a-lee-win'],
        NOT_SENDING_SECURITY_EVENTS: [],
        SECURITY_INGEST_REJECTED: [],
        MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS: ['a-dana-mac'],
        MISSING_MACOS_PERMISSION_ACCESSIBILITY: [],
      },
      agentsByVersionClass: { current: ['a-dana-mac'], previous: [], unsupported: ['a-lee-win'] },
      usersWithoutDevices: ['u-svc'],
      watchlistMembers: [{ watchlistId: 'wl-departing', listType: 'DEPARTING_EMPLOYEE', actorIds: ['act-lee'] }],
    },
  };
}
