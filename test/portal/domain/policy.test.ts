import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES, stageOfRole } from '../../../portal/src/domain/policy.js';

describe('policy', () => {
  it('lets only HR decide the HR stage and only Legal the Legal stage', () => {
    for (const role of ROLES) {
      expect(can(role, 'approvals:decide-hr')).toBe(role === 'hr');
      expect(can(role, 'approvals:decide-legal')).toBe(role === 'legal');
    }
    expect(stageOfRole('hr')).toBe('hr');
    expect(stageOfRole('legal')).toBe('legal');
    expect(stageOfRole('admin')).toBeNull();
  });

  it('gives viewers read access only', () => {
    const granted = PERMISSIONS.filter((p) => can('viewer', p));
    expect(granted.sort()).toEqual(['approvals:view', 'dashboard:view', 'register:view', 'runs:view', 'templates:view']);
  });

  it('keeps user and token administration with admins', () => {
    expect(ROLES.filter((r) => can(r, 'users:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'tokens:manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'holds:manage'))).toEqual(['legal']);
  });
});
