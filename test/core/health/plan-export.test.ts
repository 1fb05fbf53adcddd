import { describe, expect, it } from 'vitest';
import { buildPlan, itemsFromFindings, verifyPlanHash } from '@incydr-health/core/health/plan';
import {
  csvField,
  planFromJson,
  planToCsv,
  planToJson,
  PLAN_CSV_COLUMNS,
} from '@incydr-health/core/health/plan-export';
import type { Finding } from '@incydr-health/core/health/findings';
import { NOW } from './builders.js';

const findings: Finding[] = [
  {
    subject: { type: 'user', id: 'u1', name: 'O"Brien, Pat' },
    action: 'deactivate-user',
    reasons: [
      {
        code: 'TERMINATED_STILL_ACTIVE',
        message: 'Terminated,\nstill active.',
        evidence: { lastWorkingDay: '2026-11-01' },
      },
      { code: 'NO_HR_RECORD', message: 'Second reason.', evidence: {} },
    ],
  },
  {
    subject: { type: 'agent', id: 'a1', name: '=HYPERLINK("x")', ownerUserId: 'u1' },
    action: 'troubleshoot-agent',
    reasons: [{ code: 'HEALTH_NOT_CONNECTING', message: 'Not connecting.', evidence: {} }],
    params: { route: 'desktop-support' },
  },
];

/** A strict RFC 4180 reader, independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  expect(field).toBe('');
  return rows;
}

describe('planToCsv', () => {
  it('writes one RFC 4180 row per item, with reasons joined', async () => {
    const plan = await buildPlan('offboarding', itemsFromFindings(findings), NOW);
    const csv = planToCsv(plan);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...PLAN_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const user = Object.fromEntries(PLAN_CSV_COLUMNS.map((c, i) => [c, rows[1]?.[i]]));
    expect(user).toMatchObject({
      plan_hash: plan.hash,
      item_id: 'deactivate-user:user:u1',
      subject_name: 'O"Brien, Pat',
      required_roles: 'hr',
      reason_codes: 'NO_HR_RECORD;TERMINATED_STILL_ACTIVE',
      reasons: 'NO_HR_RECORD: Second reason. | TERMINATED_STILL_ACTIVE: Terminated,\nstill active.',
    });
    expect(JSON.parse(user.evidence ?? '')).toEqual([
      { code: 'NO_HR_RECORD', evidence: {} },
      { code: 'TERMINATED_STILL_ACTIVE', evidence: { lastWorkingDay: '2026-11-01' } },
    ]);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const plan = await buildPlan('stale-devices', itemsFromFindings(findings), NOW);
    const agentRow = parseCsv(planToCsv(plan))[2] ?? [];
    expect(agentRow[PLAN_CSV_COLUMNS.indexOf('subject_name')]).toBe(`'=HYPERLINK("x")`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('plain')).toBe('plain');
  });
});

describe('plan JSON', () => {
  it('round-trips and the hash still verifies', async () => {
    const plan = await buildPlan('offboarding', itemsFromFindings(findings), NOW);
    const text = planToJson(plan);
    expect(text).toBe(planToJson(planFromJson(text)));
    expect(await verifyPlanHash(planFromJson(text))).toBe(true);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /plan must be an object/],
    ['{"version":2}', /version must be the number 1/],
    ['{"version":1,"kind":"x","createdAt":"t","hash":"md5:1","items":[]}', /hash must be "sha256:"/],
    [
      `{"version":1,"kind":"x","createdAt":"t","hash":"sha256:${'0'.repeat(64)}","items":[{"id":"i","action":"delete-everything"}]}`,
      /items\[0\]\.action must be one of/,
    ],
  ])('rejects %s with a message naming the field', (text, message) => {
    expect(() => planFromJson(text)).toThrow(message);
  });
});
