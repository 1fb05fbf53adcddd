/**
 * The shape of a sandbox world: the personas (ground-truth people), the Incydr tenant served from them, and the
 * truth tests assert against. This is also the `--export`/`--tenant` file format (see sandbox/README.md).
 */
import type {
  Actor,
  Agent,
  AgentType,
  AuditEvent,
  CaseDetail,
  FileEvent,
  Matter,
  Role,
  User,
  WatchlistType,
  AgentHealthIssueType,
} from '@incydr-health/core/incydr/types';
import type { Reason } from '@incydr-health/core/health/plan-types';
import type { Persona } from '../world.js';

export const WORLD_FORMAT = 'incydr-health/sandbox-world';
export const WORLD_FORMAT_VERSION = 1;

export interface ApiClient {
  clientId: string;
  /** Sandbox-only secret: it opens nothing but this local simulator. */
  clientSecret: string;
  name: string;
}

export interface AgentRelease {
  agentType: AgentType;
  /** The newest release, then the two previous ones the cloud still accepts. */
  supported: [string, string, string];
  /** Older releases that still exist in the field but are no longer accepted. */
  unsupported: string[];
}

export interface LegalHoldPolicy {
  policyId: string;
  name: string;
  creationDate: string;
  modificationDate: string;
}

export interface Custodianship {
  matterId: string;
  userId: string;
  membershipActive: boolean;
  membershipCreationDate: string;
}

export interface CaseFileEventLink {
  caseNumber: number;
  eventId: string;
}

export interface WatchlistRecord {
  watchlistId: string;
  listType: WatchlistType;
  title: string | null;
  description: string | null;
  includedActors: { actorId: string; addedTime: string }[];
}

export interface TenantData {
  tenantUid: string;
  org: { orgId: string; legacyOrgId: string; orgGuid: string; orgName: string };
  apiClients: ApiClient[];
  agentReleases: AgentRelease[];
  roles: Role[];
  userRoles: { userId: string; roleIds: string[] }[];
  users: User[];
  agents: Agent[];
  actors: Actor[];
  /** Which actor (the parent of its family) stands for which Incydr user. */
  userActors: { userId: string; actorId: string }[];
  departments: string[];
  policies: LegalHoldPolicy[];
  matters: Matter[];
  custodianships: Custodianship[];
  cases: CaseDetail[];
  caseFileEvents: CaseFileEventLink[];
  watchlists: WatchlistRecord[];
  fileEvents: FileEvent[];
  auditEvents: AuditEvent[];
}

export type VersionClass = 'current' | 'previous' | 'unsupported';

export interface UserProtection {
  userId: string;
  username: string;
  personaId: string | null;
  protected: boolean;
  /** `LEGAL_HOLD_CUSTODIAN` (evidence: matterId, matterName) or `OPEN_CASE_SUBJECT` (caseNumber, caseStatus). */
  reasons: Reason[];
}

export interface Truth {
  /** The reference time every relative date was derived from. */
  now: string;
  /** An active agent is stale when it last connected more than this many days before the start of `now`'s UTC day. */
  staleAfterDays: number;
  users: UserProtection[];
  departedActiveUsers: { userId: string; personaId: string; terminationDate: string; activeAgentIds: string[] }[];
  onLeaveUsers: { userId: string; personaId: string; leaveStart: string; leaveEnd: string | null }[];
  futureDepartures: { userId: string; personaId: string; terminationDate: string }[];
  staleAgents: { agentId: string; userId: string; lastConnected: string | null }[];
  agentsByHealthIssue: Record<AgentHealthIssueType, string[]>;
  agentsByVersionClass: Record<VersionClass, string[]>;
  usersWithoutDevices: string[];
  watchlistMembers: { watchlistId: string; listType: WatchlistType; actorIds: string[] }[];
}

export interface World {
  format: typeof WORLD_FORMAT;
  version: typeof WORLD_FORMAT_VERSION;
  seed: number | string;
  now: string;
  personas: Persona[];
  tenant: TenantData;
  truth: Truth;
}
