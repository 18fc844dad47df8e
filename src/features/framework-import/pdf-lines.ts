/**
 * PDF text items -> positioned lines: items on one baseline grouped left to right, split into
 * segments (table cells) where a gap is wider than a few spaces, with bold runs marked "**".
 */

export interface PdfItem {
  text: string;
  x: number;
  /** Baseline, from the bottom of the page (PDF user space). */
  y: number;
  end: number;
  size: number;
  bold: boolean;
}

export interface Segment {
  x: number;
  end: number;
  text: string;
}

export interface Line {
  y: number;
  x: number;
  end: number;
  size: number;
  segments: Segment[];
  /** The line's text with bold runs marked "**". */
  marked: string;
  plain: string;
}

/** Items in reading order as text: a space where the items do not touch. */
function joinItems(parts: PdfItem[], size: number): string {
  let out = '';
  parts.forEach((p, i) => {
    const gap = i > 0 && p.x - parts[i - 1].end > size * 0.15;
    out += gap && !/\s$/.test(out) && !/^\s/.test(p.text) ? ` ${p.text}` : p.text;
  });
  return out.replace(/\s+/g, ' ').trim();
}

/** The same text with bold runs marked "**", as the Word and markdown forms carry them. */
function markBold(parts: PdfItem[], size: number): string {
  const groups: { bold: boolean; parts: PdfItem[] }[] = [];
  for (const p of parts) {
    const last = groups[groups.length - 1];
    const bold = p.text.trim() ? p.bold : (last?.bold ?? p.bold);
    if (last && last.bold === bold) last.parts.push(p);
    else groups.push({ bold, parts: [p] });
  }
  return groups
    .map((g) => ({ bold: g.bold, text: joinItems(g.parts, size) }))
    .filter((g) => g.text)
    .map((g) => (g.bold ? `**${g.text}**` : g.text))
    .join(' ');
}

/** Items on one baseline, left to right; a gap wider than a few spaces splits table cells. */
function toLine(items: PdfItem[]): Line {
  items.sort((a, b) => a.x - b.x);
  const size = Math.max(...items.map((i) => i.size));
  const groups: { x: number; end: number; parts: PdfItem[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && item.x - last.end <= Math.max(size * 0.6, 4)) {
      last.parts.push(item);
      last.end = Math.max(last.end, item.end);
    } else groups.push({ x: item.x, end: item.end, parts: [item] });
  }
  const segments = groups.map((g) => ({ x: g.x, end: g.end, text: joinItems(g.parts, size) }));
  return {
    y: items[0].y,
    x: segments[0].x,
    end: Math.max(...segments.map((s) => s.end)),
    size,
    segments,
    marked: groups.map((g) => markBold(g.parts, size)).join(' '),
    plain: segments.map((s) => s.text).join(' '),
  };
}

/** Groups a page's items into lines, top to bottom. */
export function pageLines(items: PdfItem[]): Line[] {
  const sorted = items.filter((i) => i.text.trim() || i.text === ' ').sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const item of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - item.y) <= Math.max(g[0].size, item.size) * 0.35) g.push(item);
    else groups.push([item]);
  }
  return groups
    .filter((g) => g.some((i) => i.text.trim()))
    .map((g) => toLine(g.filter((i) => i.text.trim())));
}

/** The size most text is set in: body text. */
export function bodySizeOf(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    weight.set(s, (weight.get(s) ?? 0) + l.plain.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 10;
}
