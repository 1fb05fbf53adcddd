/**
 * Who may do what: roles are data on the user, permissions are this table. Routes and services both ask it, so
 * the authorization matrix test and the UI's navigation come from one place.
 */
import type { StageRole } from './stages.js';

export const ROLES = ['admin', 'ops', 'hr', 'legal', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'dashboard:view',
  'runs:view',
  'runs:export',
  'approvals:view',
  'approvals:decide-hr',
  'approvals:decide-legal',
  'register:view',
  'holds:manage',
  'audit:view',
  'templates:view',
  'users:manage',
  'tokens:manage',
  'notifications:view',
  'integrations:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: Permission[] = ['dashboard:view', 'runs:view', 'approvals:view', 'register:view', 'templates:view'];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [...EVERYONE, 'runs:export', 'audit:view', 'users:manage', 'tokens:manage', 'notifications:view', 'integrations:manage'],
  ops: [...EVERYONE, 'runs:export', 'audit:view', 'notifications:view'],
  hr: [...EVERYONE, 'runs:export', 'approvals:decide-hr'],
  legal: [...EVERYONE, 'runs:export', 'approvals:decide-legal', 'holds:manage', 'audit:view'],
  viewer: [...EVERYONE],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** The approval stage a role decides, if any: only HR decides HR's stage and only Legal decides Legal's. */
export function stageOfRole(role: Role): StageRole | null {
  if (role === 'hr') return 'hr';
  if (role === 'legal') return 'legal';
  return null;
}

export const API_SCOPES = ['runs:write', 'approvals:write', 'approvals:read', 'register:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
