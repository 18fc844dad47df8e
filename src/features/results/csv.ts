/**
 * CSV writing (RFC 4180): fields holding a comma, quote or line break are double-quoted with
 * quotes doubled; lines end in CRLF; a UTF-8 byte order mark lets spreadsheet programs read
 * accented names. Text cells that a spreadsheet would run as a formula (starting with = + - @, a
 * tab or a carriage return) get a leading apostrophe, so a note like `=HYPERLINK(...)` stays text.
 */

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: numbers as written, null and undefined empty, text guarded and quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return BOM + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** `ratings-<title>-<YYYY-MM-DD>.csv`: ASCII letters, digits and dashes only (safe in any header). */
export function csvFilename(title: string, date: Date): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  return `ratings-${base || 'position'}-${date.toISOString().slice(0, 10)}.csv`;
}
