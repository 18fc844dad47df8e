/** The text of each page of a PDF, read with pdf.js (pure JavaScript, legacy build for Node). */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One string per line, top to bottom, for each page. */
export async function pdfPages(data: Uint8Array): Promise<string[][]> {
  const doc = await getDocument({
    data,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      // Group the text runs by their baseline (y), then order each line by x.
      const rows = new Map<number, { x: number; s: string }[]>();
      for (const item of content.items) {
        if (!('str' in item) || !item.str.trim()) continue;
        const y = Math.round(item.transform[5]);
        const key = [...rows.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
        const row = rows.get(key) ?? [];
        row.push({ x: item.transform[4], s: item.str });
        rows.set(key, row);
      }
      pages.push(
        [...rows.entries()]
          .sort((a, b) => b[0] - a[0])
          .map(([, row]) =>
            row
              .sort((a, b) => a.x - b.x)
              .map((r) => r.s)
              .join(' ')
              .replace(/\s+/g, ' ')
              .trim(),
          ),
      );
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
