/**
 * Documents without any structure (a blog post, a letter from a director) still name their values
 * and competencies, inside sentences: "we aim for excellence, passion, engagement, integrity, and
 * encourage strategic and smart risk taking", "values like excellence, passion and integrity",
 * "what HHS has defined as customer service core competencies; a commitment “to satisfying ...”".
 * Read only when the structural reading found no competency at all, so a structured document's
 * introduction never adds names.
 */
import nlp from 'compromise';
import { ParseState } from './parse-state.js';
import { norm } from './parse-rules.js';
import type { SourceLine } from './source-lines.js';

/** A list of values follows these words (up to the end of the sentence). */
const VALUE_LIST =
  /\b(?:we (?:aim for|value|strive for|believe in|stand for|embrace|uphold|champion|are committed to|commit to|prize)|values (?:like|such as|including)|values(?: are)?:)\s+([^.;:!?]+)/gi;
/** "... has defined as customer service core competencies; a commitment “to ...”" */
const DEFINED_AS =
  /\bdefined as (?:the )?([a-z][a-z -]{2,40}?) (?:core )?competenc(?:y|ies)\s*[;:,–—]\s*(.+?[.!?][”"’]?)(?=\s|$)/i;

/** Drops a verb that opens the last item ("and encourage strategic ... taking"): the list's own verb. */
function withoutLeadingVerb(item: string): string {
  const words = item.split(/\s+/);
  if (words.length < 3) return item;
  const terms = nlp(`we ${item}`).terms().json() as { terms: { tags: string[] }[] }[];
  const tags = terms.slice(1).map((t) => t.terms[0]?.tags ?? []);
  const verbFirst = tags[0]?.includes('Infinitive') || tags[0]?.includes('PresentTense');
  const thenPreposition = tags[1]?.includes('Preposition') || tags[1]?.includes('Determiner');
  return verbFirst && !thenPreposition ? words.slice(1).join(' ') : item;
}

/** "excellence, passion, engagement, and integrity, government's ..." -> the names, up to the "and" item. */
function listItems(list: string): string[] | undefined {
  const items: string[] = [];
  const raws = list.split(/\s*,\s*/);
  const oxford = raws.some((r) => /^(and|or)\s+/i.test(r));
  for (const raw of raws) {
    const last = /^(and|or)\s+/i.test(raw);
    const item = raw.replace(/^(and|or)\s+/i, '').trim();
    if (!item) continue;
    // Without a serial comma the list ends at "openness and patience".
    const pair = !oxford && / (and|or) /.exec(item);
    if (pair) {
      // The sentence goes on after the last name ("patience at the desk"): the name ends there.
      const rest = item
        .slice(pair.index + pair[0].length)
        .split(/\s+(?:at|in|on|when|while|during|across|to|from|with|by)\s+/)[0];
      items.push(item.slice(0, pair.index).trim(), rest.trim());
      break;
    }
    items.push(last ? withoutLeadingVerb(item) : item);
    if (last) break;
  }
  const names = items.filter((i) => i.split(/\s+/).length <= 5 && !/\d/.test(i));
  return names.length >= 3 && names.length === items.length ? names : undefined;
}

function readProse(s: ParseState, lines: SourceLine[]): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (!line.text || line.heading) continue;
    const aboutValues = /\bvalues\b/i.test(line.text);
    for (const m of line.text.matchAll(VALUE_LIST)) {
      if (!aboutValues) continue;
      for (const name of listItems(m[1]) ?? []) {
        if (seen.has(norm(name))) continue;
        seen.add(norm(name));
        s.lastTitle = 'values';
        const c = s.startCompetency(name, line.n);
        c.kind = 'core-value';
        s.addAbsent('definition', line.n);
      }
    }
    const defined = DEFINED_AS.exec(line.text);
    if (defined && !seen.has(norm(defined[1]))) {
      seen.add(norm(defined[1]));
      s.lastTitle = undefined;
      const name = defined[1].replace(/\b[a-z]/g, (ch) => ch.toUpperCase());
      const c = s.startCompetency(name, line.n);
      c.kind = 'behavioral';
      c.definition = defined[2];
      s.take('definition', line.n);
    }
  }
}

/**
 * When the structural reading found no more than a title with a paragraph under it, the names
 * in the prose: a fresh reading that keeps the title and organisation the structure found.
 */
export function proseReading(s: ParseState, lines: SourceLine[]): ParseState | undefined {
  const thin = s.competencies.every((c) =>
    c.provenance.every((p) => p.part === 'name' || p.part === 'definition'),
  );
  if (s.competencies.length > 1 || !thin) return undefined;
  const prose = new ParseState(s.document);
  readProse(prose, lines);
  if (prose.competencies.length < 2) return undefined;
  const title = s.competencies[0];
  prose.frameworkTitle = s.frameworkTitle ?? title?.name;
  if (title) prose.mark(title.provenance[0].line!);
  prose.organization = s.organization;
  return prose;
}
