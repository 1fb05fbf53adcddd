import { describe, expect, it } from 'vitest';
import { compileAllowlist } from '../../../core/src/matching/allowlist.js';

describe('allowlist', () => {
  const list = compileAllowlist(['svc-backup@acme.example', 'svc-*@acme.example', 'scanner-??', '/^soc-analyst-\\d+@/']);

  it('matches exact names case-insensitively, globs anchored at both ends, and regexes', () => {
    expect(list.matches('SVC-Backup@acme.example')).toBe(true);
    expect(list.matches('svc-ci-runner@acme.example')).toBe(true);
    expect(list.matches('svc-ci@acme.example.evil')).toBe(false);
    expect(list.matches('scanner-01')).toBe(true);
    expect(list.matches('scanner-001')).toBe(false);
    expect(list.matches('SOC-Analyst-42@acme.example')).toBe(true);
    expect(list.matches('dana@acme.example')).toBe(false);
  });

  it('treats glob punctuation literally and refuses empty entries', () => {
    expect(compileAllowlist(['a.b*']).matches('axb-1')).toBe(false);
    expect(() => compileAllowlist(['  '])).toThrow('allowlist entry 1 is empty');
  });
});
