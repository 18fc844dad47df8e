/**
 * PDF -> text lines with pdfjs-dist (legacy Node build). pdf.js gives positioned text items; their
 * font (size, and weight from the font's name once the page's fonts are loaded) lets
 * pdf-layout.ts rebuild lines, headings, bold runs, lists and table rows. Lines repeated at the
 * top or bottom of most pages (running headers, footers) and bare page numbers are dropped;
 * hyphenation and wraps are mended later with the other formats (source-lines.ts).
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadPdfjs } from './load-pdfjs.js';
import { ValidationError } from '../../lib/errors.js';
import { layoutPages, type PdfItem } from './pdf-layout.js';

interface TextItem {
  str: string;
  transform: number[];
  width?: number;
  fontName?: string;
}

const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;
const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

async function pageItems(pdf: PDFDocumentProxy, n: number): Promise<PdfItem[]> {
  const page = await pdf.getPage(n);
  const content = await page.getTextContent();
  // Loading the operator list resolves the page's fonts in commonObjs, which carry their names.
  await page.getOperatorList();
  const bold = new Map<string, boolean>();
  const isBold = (fontName = ''): boolean => {
    if (!bold.has(fontName)) {
      let name = '';
      try {
        if (page.commonObjs.has(fontName))
          name = String((page.commonObjs.get(fontName) as { name?: string })?.name ?? '');
      } catch {
        name = '';
      }
      bold.set(fontName, BOLD_FONT.test(name));
    }
    return bold.get(fontName)!;
  };
  const items: PdfItem[] = [];
  for (const raw of content.items) {
    const item = raw as TextItem;
    if (typeof item.str !== 'string' || !item.str) continue;
    const [a, b, , d, x, y] = item.transform;
    const size = Math.hypot(b, d) || Math.abs(a) || 10;
    items.push({ text: item.str, x, y, end: x + (item.width ?? 0), size, bold: isBold(item.fontName) });
  }
  page.cleanup();
  return items;
}

/** Drops running headers and footers (the same first or last line on most pages) and page numbers. */
export function dropPageFurniture(pages: string[][]): string[] {
  const count = new Map<string, number>();
  // A running line differs from page to page only by its page number ("Page 3 of 9", "Guide | 3");
  // other numbers ("Level 1: Awareness" on top of several pages) are content.
  const norm = (s: string) =>
    s
      .replace(/\bpage\s*\d+(\s*(of|\/)\s*\d+)?/gi, '#')
      .replace(/^\d+\b|\b\d+$/g, '#')
      .trim();
  for (const lines of pages)
    for (const l of new Set([...lines.slice(0, 2), ...lines.slice(-2)].map(norm)))
      count.set(l, (count.get(l) ?? 0) + 1);
  const repeated = (l: string) =>
    pages.length >= 3 && (count.get(norm(l)) ?? 0) >= Math.ceil(pages.length * 0.6);
  const kept = pages.map((lines) => {
    const edge = (i: number) => i < 2 || i >= lines.length - 2;
    return lines.filter((l, i) => l === '' || (!PAGE_NUMBER.test(l) && !(edge(i) && repeated(l))));
  });
  // A page break is a paragraph break, unless a sentence runs on into the next page in lower case.
  return kept.flatMap((lines, i) => {
    const next = kept[i + 1]?.find((l) => l.trim());
    const runsOn = !!next && /^[a-z]/.test(next) && !/[.:;!?]$/.test(lines[lines.length - 1] ?? '.');
    return runsOn ? lines : [...lines, ''];
  });
}

export async function extractPdf(buffer: Buffer): Promise<string> {
  const { getDocument } = await loadPdfjs();
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
    const items: PdfItem[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) items.push(await pageItems(pdf, n));
    const lines = dropPageFurniture(layoutPages(items));
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
