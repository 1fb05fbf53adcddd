import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvFormatError, parseCsv, sniffDelimiter } from '../../../core/src/hr/csv.js';

describe('RFC 4180 reader', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, CRLF or LF', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nplain,,last\r\n';
    const table = parseCsv(text);
    expect(table.header).toEqual(['a', 'b', 'c']);
    expect(table.rows).toEqual([
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['plain', '', 'last'] },
    ]);
  });

  it('strips a UTF-8 BOM and sniffs the semicolon delimiter', () => {
    const table = parseCsv('\uFEFFid;name\n1;"Smith; Jo"\n');
    expect(table.delimiter).toBe(';');
    expect(table.header).toEqual(['id', 'name']);
    expect(table.rows[0]!.fields).toEqual(['1', 'Smith; Jo']);
    expect(sniffDelimiter('"a;b",c,d\n')).toBe(',');
  });

  it('names the line and character of a quoting error', () => {
    expect(() => parseCsv('a,b\n1,"open\n')).toThrow(new CsvFormatError(2, 3, 'a quoted field is never closed'));
    const stray = (() => {
      try {
        parseCsv('a,b\n1,ab"c\n');
      } catch (e) {
        return e as CsvFormatError;
      }
    })();
    expect(stray).toBeInstanceOf(CsvFormatError);
    expect(stray!.message).toMatch(/^CSV line 2, character 5: a quote inside an unquoted field/);
    expect(() => parseCsv('a,b\n"x"y,1\n')).toThrow(/CSV line 2, character 4: unexpected text after a closing quote/);
  });

  it('names the line and column of a row with the wrong number of fields, and header problems', () => {
    expect(() => parseCsv('a,b,c\n1,2,3\n4,5\n')).toThrow('CSV line 3, column 3: the row has 2 fields but the header has 3');
    expect(() => parseCsv('a,,c\n')).toThrow('CSV line 1, column 2: a header cell is empty');
    expect(() => parseCsv('a,b,a\n')).toThrow('CSV line 1, column 3: the column "a" appears twice');
    expect(() => parseCsv('')).toThrow(/the file is empty/);
  });
});

describe('RFC 4180 round trip (property)', () => {
  /** Quotes a field the way RFC 4180 writers do: only when it holds a delimiter, a quote or a line break. */
  const quote = (field: string, delimiter: string) =>
    field.includes(delimiter) || /["\r\n]/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field;

  it('reads back exactly what a conforming writer wrote, with either delimiter and line ending', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r\n', 'é', '0') as fc.Arbitrary<string>, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((width) =>
          fc.tuple(
            fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: width, maxLength: width }),
            fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 5 }),
          ),
        ),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        ([header, rows], delimiter, eol) => {
          const text = [header, ...rows].map((row) => row.map((f) => quote(f, delimiter)).join(delimiter)).join(eol) + eol;
          const table = parseCsv(text, { delimiter: delimiter as ',' | ';' });
          expect(table.header).toEqual(header);
          expect(table.rows.map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
