import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCsvConnector, readCsvPeople } from '../../../core/src/hr/csv-people.js';
import { HrInputError } from '../../../core/src/hr/connector.js';
import { fakeClock } from './support.js';

const TODAY = '2026-11-25';

/** Builds CSV text from rows so fixtures stay readable and quoting is explicit where a test needs it. */
function csv(rows: string[][], eol = '\n'): string {
  return rows.map((row) => row.join(',')).join(eol) + eol;
}

const HEADER = ['employee_id', 'work_email', 'first_name', 'last_name', 'status', 'termination_date', 'hire_date'];

describe('CSV roster import', () => {
  it('reads the header contract into people, with status mapping and ISO dates', () => {
    const text = csv([
      HEADER,
      ['0042', 'Dana.Ortiz@acme.example', 'Dana', 'Ortiz', 'Terminated', '2026-10-31', '2019-04-01'],
      ['0043', 'sam.park@acme.example', 'Sam', 'Park', 'ACTIVE', '', '2024-02-12'],
      ['0044', 'ivy.stone@acme.example', 'Ivy', 'Stone', 'active', '2026-11-20', '2020-01-01'],
      ['0045', 'beth.lane@acme.example', 'Beth', 'Lane', 'On Leave', '', '2020-01-01'],
    ]);
    const { people, issues } = readCsvPeople(text, { today: TODAY });
    expect(issues).toEqual([]);
    expect(people.map((p) => [p.sourceId, p.status, p.terminationDate])).toEqual([
      ['0042', 'terminated', '2026-10-31'],
      ['0043', 'active', null],
      // A past termination date wins over a stale "active".
      ['0044', 'terminated', '2026-11-20'],
      ['0045', 'leave', null],
    ]);
    expect(people[0]).toMatchObject({ source: 'csv', employeeId: '0042', workEmail: 'Dana.Ortiz@acme.example', lastWorkingDay: '2026-10-31' });
  });

  it('maps a file with its own header names', () => {
    const text = csv([
      ['Emp #', 'E-mail', 'Given', 'Family', 'State', 'Left On', 'Aliases'],
      ['7', 'a@acme.example', 'A', 'B', 'terminated', '2026-01-02', 'old@acme.example;older@acme.example'],
    ]);
    const { people } = readCsvPeople(text, {
      today: TODAY,
      headerMap: {
        employee_id: 'Emp #',
        work_email: 'E-mail',
        first_name: 'Given',
        last_name: 'Family',
        status: 'State',
        termination_date: 'Left On',
        other_emails: 'Aliases',
      },
    });
    expect(people[0]).toMatchObject({ sourceId: '7', terminationDate: '2026-01-02', otherEmails: ['old@acme.example', 'older@acme.example'] });
    expect(() => readCsvPeople(text, { today: TODAY, headerMap: { status: 'Status' } })).toThrow(
      /header map: the file has no column "Status" \(for status\)/,
    );
    expect(() => readCsvPeople(text, { today: TODAY })).toThrow(/required column\(s\) missing: employee_id, first_name, last_name, status, work_email/);
  });

  it('reports bad values with line and column, never guessing slash dates', () => {
    const text = csv([
      HEADER,
      ['1', 'a@acme.example', 'A', 'A', 'terminated', '10/31/2026', '2020-01-01'],
      ['2', 'not-an-email', 'B', 'B', 'retired', '', '2020-02-30'],
      ['1', 'c@acme.example', 'C', 'C', 'active', '', ''],
      ['', 'd@acme.example', 'D', 'D', 'active', '', ''],
      ['"=""0005"""', 'a@acme.example', 'E', 'E', 'active', '', ''],
      ['1.2E+05', 'f@acme.example', 'F', 'F', 'active', '', ''],
    ]);
    const { people, issues } = readCsvPeople(text, { today: TODAY });
    expect(people.map((p) => p.sourceId)).toEqual(['1', '2', '0005']);
    const summary = issues.map((i) => `${i.line}:${i.field}:${i.sourceId}`);
    expect(summary).toEqual([
      '2:termination_date:1',
      '2:termination_date:1',
      '3:work_email:2',
      '3:hire_date:2',
      '3:status:2',
      '3:work_email:2',
      '4:employee_id:1',
      '5:employee_id:null',
      '6:employee_id:null',
      '6:work_email:0005',
      '7:employee_id:null',
      '7:employee_id:null',
    ]);
    expect(issues[0]!.message).toMatch(/ambiguous .* set the date format option/);
    expect(issues[1]!.message).toBe('terminated without a termination date');
    expect(issues[4]!.message).toMatch(/recorded as unknown/);
    expect(issues[6]!.message).toMatch(/duplicate employee id \(first on line 2\)/);
    expect(issues[9]!.message).toBe('the address is also on line 2');
    expect(people[1]!.status).toBe('unknown');
  });

  it('reads slash dates only in the order it is told', () => {
    const text = csv([HEADER, ['1', 'a@acme.example', 'A', 'A', 'terminated', '03/04/2026', '']]);
    expect(readCsvPeople(text, { today: TODAY, dateFormat: 'mdy' }).people[0]!.terminationDate).toBe('2026-03-04');
    expect(readCsvPeople(text, { today: TODAY, dateFormat: 'dmy' }).people[0]!.terminationDate).toBe('2026-04-03');
  });

  it('works as a connector over uploaded text', async () => {
    const text = csv(
      [
        [...HEADER, 'username', 'last_changed'],
        ['1', 'a@acme.example', 'A', 'A', 'active', '', '', 'alogin', '2026-11-20T10:00:00Z'],
        ['2', '', 'B', 'B', 'terminated', '2026-11-01', '', 'blogin', '2026-10-01T10:00:00+02:00'],
      ],
      '\r\n',
    );
    const connector = createCsvConnector({ load: () => text, clock: fakeClock() });
    expect((await connector.listPeople()).people).toHaveLength(2);
    expect((await connector.findPerson({ email: 'BLOGIN' })).person?.sourceId).toBe('2');
    expect((await connector.findPerson({ id: '9' })).person).toBeNull();
    const changes = await connector.listChangesSince('2026-11-01');
    expect(changes.people.map((p) => p.sourceId)).toEqual(['1']);
    await expect(connector.listChangesSince('2026/11/01')).rejects.toThrow(HrInputError);
  });
  it('reads a file (with a BOM and semicolons, as Excel writes it) through the same connector', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hr-csv-'));
    try {
      const file = join(dir, 'roster.csv');
      const rows = [HEADER, ['"=""0042"""', 'dana@acme.example', 'Dana', '"Ortiz; Jr."', 'terminated', '2026-10-31', '2019-04-01']];
      await writeFile(file, `\uFEFF${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'utf8');
      const connector = createCsvConnector({ load: () => readFile(file, 'utf8'), clock: fakeClock() });
      const { people, issues } = await connector.listPeople();
      expect(people).toEqual([expect.objectContaining({ sourceId: '0042', lastName: 'Ortiz; Jr.', status: 'terminated', terminationDate: '2026-10-31' })]);
      expect(issues.map((i) => i.message)).toEqual(['spreadsheet formula wrapper removed; read as "0042"']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
