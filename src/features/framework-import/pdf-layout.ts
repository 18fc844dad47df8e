/**
 * PDF text items (position, size, weight) -> the text lines the other formats give: items grouped
 * into lines by baseline, lines with wide gaps read as table rows (cells placed by column
 * x-position, wrapped cell text kept in its cell), larger type as "#" headings, bold runs as
 * "**", indented lines and bullet glyphs as "-" items (nested by indentation), a taller gap than
 * usual as a blank line (a paragraph break), and lines a typesetter wrapped at the right margin
 * joined again. Pure: the same items always give the same lines.
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

interface Segment {
  x: number;
  end: number;
  text: string;
}

interface Line {
  y: number;
  x: number;
  end: number;
  size: number;
  segments: Segment[];
  /** The line's text with bold runs marked "**". */
  marked: string;
  plain: string;
}

const BULLET_GLYPH = /^(?:[•◦▪▫●○■□·‣⁃\uf0b7\uf0a7\uf076\uf0d8]\s*|[-–]\s+)/;

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
function pageLines(items: PdfItem[]): Line[] {
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
function bodySizeOf(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    weight.set(s, (weight.get(s) ?? 0) + l.plain.length);
  }
  return [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 10;
}

const appendText = (to: string, more: string): string =>
  !to ? more : /[A-Za-z]-$/.test(to) && /^[a-z]/.test(more) ? to.slice(0, -1) + more : `${to} ${more}`;

/** Lines from `start` that form a table: cells placed by column, rows split by taller gaps. */
function readTable(lines: Line[], start: number, bodyLeft: number): { rows: string[]; next: number } {
  const anchors: number[] = [];
  const addAnchor = (x: number) => {
    if (!anchors.some((a) => Math.abs(a - x) <= 2)) anchors.push(x);
    anchors.sort((a, b) => a - b);
  };
  lines[start].segments.forEach((s) => addAnchor(s.x));
  const rows: Segment[][] = [[...lines[start].segments]];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const prev = lines[i - 1];
    const gap = prev.y - line.y;
    const size = Math.max(prev.size, line.size);
    const wrapped = gap <= size * 1.4;
    const aligned = line.segments.every((s) => anchors.some((a) => Math.abs(a - s.x) <= 2));
    const atBody = Math.abs(line.x - bodyLeft) <= 1;
    if (gap > size * 2.6) break;
    if (!(line.segments.length >= 2 || (aligned && (wrapped || !atBody)))) break;
    line.segments.forEach((s) => addAnchor(s.x));
    if (wrapped) rows[rows.length - 1].push(...line.segments);
    else rows.push([...line.segments]);
  }
  const text = rows.map((row) => {
    const cells = anchors.map(() => '');
    for (const s of row) {
      let k = anchors.length - 1;
      while (k > 0 && anchors[k] > s.x + 2) k--;
      cells[k] = appendText(cells[k], s.text);
    }
    return cells.join('\t');
  });
  return { rows: text, next: i };
}

/**
 * A running header or footer set in small type in the page margin, apart from the text: dropped
 * even on a document too short for it to repeat (repeats are dropped by extract-pdf.ts).
 */
function withoutMarginLines(lines: Line[], body: number): Line[] {
  const apart = (a: Line | undefined, b: Line | undefined) => !a || !b || Math.abs(a.y - b.y) > body * 2;
  const small = (l: Line) => l.size < body * 0.85;
  let from = 0;
  let to = lines.length;
  while (from < to && small(lines[from]) && apart(lines[from], lines[from + 1])) from++;
  while (to > from && small(lines[to - 1]) && apart(lines[to - 1], lines[to - 2])) to--;
  return lines.slice(from, to);
}

/** All pages at once, since body size, margins and indents are the document's. */
export function layoutPages(pages: PdfItem[][]): string[][] {
  const linesOf = pages.map(pageLines);
  const all = linesOf.flat();
  const body = bodySizeOf(all);
  const isBody = (l: Line) => Math.abs(l.size - body) <= body * 0.1;
  const bodyLines = all.filter((l) => isBody(l) && l.segments.length === 1);
  const bodyLeft = Math.min(...bodyLines.map((l) => l.x), ...all.map((l) => l.x));
  const rightEdge = Math.max(...bodyLines.map((l) => l.end), bodyLeft);
  // Only a page whose text runs to a real margin (some 60 characters wide) has typesetter wraps.
  const measured = rightEdge - bodyLeft >= body * 30;
  // Indent levels of list items: the distinct left edges right of the margin.
  const indents = [
    ...new Set(
      bodyLines
        .filter((l) => l.x - bodyLeft > body * 0.8 && l.x - bodyLeft < body * 8)
        .map((l) => Math.round(l.x)),
    ),
  ].sort((a, b) => a - b);
  const depthOf = (x: number) =>
    Math.max(
      0,
      indents.findIndex((d) => Math.abs(d - x) <= 2),
    );

  return linesOf.map((page) => {
    const lines = withoutMarginLines(page, body);
    const out: string[] = [];
    let prev: Line | undefined;
    let prevKind: 'heading' | 'item' | 'text' | 'table' | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (prev) {
        // Baseline distance beyond the usual leading of the two lines: a paragraph break.
        const usual = prev.size * 0.3 + line.size * 0.9;
        if (prev.y - line.y - usual > Math.min(prev.size, line.size) * 0.45) out.push('');
      }
      if (line.segments.length >= 2 && isBody(line)) {
        const table = readTable(lines, i, bodyLeft);
        if (out.length && out[out.length - 1] !== '') out.push('');
        out.push(...table.rows, '');
        i = table.next - 1;
        prev = lines[i];
        prevKind = 'table';
        continue;
      }
      if (line.size >= body * 1.15) {
        const text = line.plain.replace(/\*\*/g, '');
        // A heading too long for the line wraps onto the next, in the same type.
        const sameHeading =
          prevKind === 'heading' &&
          Math.abs(prev!.size - line.size) < 0.5 &&
          prev!.y - line.y <= line.size * 1.5 &&
          out[out.length - 1] !== '';
        if (sameHeading) out[out.length - 1] = appendText(out[out.length - 1], text);
        else out.push(`# ${text}`);
        prevKind = 'heading';
        prev = line;
        continue;
      }
      const glyph = BULLET_GLYPH.exec(line.marked);
      const indented = isBody(line) && line.x - bodyLeft > body * 0.8 && line.x - bodyLeft < body * 8;
      const sameBlock = prev && out[out.length - 1] !== '' && Math.abs(prev.x - line.x) <= 2;
      // A typesetter's wrap: the line before reached the right margin (the next word did not fit).
      const firstWord = line.plain.split(' ')[0].length * line.size * 0.5;
      const wrapped =
        sameBlock &&
        prevKind !== 'heading' &&
        prevKind !== 'table' &&
        isBody(line) &&
        measured &&
        prev!.end + firstWord + line.size * 0.5 >= rightEdge - 2;
      const continuation = sameBlock && prevKind === 'item' && (/^[a-z]/.test(line.plain) || wrapped);
      if (wrapped || continuation) {
        out[out.length - 1] = appendText(out[out.length - 1], line.marked);
      } else if (glyph && line.marked.length > glyph[0].length) {
        out.push(`${'  '.repeat(depthOf(line.x))}- ${line.marked.slice(glyph[0].length)}`);
        prevKind = 'item';
      } else if (indented) {
        out.push(`${'  '.repeat(depthOf(line.x))}- ${line.marked}`);
        prevKind = 'item';
      } else {
        out.push(line.marked);
        prevKind = 'text';
      }
      prev = line;
    }
    while (out.length && out[out.length - 1] === '') out.pop();
    return out;
  });
}
