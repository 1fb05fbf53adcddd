/**
 * An RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks, CRLF or LF, an optional UTF-8 BOM,
 * `,` or `;` as the delimiter (sniffed from the header, or given). Structural errors name the line and column a
 * person opens in their editor to fix the file.
 */

export interface CsvRow {
  /** 1-based line on which the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  delimiter: ',' | ';';
}

export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
  constructor(
    readonly line: number,
    /** A character position for quoting errors, a field position for header and field-count errors. */
    readonly column: number,
    problem: string,
    unit: 'character' | 'column' = 'character',
  ) {
    super(`CSV line ${line}, ${unit} ${column}: ${problem}`);
  }
}

/** Picks the delimiter that occurs more often in the header line outside quotes; ties go to the comma. */
export function sniffDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

export function parseCsv(input: string, options: { delimiter?: ',' | ';' } = {}): CsvTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = options.delimiter ?? sniffDelimiter(text);
  const records: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let i = 0;
  let fieldStarted = false;
  // True once the current record has any character, a quote pair included: `""` alone is a record with one empty value.
  let recordStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A blank line carries no record (a trailing newline, or an empty line in the middle).
    if (recordStarted) records.push({ line: recordLine, fields });
    fields = [];
    recordStarted = false;
  };

  while (i < text.length) {
    const char = text[i]!;
    if (char !== '\r' && char !== '\n') recordStarted = true;
    if (char === '"' && !fieldStarted) {
      const quoteLine = line;
      const quoteColumn = column;
      i += 1;
      column += 1;
      for (;;) {
        if (i >= text.length) throw new CsvFormatError(quoteLine, quoteColumn, 'a quoted field is never closed');
        const inner = text[i]!;
        if (inner === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            column += 2;
            continue;
          }
          i += 1;
          column += 1;
          break;
        }
        if (inner === '\n') {
          line += 1;
          column = 1;
        } else column += 1;
        field += inner;
        i += 1;
      }
      fieldStarted = true;
      const next = text[i];
      if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new CsvFormatError(line, column, `unexpected text after a closing quote (a lone " inside a quoted field must be written "")`);
      }
      continue;
    }
    if (char === delimiter) {
      endField();
      i += 1;
      column += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      column = 1;
      recordLine = line;
      continue;
    }
    if (char === '"') {
      throw new CsvFormatError(line, column, 'a quote inside an unquoted field; quote the whole field and double the quote');
    }
    field += char;
    fieldStarted = true;
    i += 1;
    column += 1;
  }
  if (recordStarted) endRecord();

  const [head, ...rows] = records;
  if (!head) throw new CsvFormatError(1, 1, 'the file is empty; the first line must be the header');
  const header = head.fields.map((name) => name.trim());
  header.forEach((name, index) => {
    if (name === '') throw new CsvFormatError(1, index + 1, 'a header cell is empty', 'column');
    if (header.indexOf(name) !== index) throw new CsvFormatError(1, index + 1, `the column "${name}" appears twice`, 'column');
  });
  for (const row of rows) {
    if (row.fields.length !== header.length) {
      throw new CsvFormatError(
        row.line,
        Math.min(row.fields.length, header.length) + 1,
        `the row has ${row.fields.length} fields but the header has ${header.length}`,
        'column',
      );
    }
  }
  return { header, rows, delimiter };
}
