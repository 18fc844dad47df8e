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
}

const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;

async function pageLines(
  pdf: Awaited<ReturnType<typeof getDocument>['promise']>,
  n: number,
): Promise<string[]> {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  const rows: { y: number; x: number; text: string }[][] = [];
  let current: { y: number; x: number; text: string }[] = [];
  let lastY: number | undefined;
  for (const raw of content.items) {
    const item = raw as Item;
    if (typeof item.str !== 'string') continue;
    const [x, y] = [item.transform[4], item.transform[5]];
    if (lastY !== undefined && Math.abs(y - lastY) > 2 && current.length) {
      rows.push(current);
      current = [];
    }
    if (item.str) current.push({ y, x, text: item.str });
    lastY = y;
  }
  if (current.length) rows.push(current);
  return rows
    .map((r) =>
      r
        .map((p) => p.text)
        .join('')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter(Boolean);
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
    return lines.filter((l, i) => !PAGE_NUMBER.test(l) && !(edge(i) && repeated(l)));
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
