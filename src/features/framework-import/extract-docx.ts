/**
 * Word (.docx) -> text lines with mammoth: headings as "#", list items as "-" (indented by
 * nesting), tables as tab-separated rows, bold run starts kept as "**" so "**Name:** text" reads
 * as in the other formats.
 */
import mammoth from 'mammoth';
import { ValidationError } from '../../lib/errors.js';

const decode = (s: string): string =>
  s
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<(\/?)(strong|b)>/gi, '**')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\*\*\s*\*\*/g, '')
    .trim();

/** mammoth's HTML is flat and well formed: one pass over its block tags is enough. */
export function htmlToLines(html: string): string[] {
  const out: string[] = [];
  let depth = -1;
  let row: string[] | undefined;
  const tokens = html.match(/<\/?(h[1-6]|p|li|ul|ol|tr|td|th|table)\b[^>]*>|[^<]+|<[^>]+>/gi) ?? [];
  let buffer = '';
  let block: string | undefined;
  const flush = () => {
    const text = decode(buffer);
    buffer = '';
    if (row) return void (text || block === 'td' ? row.push(text) : undefined);
    if (!text) return;
    if (block?.startsWith('h')) out.push(`${'#'.repeat(Number(block[1]))} ${text}`, '');
    else if (block === 'li') out.push(`${'  '.repeat(Math.max(depth, 0))}- ${text}`);
    else out.push(text, '');
  };
  for (const token of tokens) {
    const tag = /^<(\/?)(h[1-6]|p|li|ul|ol|tr|td|th|table)\b/i.exec(token);
    if (!tag) {
      buffer += token;
      continue;
    }
    const [, closing, nameRaw] = tag;
    const name = nameRaw.toLowerCase();
    if (name === 'ul' || name === 'ol') {
      flush();
      depth += closing ? -1 : 1;
      if (closing && depth < 0) out.push('');
    } else if (name === 'tr') {
      if (closing && row) {
        out.push(row.join('\t'));
        row = undefined;
      } else if (!closing) row = [];
    } else if (name === 'td' || name === 'th') {
      if (closing) {
        block = 'td';
        flush();
      } else buffer = '';
    } else if (name === 'table') {
      if (closing) out.push('');
    } else if (row) {
      // Paragraphs inside a table cell stay in that cell.
      if (closing) buffer += ' ';
    } else {
      if (closing || buffer.trim()) flush();
      if (!closing) block = name;
    }
  }
  flush();
  return out;
}

export async function extractDocx(buffer: Buffer): Promise<string> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer })).value;
  } catch {
    throw new ValidationError(
      'This Word file could not be read: it is damaged or not a .docx file. Save it again from Word as .docx, or paste its text.',
      { file: 'not a readable .docx' },
    );
  }
  return htmlToLines(html).join('\n');
}
