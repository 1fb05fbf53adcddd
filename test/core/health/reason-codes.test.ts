import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REASON_CODES, isReasonCode } from '@incydr-health/core/health/reason-codes';

const docs = readFileSync(fileURLToPath(new URL('../../../docs/reason-codes.md', import.meta.url)), 'utf8');

/** Rows of the tables: `| \`CODE\` | meaning | action | approvers |`. */
const rows = new Map(
  [...docs.matchAll(/^\| `([A-Z_]+)` \|(.*)\|(.*)\|(.*)\|\s*$/gm)].map((m) => [m[1] as string, (m[4] ?? '').trim()]),
);

describe('docs/reason-codes.md', () => {
  it('documents every code the engine can emit, and no other', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(REASON_CODES).sort());
  });

  it.each(Object.entries(REASON_CODES))('%s: the documented approvers match the code', (code, spec) => {
    const documented = rows.get(code);
    const expected =
      spec.approvers.length === 0 ? '—' : spec.approvers.map((r) => (r === 'hr' ? 'HR' : 'Legal')).join(', ');
    expect(documented).toBe(expected);
  });

  it('isReasonCode knows the catalogue and nothing else', () => {
    expect(isReasonCode('LEGAL_HOLD_CUSTODIAN')).toBe(true);
    expect(isReasonCode('toString')).toBe(false);
  });
});
