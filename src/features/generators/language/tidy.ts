/**
 * Tidies source text quoted verbatim in an item (a performance description, an anchor): the
 * model's slash shorthand becomes words, runs of spaces become one, and in third-person text a
 * bare "self"/"own" gets its person ("Makes self available" -> "Makes themselves available",
 * "in own work" -> "in their own work"), as the renderer does for clauses. Applied by generate()
 * to every text before the quality gate; rendered clauses never need it (normalize.ts runs first).
 */
import { unslash } from './normalize.js';

const SPEAKS_TO_SOMEONE = /\b(you|your|yourself|I|my|me|myself)\b/;
const SELF_COMPOUND =
  /^(interest|esteem|awareness|control|confidence|service|starter|motivated|directed|assessment|evaluation|development|management|review|care)\b/i;
const POSSESSIVE = /^(my|your|his|her|its|our|their|one['’]s|whose)$|['’]s$/i;
const OWN_AS_VERB = /^(the|a|an|this|that|these|those|it|them|up|their|his|her|your|my|our|any|every)$/i;

function personThird(text: string): string {
  if (!/\b(self|own)\b/i.test(text)) return text;
  if (SPEAKS_TO_SOMEONE.test(text)) return text; // the gate judges these; no guessing the person
  return text
    .replace(/(^|[^-\w])self\b(?!-)(\s+\w+)?/gi, (m, lead: string, rest: string | undefined, at: number) => {
      if (rest && SELF_COMPOUND.test(rest.trim())) return m;
      if (/sense of\s*$/i.test(text.slice(0, at + lead.length))) return m;
      return `${lead}themselves${rest ?? ''}`;
    })
    .replace(/(\S+)(\s+)own\b(?!-)(\s+([\w'’]+))?/g, (m, prev: string, sp: string, tail = '', next = '') => {
      if (POSSESSIVE.test(prev.replace(/[^\w'’]/g, '')) || /-$/.test(prev)) return m;
      if (OWN_AS_VERB.test(next) && !/^(of|in|on|for|with)$/i.test(prev)) return m;
      return `${prev}${sp}their own${tail}`;
    });
}

const tidied = new Map<string, string>();

export function tidyText(text: string): string {
  let known = tidied.get(text);
  if (known === undefined) {
    known = tidyUncached(text);
    if (tidied.size > 50_000) tidied.clear();
    tidied.set(text, known);
  }
  return known;
}

function tidyUncached(text: string): string {
  if (!text.includes('/') && !text.includes('  ') && !/\b(self|own)\b/i.test(text)) return text.trim();
  return personThird(
    unslash(
      text
        .replace(/\bhis\/her\b/gi, 'his or her')
        .replace(/\bhim\/her\b/gi, 'him or her')
        .replace(/\bhe\/she\b/gi, 'he or she')
        .replace(/\bs\/he\b/gi, 'she or he'),
    ).replace(/[ \t]{2,}/g, ' '),
  ).trim();
}
