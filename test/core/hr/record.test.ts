import { describe, expect, it } from 'vitest';
import { emptyPerson, RecordReader, settleEmployment, uniqueEmails } from '../../../core/src/hr/record.js';
import type { PersonIssue } from '../../../core/src/hr/person.js';

const TODAY = '2026-11-25';

function settle(fields: Partial<ReturnType<typeof emptyPerson>>, facts: { active: boolean | null; onLeave?: boolean }) {
  const person = { ...emptyPerson('workday', 'W1'), ...fields };
  settleEmployment(person, { active: facts.active, onLeave: facts.onLeave ?? false, today: TODAY });
  return person;
}

describe('employment status from dates', () => {
  it('treats a termination on or before today as terminated even when the source still says active', () => {
    expect(settle({ startDate: '2020-01-01', terminationDate: TODAY }, { active: true }).status).toBe('terminated');
    expect(settle({ startDate: '2020-01-01', terminationDate: '2026-11-26' }, { active: true })).toMatchObject({
      status: 'active',
      lastWorkingDay: '2026-11-26',
    });
  });

  it('drops a termination that precedes the current hire (a rehire) and keeps the person active', () => {
    expect(settle({ startDate: '2024-02-12', terminationDate: '2023-01-31', lastWorkingDay: '2023-01-20' }, { active: true })).toMatchObject({
      status: 'active',
      terminationDate: null,
      lastWorkingDay: null,
    });
  });

  it('orders leave, pending and unknown', () => {
    expect(settle({ startDate: '2020-01-01' }, { active: true, onLeave: true }).status).toBe('leave');
    expect(settle({ startDate: '2026-12-01' }, { active: true }).status).toBe('pending');
    expect(settle({ startDate: '2020-01-01' }, { active: null }).status).toBe('unknown');
    expect(settle({ startDate: '2020-01-01' }, { active: false }).status).toBe('terminated');
    // Switched off for a long leave is still leave, never a leaver...
    expect(settle({ startDate: '2020-01-01' }, { active: false, onLeave: true }).status).toBe('leave');
    // ...unless the termination date has passed.
    expect(settle({ startDate: '2020-01-01', terminationDate: '2026-11-01' }, { active: false, onLeave: true }).status).toBe('terminated');
  });
});

describe('record reader', () => {
  it('reports unreadable values with source, id, field and raw value', () => {
    const issues: PersonIssue[] = [];
    const read = new RecordReader('csv', '7', issues, 4);
    expect(read.text('title', { nested: true })).toBeNull();
    expect(read.email('work_email', 'x@')).toBeNull();
    expect(read.date('hire_date', '2026-02-31')).toBeNull();
    expect(read.text('department', '  Sales ')).toBe('Sales');
    expect(read.text('employee_number', 42)).toBe('42');
    expect(issues).toEqual([
      { source: 'csv', sourceId: '7', field: 'title', value: '{"nested":true}', message: 'expected text, got object', line: 4 },
      { source: 'csv', sourceId: '7', field: 'work_email', value: 'x@', message: '"x@" is not an e-mail address', line: 4 },
      { source: 'csv', sourceId: '7', field: 'hire_date', value: '2026-02-31', message: '"2026-02-31" is not a real calendar date', line: 4 },
    ]);
  });

  it('de-duplicates addresses case-insensitively, excluding the given ones', () => {
    expect(uniqueEmails(['A@x.example', 'a@X.example', null, 'b@x.example', 'W@x.example'], ['w@x.example'])).toEqual([
      'A@x.example',
      'b@x.example',
    ]);
  });
});
