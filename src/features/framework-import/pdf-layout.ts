/**
 * PDF text items (position, size, weight) -> the text lines the other formats give: items grouped
 * into lines by baseline, lines with wide gaps read as table rows (cells placed by column
 * x-position, wrapped cell text kept in its cell), larger type as "#" headings, bold runs as
 * "**", indented lines and bullet glyphs as "-" items (nested by indentation), a taller gap than
 * usual as a blank line (a paragraph break), and lines a typesetter wrapped at the right margin
 * joined again. Pure: the same items always give the same lines.
 */

import { bodySizeOf, pageLines, type Line, type PdfItem, type Segment } from './pdf-lines.js';

export type { PdfItem } from './pdf-lines.js';

const BULLET_GLYPH = /^(?:[•◦▪▫●○■□·‣⁃\uf0b7\uf0a7\uf076\uf0d8]\s*|[-–]\s+)/;

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
