/**
 * CSV per RFC 4180, with spreadsheet formula injection neutralised: a cell that a spreadsheet would evaluate
 * (leading = + - @ tab or CR) is prefixed with an apostrophe.
 */
export type CsvValue = string | number | boolean | null | undefined;

function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: ReadonlyArray<readonly [header: string, pick: (row: Row) => CsvValue]>): string {
  const lines = [columns.map(([header]) => cell(header)).join(',')];
  for (const row of rows) lines.push(columns.map(([, pick]) => cell(pick(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
