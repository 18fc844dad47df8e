/**
 * PDF -> text lines with pdfjs-dist (legacy Node build). Text items are grouped into lines by
 * their vertical position; lines repeated at the top or bottom of most pages (running headers,
 * footers) and bare page numbers are dropped; hyphenation and wraps are mended later with the
 * other formats (source-lines.ts).
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ValidationError } from '../../lib/errors.js';

interface Item {
  str: string;
  transform: number[];
  hasEOL?: boolean;
  width?: number;
}

const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;

async function pageLines(
  pdf: Awaited<ReturnType<typeof getDocument>['promise']>,
  n: number,
): Promise<string[]> {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  type Piece = { y: number; x: number; end: number; size: number; text: string };
  const rows: Piece[][] = [];
  let current: Piece[] = [];
  for (const raw of content.items) {
    const item = raw as Item;
    if (typeof item.str !== 'string') continue;
    const [x, y] = [item.transform[4], item.transform[5]];
    if (current.length && Math.abs(y - current[0].y) > 2) {
      rows.push(current);
      current = [];
    }
    if (item.str)
      current.push({
        y,
        x,
        end: x + (item.width ?? 0),
        size: Math.abs(item.transform[3]) || 10,
        text: item.str,
      });
  }
  if (current.length) rows.push(current);
  // A gap much wider than a space separates table columns; a taller gap than usual between
  // rows (over 1.6 times the font size) separates paragraphs (the blank line the other formats have).
  const text = (r: Piece[]) =>
    r
      .map((p, i) => (i > 0 && p.x - r[i - 1].end > 12 ? `\t${p.text}` : p.text))
      .join('')
      .replace(/[ ]+/g, ' ')
      .trim();
  const out: string[] = [];
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    if (prev && prev[0].y - r[0].y > Math.max(...prev.map((p) => p.size)) * 1.6) out.push('');
    const line = text(r);
    if (line) out.push(line);
  });
  return out;
}

/** Drops running headers and footers (the same first or last line on most pages) and page numbers. */
export function dropPageFurniture(pages: string[][]): string[] {
  const count = new Map<string, number>();
  const norm = (s: string) => s.replace(/\d+/g, '#').trim();
  for (const lines of pages)
    for (const l of new Set([...lines.slice(0, 2), ...lines.slice(-2)].map(norm)))
      count.set(l, (count.get(l) ?? 0) + 1);
  const repeated = (l: string) =>
    pages.length >= 3 && (count.get(norm(l)) ?? 0) >= Math.ceil(pages.length * 0.6);
  return pages.flatMap((lines) => {
    const edge = (i: number) => i < 2 || i >= lines.length - 2;
    const kept = lines.filter((l, i) => l === '' || (!PAGE_NUMBER.test(l) && !(edge(i) && repeated(l))));
    return [...kept, ''];
  });
}

export async function extractPdf(buffer: Buffer): Promise<string> {
  let pdf;
  try {
    pdf = await getDocument({
      data: new Uint8Array(buffer),
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch {
    throw new ValidationError(
      'This PDF could not be read: it is damaged or not a PDF. Save it again, or paste its text.',
      {
        file: 'not a readable PDF',
      },
    );
  }
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) pages.push(await pageLines(pdf, n));
    const lines = dropPageFurniture(pages);
    if (!lines.join('').trim()) {
      throw new ValidationError(
        'This PDF has no text we can read: it is empty or made of scanned images. Use a PDF with selectable text, a Word file, or paste the text.',
        { file: 'no text in the PDF' },
      );
    }
    return lines.join('\n');
  } finally {
    await pdf.destroy();
  }
}
