/**
 * Renders a corpus fixture (markdown-like text) as the HTML page a person would print to PDF:
 * `#` headings as <h1>..<h4>, `-` items as nested <ul> lists (Chromium prints their markers as
 * •, ◦, ▪), `|` or tab rows as a bordered <table> whose cells wrap, `**bold**` as <b>. Plain lines
 * keep their own line breaks (<br>), so hard wraps and hyphenation of the fixture reach the PDF
 * as they would in a typeset document. Blocks are spaced only where the fixture has a blank line,
 * as a typesetter spaces paragraphs and not a label from the list under it.
 */

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const inline = (s: string) => escape(s).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>');

const isRow = (line: string) => /\t|\|/.test(line);
const isSeparator = (line: string) => /^[\s:|-]+$/.test(line) && line.includes('-');
const cellsOf = (line: string) =>
  line
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/\t|\|/)
    .map((c) => c.trim());

const STYLE = `
  body { font: 11pt serif; margin: 0; }
  p, ul, h1, h2, h3, h4, table { margin: 0; }
  .gap { margin-bottom: 0.8em; }
  table { border-collapse: collapse; width: 100%; }
  td { border: 1px solid #444; padding: 4px 6px; vertical-align: top; }
`;

export function markdownToHtml(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  /** The class of a block that ends at line `last`: spaced when a blank line follows it. */
  const gap = (last: number) => (last + 1 < lines.length && !lines[last + 1].trim() ? ' class="gap"' : '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || isSeparator(line)) continue;
    if (isRow(line)) {
      const rows: string[][] = [];
      for (; i < lines.length && isRow(lines[i]); i++)
        if (!isSeparator(lines[i])) rows.push(cellsOf(lines[i]));
      i--;
      const width = Math.max(...rows.map((r) => r.length));
      const body = rows
        .map(
          (r) =>
            `<tr>${Array.from({ length: width }, (_, k) => `<td>${inline(r[k] ?? '')}</td>`).join('')}</tr>`,
        )
        .join('');
      out.push(`<table${gap(i)}>${body}</table>`);
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      const n = heading[1].length;
      out.push(`<h${n}${gap(i)}>${escape(heading[2].replace(/\*\*/g, ''))}</h${n}>`);
      continue;
    }
    if (/^\s*-\s/.test(line)) {
      // A run of items, nested by indentation (two spaces a level).
      let depth = -1;
      let end = i;
      while (end + 1 < lines.length && /^\s*-\s/.test(lines[end + 1])) end++;
      out.push(`<div${gap(end)}>`);
      for (; i < lines.length && /^\s*-\s/.test(lines[i]); i++) {
        const [, indent, item] = /^(\s*)-\s+(.*)$/.exec(lines[i])!;
        const d = Math.floor(indent.length / 2);
        for (; depth < d; depth++) out.push('<ul>');
        for (; depth > d; depth--) out.push('</ul>');
        out.push(`<li>${inline(item)}</li>`);
      }
      for (; depth >= 0; depth--) out.push('</ul>');
      out.push('</div>');
      i--;
      continue;
    }
    const para: string[] = [];
    for (; i < lines.length && lines[i].trim() && !/^(#|\s*-\s)/.test(lines[i]) && !isRow(lines[i]); i++)
      para.push(inline(lines[i]));
    i--;
    out.push(`<p${gap(i)}>${para.join('<br>')}</p>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${out.join('\n')}</body></html>`;
}
