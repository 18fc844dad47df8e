/**
 * The job announcement's qualification statements: generated per competency at its required
 * level (required and desired variants), assembled as plain text a person edits, and turned
 * into HTML for pasting into a web page.
 */
import { generateFor } from '../question-bank/generator-source.js';
import { loadSources } from './position-competencies.js';
import type { PositionDoc } from './position.model.js';

export const REQUIRED_HEADING = 'Required qualifications:';
export const DESIRED_HEADING = 'Desired qualifications:';

/**
 * Required competencies give their required statement to the required list and their desired
 * statement to the desired list; a competency the position only desires gives its required
 * statement to the desired list.
 */
export async function generateAnnouncement(position: PositionDoc): Promise<string> {
  const rows = [...position.competencies].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const sources = await loadSources(rows.map((r) => r.competency));
  const required: string[] = [];
  const desired: string[] = [];
  for (const row of rows) {
    const source = sources.get(String(row.competency));
    if (!source) continue;
    const items = generateFor(source, {
      level: row.requiredLevel,
      kinds: ['qualification'],
      context: { jobTitle: position.title },
    });
    const req = items.find((i) => i.variant === 'required')?.text;
    const des = items.find((i) => i.variant === 'desired')?.text;
    if (row.requirement === 'desired') {
      if (req) desired.push(req);
    } else {
      if (req) required.push(req);
      if (des) desired.push(des);
    }
  }
  const title = [position.title, position.classCode ? `(class ${position.classCode})` : ''].filter(Boolean);
  const parts = [title.join(' ')];
  if (required.length) parts.push([REQUIRED_HEADING, ...required.map((t) => `- ${t}`)].join('\n'));
  if (desired.length) parts.push([DESIRED_HEADING, ...desired.map((t) => `- ${t}`)].join('\n'));
  return parts.join('\n\n');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Plain text to HTML: blank lines separate blocks; "- " lines become a list; a block's first line
 * ending in ":" becomes a heading; other lines are paragraphs. Everything is escaped.
 */
export function announcementHtml(text: string): string {
  const blocks = text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) =>
      b
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .filter((b) => b.length);
  const out: string[] = [];
  for (const lines of blocks) {
    let list: string[] = [];
    const flush = () => {
      if (list.length) out.push(`<ul>\n${list.map((l) => `  <li>${escapeHtml(l)}</li>`).join('\n')}\n</ul>`);
      list = [];
    };
    lines.forEach((line, i) => {
      const item = /^[-*•]\s+(.*)$/.exec(line);
      if (item) return void list.push(item[1]);
      flush();
      if (i === 0 && line.endsWith(':') && lines.length > 1)
        out.push(`<h3>${escapeHtml(line.slice(0, -1))}</h3>`);
      else out.push(`<p>${escapeHtml(line)}</p>`);
    });
    flush();
  }
  return out.join('\n');
}
