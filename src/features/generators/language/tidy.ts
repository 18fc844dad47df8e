/**
 * Tidies source text quoted verbatim in an item (a performance description, an anchor): the
 * model's slash shorthand becomes words and runs of spaces become one. Applied by generate() to
 * every text before the quality gate; rendered clauses never need it (normalize.ts runs first).
 */
import { unslash } from './normalize.js';

export function tidyText(text: string): string {
  return unslash(
    text
      .replace(/\bhis\/her\b/gi, 'his or her')
      .replace(/\bhim\/her\b/gi, 'him or her')
      .replace(/\bhe\/she\b/gi, 'he or she')
      .replace(/\bs\/he\b/gi, 'she or he'),
  )
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
