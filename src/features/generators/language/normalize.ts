/**
 * Rewrites a source statement's mechanical shorthand into words before it is analysed, so no
 * renderer ever inflects or repeats it: slash-joined words ("priorities/objectives" -> "priorities
 * or objectives", "and/or" -> "or"), "his or her" -> "his/her" (one token the renderer turns into
 * "your"/"their"), "himself/herself" -> "self", and a verb hyphenated to its particle
 * ("Follows-up on" -> "Follows up on"; the noun "a follow-up" stays).
 */

const PARTICLE = '(up|through|out|back|off|in|over|down)';
const PRONOUN_PAIRS: [RegExp, string][] = [
  [/\bhis\s+or\s+her\b|\bher\s+or\s+his\b|\bhis\/her\b|\bher\/his\b/gi, 'his/her'],
  [/\bhim\s+or\s+her\b|\bher\s+or\s+him\b|\bhim\/her\b|\bher\/him\b/gi, 'him/her'],
  [/\bhimself\s+or\s+herself\b|\bhimself\/herself\b|\bherself\/himself\b|\bthemself\b/gi, 'self'],
];

/** Pairs the renderer maps to a person's pronoun; kept as one token on purpose. */
const KEEP = /^(his\/her|him\/her)$/i;

/** "a/b" between two words becomes "a or b"; "and/or" becomes "or". Acronyms ("N/A", "HR/IT") stay. */
export function unslash(text: string): string {
  return text
    .replace(/\band\/or\b/gi, 'or')
    .replace(/\b([A-Za-z][a-z'’-]*)\/([A-Za-z][a-z'’-]*)(?:\/([A-Za-z][a-z'’-]*))?\b/g, (m, a, b, c) => {
      if (KEEP.test(m)) return m;
      if (/^[A-Z]{1,3}$/.test(a) && /^[A-Z]{1,3}$/.test(b)) return m;
      return c ? `${a}, ${b} or ${c}` : `${a} or ${b}`;
    });
}

export function normalizeStatement(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (const [re, to] of PRONOUN_PAIRS) s = s.replace(re, to);
  s = unslash(s);
  // "Follows-up", "checks-in": a third-person verb joined to its particle.
  s = s.replace(new RegExp(`\\b([A-Za-z]+s)-${PARTICLE}\\b`, 'g'), '$1 $2');
  // "Follow-up on requests" at the start is an imperative, not the noun.
  s = s.replace(new RegExp(`^([A-Za-z]+)-${PARTICLE}\\b(?=\\s+(on|with|to|the|a|an)\\b)`), '$1 $2');
  return s;
}

/** Who the statement talks about when it uses "he or she": it cannot be re-personed word by word. */
export const HAS_SUBJECT_PRONOUN = /\b(he or she|she or he|he\/she|she\/he|s\/he)\b/i;
