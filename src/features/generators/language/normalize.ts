/**
 * Rewrites a source statement's mechanical shorthand before it is analysed: "his or her" ->
 * "his/her" (one token the renderer turns into "your"/"their"), "himself/herself" -> "self", and
 * a verb hyphenated to its particle ("Follows-up on" -> "Follows up on"; the noun "a follow-up"
 * stays). Slash-joined words ("priorities/objectives") stay one term for the analyser; the
 * renderer writes them as words ("priorities or objectives"), inflecting each when they are verbs.
 */

const PARTICLE = '(up|through|out|back|off|in|over|down)';
const PRONOUN_PAIRS: [RegExp, string][] = [
  [/\bhis\s+or\s+her\b|\bher\s+or\s+his\b|\bhis\/her\b|\bher\/his\b/gi, 'his/her'],
  [/\bhim\s+or\s+her\b|\bher\s+or\s+him\b|\bhim\/her\b|\bher\/him\b/gi, 'him/her'],
  [/\bhimself\s+or\s+herself\b|\bhimself\/herself\b|\bherself\/himself\b|\bthemself\b/gi, 'self'],
];

/** Pairs the renderer maps to a person's pronoun; kept as one token on purpose. */
const KEEP = /^(his\/her|him\/her)$/i;

/** Slash-joined words as words: "a/b" -> "a or b", "a/b/c" -> "a, b or c"; "and/or" -> "or". */
export function slashWords(token: string): string {
  if (/^and\/or$/i.test(token)) return 'or';
  const parts = token.split('/').filter(Boolean);
  if (parts.length < 2 || KEEP.test(token) || parts.every((p) => /^[A-Z0-9]{1,3}$/.test(p))) return token;
  return parts.length === 2
    ? `${parts[0]} or ${parts[1]}`
    : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

/**
 * Slash-joined words in running text become words (acronyms such as "N/A" or "HR/IT" stay). The
 * analyser does not use this: it keeps "a/b" as one term, so "situation/needs" is never read as
 * a noun and a verb; the renderer writes the term out as words (see clause.ts).
 */
export function unslash(text: string): string {
  if (!text.includes('/')) return text;
  return text.replace(/\b[A-Za-z][\w'’-]*(?:\/[A-Za-z][\w'’-]*)+\b/g, slashWords);
}

export function normalizeStatement(text: string): string {
  let s = text.replace(/\s+/g, ' ').trim();
  for (const [re, to] of PRONOUN_PAIRS) s = s.replace(re, to);
  // "Follows-up", "checks-in": a third-person verb joined to its particle.
  s = s.replace(new RegExp(`\\b([A-Za-z]+s)-${PARTICLE}\\b`, 'g'), '$1 $2');
  // "Follow-up on requests" at the start is an imperative, not the noun.
  s = s.replace(new RegExp(`^([A-Za-z]+)-${PARTICLE}\\b(?=\\s+(on|with|to|the|a|an)\\b)`), '$1 $2');
  return s;
}

/** Who the statement talks about when it uses "he or she": it cannot be re-personed word by word. */
export const HAS_SUBJECT_PRONOUN = /\b(he or she|she or he|he\/she|she\/he|s\/he)\b/i;
