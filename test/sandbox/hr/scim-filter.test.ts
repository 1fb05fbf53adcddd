import { describe, expect, it } from 'vitest';
import { matchesFilter, parseScimFilter, ScimFilterError } from '../../../sandbox/hr/scim-filter.js';

const user = {
  id: 'AbC',
  userName: 'Dana.Ortiz@acme.example',
  active: false,
  emails: [
    { value: 'dana@acme.example', type: 'work' },
    { value: 'd@home.example', type: 'home' },
  ],
  meta: { lastModified: '2026-10-31T17:05:40Z' },
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: 'E-0118' },
};
const holds = (filter: string) => matchesFilter(user, parseScimFilter(filter));

describe('SCIM filter', () => {
  it('compares strings case-insensitively except the caseExact id', () => {
    expect(holds('userName eq "dana.ortiz@ACME.example"')).toBe(true);
    expect(holds('id eq "abc"')).toBe(false);
    expect(holds('id eq "AbC"')).toBe(true);
    expect(holds('userName co "ORTIZ" and userName sw "dana" and userName ew ".example"')).toBe(true);
  });

  it('looks into multi-valued attributes and schema-prefixed paths', () => {
    expect(holds('emails.value eq "d@home.example"')).toBe(true);
    expect(holds('emails.value ne "d@home.example"')).toBe(false);
    expect(holds('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "e-0118"')).toBe(true);
  });

  it('orders date-times as instants and honours precedence, not, and pr', () => {
    expect(holds('meta.lastModified gt "2026-10-31T18:00:00+02:00"')).toBe(true);
    expect(holds('meta.lastModified lt "2026-10-31T17:00:00Z"')).toBe(false);
    expect(holds('active eq true or userName pr and not (title pr)')).toBe(true);
    expect(holds('(active eq true or userName pr) and title pr')).toBe(false);
    expect(holds('active EQ false')).toBe(true);
  });

  it('refuses malformed filters with a reason', () => {
    expect(() => parseScimFilter('userName eq')).toThrow(ScimFilterError);
    expect(() => parseScimFilter('userName is "x"')).toThrow(/not a SCIM operator/);
    expect(() => parseScimFilter('userName eq dana')).toThrow(/double quotes/);
    expect(() => parseScimFilter('(active eq true')).toThrow(/never closed/);
    expect(() => parseScimFilter('active eq true)')).toThrow(/unexpected "\)"/);
  });
});
