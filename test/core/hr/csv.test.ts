import { describe, expect, it } from 'vitest';
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
