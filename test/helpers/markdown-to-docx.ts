/**
 * Renders a corpus fixture (markdown-like text) as a real Word document with the `docx` package:
 * `#` headings as Word headings, `-` items as Word bullets (nested by indentation), `|` or tab rows
 * as a Word table, `**bold**` runs as bold, everything else as paragraphs. Numbers typed in the
 * text ("1. Cooperates:") stay typed, as in most real documents.
 */
import { mendWraps } from '../../src/features/framework-import/source-lines.js';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
];

function runs(text: string): TextRun[] {
  return text
    .split(/(\*\*[^*]+\*\*)/)
    .filter(Boolean)
    .map((part) =>
      part.startsWith('**') ? new TextRun({ text: part.slice(2, -2), bold: true }) : new TextRun(part),
    );
}

const isRow = (line: string) => /\t|\|/.test(line);
const isSeparator = (line: string) => /^[\s:|-]+$/.test(line) && line.includes('-');
const cellsOf = (line: string) =>
  line
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/\t|\|/)
    .map((c) => c.trim());

export async function markdownToDocx(text: string): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || isSeparator(line)) continue;
    if (isRow(line)) {
      const rows: string[][] = [];
      while (i < lines.length && isRow(lines[i])) {
        if (!isSeparator(lines[i])) rows.push(cellsOf(lines[i]));
        i++;
      }
      i--;
      const width = Math.max(...rows.map((r) => r.length));
      children.push(
        new Table({
          rows: rows.map(
            (r) =>
              new TableRow({
                children: Array.from(
                  { length: width },
                  (_, k) => new TableCell({ children: [new Paragraph({ children: runs(r[k] ?? '') })] }),
                ),
              }),
          ),
        }),
      );
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const bullet = /^(\s*)-\s+(.*)$/.exec(line);
    if (heading)
      children.push(new Paragraph({ heading: HEADINGS[heading[1].length - 1], children: runs(heading[2]) }));
    else {
      // Consecutive plain lines are one paragraph (as in markdown); a Word author types no
      // hard wraps, so the fixture's PDF-like wraps and hyphens are joined as PDF extraction would.
      const para = [bullet ? bullet[2] : line];
      while (
        i + 1 < lines.length &&
        lines[i + 1].trim() &&
        !/^(#|\s*-\s|\s*\d+[.)]\s)/.test(lines[i + 1]) &&
        !isRow(lines[i + 1])
      )
        para.push(lines[++i]);
      const text = runs(mendWraps(para).join(' ').trim());
      children.push(
        bullet
          ? new Paragraph({ bullet: { level: Math.floor(bullet[1].length / 2) }, children: text })
          : new Paragraph({ children: text }),
      );
    }
  }
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}
