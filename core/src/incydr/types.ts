/**
 * Wire types of the Code42 Incydr API, field for field as the API serves them (see
 * shared/reference/code42-api.md and the official SDK's models). The client returns these untouched; the
 * sandbox serves exactly these. Dates are ISO-8601 strings on the wire unless a field says otherwise.
 */

export type IsoDateTime = string;

export interface User {
  userId: string;
  legacyUserId: string;
  username: string;
  firstName: string | null;
  lastName: string | null;
  orgId: string;
  legacyOrgId: string;
  orgGuid: string;
  orgName: string;
  notes: string | null;
  active: boolean;
  blocked: boolean;
  creationDate: IsoDateTime;
  modificationDate: IsoDateTime;
}

export interface UsersPage {
  users: User[];
  totalCount: number;
}

export interface Role {
  roleId: string;
  roleName: string;
  permissionIds?: { permission: string }[];
}

export interface UserRole {
  roleId: string;
  roleName: string;
  creationDate: IsoDateTime;
  modificationDate: IsoDateTime;
  permissionIds?: { permission: string }[];
}

export interface UserRolesResponse {
  roles: UserRole[];
}

export const AGENT_HEALTH_ISSUE_TYPES = [
  'NOT_CONNECTING',
  'NOT_SENDING_SECURITY_EVENTS',
  'SECURITY_INGEST_REJECTED',
  'MISSING_MACOS_PERMISSION_FULL_DISK_ACCESS',
  'MISSING_MACOS_PERMISSION_ACCESSIBILITY',
] as const;
export type AgentHealthIssueType = (typeof AGENT_HEALTH_ISSUE_TYPES)[number];

export const AGENT_TYPES = ['CODE42', 'CODE42AAT', 'COMBINED'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

export const AGENT_OS_TYPES = ['WINDOWS', 'MAC', 'LINUX'] as const;
export type AgentOsType = (typeof AGENT_OS_TYPES)[number];

export const AGENT_SORT_KEYS = ['NAME', 'USER_ID', 'AGENT_TYPE', 'OS_HOSTNAME', 'LAST_CONNECTED', 'OS_NAME'] as const;
export type AgentSortKey = (typeof AGENT_SORT_KEYS)[number];
export type SortDirection = 'ASC' | 'DESC';

export interface Agent {
  agentId: string;
  name: string;
  userId: string;
  osHostname: string;
  osName: string;
  machineId: string;
  serialNumber: string | null;
  active: boolean;
  agentType: AgentType;
  agentHealthIssueTypes: AgentHealthIssueType[];
  agentHealthModificationDate: IsoDateTime | null;
  appVersion: string;
  productVersion: string;
  lastConnected: IsoDateTime | null;
  externalReference: string | null;
  creationDate: IsoDateTime;
  modificationDate: IsoDateTime;
}

export interface AgentsPage {
  agents: Agent[];
  totalCount: number;
  pageSize: number;
  page: number;
}

/** The older, read-only device view (`/v1/devices`). */
export interface Device {
  deviceId: string;
  legacyDeviceId: string;
  name: string;
  osHostname: string;
  status: string;
  active: boolean;
  blocked: boolean;
  alertState: number;
  userId: string;
  legacyUserId: string;
  orgId: string;
  orgGuid: string;
  externalReferenceInfo: string | null;
  notes: string | null;
  lastConnected: IsoDateTime | null;
  osName: string;
  osVersion: string;
  osArch: string;
  address: string;
  remoteAddress: string;
  timeZone: string;
  version: string;
  build: number;
  creationDate: IsoDateTime;
  modificationDate: IsoDateTime;
  loginDate: IsoDateTime | null;
}

export interface DevicesPage {
  devices: Device[];
  totalCount: number;
}

export const CASE_STATUSES = ['OPEN', 'CLOSED', 'ARCHIVED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface Case {
  number: number;
  name: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  subject: string | null;
  subjectUsername: string | null;
  status: CaseStatus;
  assignee: string | null;
  assigneeUsername: string | null;
  createdByUserUid: string;
  createdByUsername: string;
  lastModifiedByUserUid: string;
  lastModifiedByUsername: string;
  archivalTime: IsoDateTime | null;
}

export interface CaseDetail extends Case {
  description: string | null;
  findings: string | null;
}

export interface CasesPage {
  cases: Case[];
  totalCount: number;
}

export interface CaseFileEvent {
  eventId: string;
  riskScore?: number;
  riskSeverity?: string;
}

export interface CaseFileEventsPage {
  events: CaseFileEvent[];
  totalCount: number;
}

export interface Matter {
  matterId: string;
  name: string;
  description: string | null;
  notes: string | null;
  active: boolean;
  creationDate: IsoDateTime;
  policyId: string;
  creator: { userId: string; username: string } | null;
  creatorPrincipal: { principalId: string; displayName: string; type: string } | null;
}

export interface MattersPage {
  matters: Matter[];
}

export interface Custodian {
  userId: string;
  name: string;
  email: string;
  membershipActive: boolean;
  membershipCreationDate: IsoDateTime;
}

export interface CustodiansPage {
  custodians: Custodian[];
}

export interface CustodianMembership {
  matterId: string;
  name: string;
  membershipActive: boolean;
  membershipCreationDate: IsoDateTime;
}

export interface CustodianMembershipsPage {
  matters: CustodianMembership[];
}

export interface AddCustodianResponse {
  membershipActive: boolean;
  membershipCreationDate: IsoDateTime;
  matter: { matterId: string; name: string };
  custodian: { userId: string; username: string; email: string };
}

export const WATCHLIST_TYPES = [
  'DEPARTING_EMPLOYEE',
  'HIGH_IMPACT_EMPLOYEE',
  'ELEVATED_ACCESS_PRIVILEGES',
  'PERFORMANCE_CONCERNS',
  'FLIGHT_RISK',
  'SUSPICIOUS_SYSTEM_ACTIVITY',
  'POOR_SECURITY_PRACTICES',
  'CONTRACT_EMPLOYEE',
  'NEW_EMPLOYEE',
  'CUSTOM',
] as const;
export type WatchlistType = (typeof WATCHLIST_TYPES)[number];

export interface WatchlistStats {
  includedActorsCount?: number;
  excludedActorsCount?: number;
  includedDepartmentsCount?: number;
  excludedDepartmentsCount?: number;
  includedDirectoryGroupsCount?: number;
  excludedDirectoryGroupsCount?: number;
}

export interface Watchlist {
  watchlistId: string;
  listType: WatchlistType;
  title: string | null;
  description: string | null;
  tenantId: string;
  stats: WatchlistStats;
}

export interface WatchlistsPage {
  watchlists: Watchlist[];
  totalCount: number;
}

export interface WatchlistMember {
  actorId: string;
  actorname: string;
  addedTime: IsoDateTime;
}

export interface WatchlistMembersPage {
  watchlistMembers: WatchlistMember[];
  totalCount: number;
}

export interface IncludedActorsPage {
  includedActors: WatchlistMember[];
  totalCount: number;
}

export interface Actor {
  actorId: string;
  name: string;
  active: boolean;
  alternateNames: string[];
  country: string | null;
  department: string | null;
  division: string | null;
  employeeType: string | null;
  endDate: string | null;
  startDate: string | null;
  firstName: string | null;
  lastName: string | null;
  locality: string | null;
  region: string | null;
  managerActorId: string | null;
  notes: string | null;
  parentActorId: string | null;
  title: string | null;
  inScope: boolean;
}

export interface ActorsPage {
  actors: Actor[];
}

export interface ActorFamily {
  parent: Actor;
  children: Actor[];
}

export interface DepartmentsPage {
  departments: string[];
  totalCount: number;
}

export interface AuditEvent {
  id: string;
  type$: string;
  actorId: string;
  actorName: string;
  actorAgent: string | null;
  actorIpAddress: string | null;
  timestamp: IsoDateTime;
  actorType: string;
  [key: string]: unknown;
}

export interface AuditLogPage {
  events: AuditEvent[];
  paginationRangeStartIndex: number;
  paginationRangeEndIndex: number;
}

export interface AuditLogCount {
  totalResultCount: number;
}

export interface FileEventFilter {
  term: string;
  operator: 'IS' | 'IS_NOT' | 'EXISTS' | 'DOES_NOT_EXIST' | 'ON_OR_AFTER' | 'ON_OR_BEFORE' | 'WITHIN_THE_LAST';
  value: string | null;
}

export interface FileEventFilterGroup {
  filterClause: 'AND' | 'OR';
  filters: FileEventFilter[];
}

export interface FileEventQuery {
  groupClause: 'AND' | 'OR';
  groups: FileEventFilterGroup[];
  pgNum?: number;
  pgSize: number;
  pgToken?: string | null;
  srtDir: 'asc' | 'desc';
  srtKey: string;
}

/** The subset of a file event's (large) schema this kit reads. Other fields pass through untouched. */
export interface FileEvent {
  '@timestamp': IsoDateTime;
  event: { id: string; action: string; observer?: string; inserted?: IsoDateTime; [key: string]: unknown };
  user: { email: string; id: string; deviceUid: string; [key: string]: unknown };
  file?: { name?: string; directory?: string; [key: string]: unknown };
  source?: { domain?: string; name?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface FileEventsPage {
  fileEvents: FileEvent[];
  nextPgToken: string | null;
  totalCount: number;
  problems: { type: string; description?: string; [key: string]: unknown }[] | null;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/** The error body the API answers with on 4xx/5xx. */
export interface ApiErrorBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  error?: string;
  message?: string;
  [key: string]: unknown;
}
