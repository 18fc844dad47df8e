/** Plain-text table formatting for the benchmark report. */

export type Row = readonly string[];

/** `align` holds one letter per column: 'l' pads on the right, 'r' on the left. */
export function table(header: Row, rows: Row[], align: string): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: Row) =>
    widths
      .map((w, c) => (align[c] === 'r' ? (r[c] ?? '').padStart(w) : (r[c] ?? '').padEnd(w)))
      .join('   ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('   ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Thousands separators, no decimals: 12,345 */
export function int(n: number): string {
  return Number.isFinite(n) ? intFmt.format(n) : 'n/a';
}

/** Fixed decimals: 1.23 */
export function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

export function mib(bytes: number): string {
  return `${fixed(bytes / 1024 / 1024, 1)} MiB`;
}

/** Rounds every number in a JSON-bound object to a few significant decimals. */
export function roundForJson(value: unknown): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 1000) / 1000;
  }
  if (Array.isArray(value)) return value.map(roundForJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundForJson(v)]));
  }
  return value;
}
