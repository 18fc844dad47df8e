/**
 * An explicit analysis of a competency statement: what shape it has (an action verb phrase,
 * "Does not ...", passive or stative "Is consulted" / "Has" / "Knows", "Able to ...", a noun
 * phrase only, an imperative, several sentences, clauses after ";" or ":") and, for each part,
 * the verb clause the renderer inflects. Renderers refuse what this marks as unrenderable.
 */
import { analyze, sentences, type Clause } from '../clause.js';
import nlp from 'compromise';
import { HAS_SUBJECT_PRONOUN, normalizeStatement } from './normalize.js';
import { verbForms, wordTags } from '../verbs.js';

export type PartForm =
  | 'action' // "Resolves disputes early"
  | 'imperative' // "Listen actively"
  | 'negated' // "Does not interrupt visitors", "Never misses a deadline"
  | 'passive' // "Is trusted by other departments", "Is recognized as an expert", "Sought out as ..."
  | 'stative' // "Has sound knowledge of ...", "Knows when to escalate", "Is easy to contact"
  | 'ability' // "Able to explain rules"
  | 'noun-phrase' // "Customer focus"
  | 'own-subject'; // "Work is accurate", "he or she ...": the clause has a subject of its own

export type StatementShape = 'single' | 'several-sentences' | 'clause-list' | 'colon-list';

export interface StatementPart {
  form: PartForm;
  /** The part's text after normalisation (slashes, "his or her", hyphenated particles). */
  text: string;
  /** The verb clause to inflect: for 'negated' and 'ability' the phrase after "does not" / "able to". */
  clause?: Clause;
  /** 'negated': the negating word. */
  negation?: 'not' | 'never';
}

export interface StatementAnalysis {
  source: string;
  shape: StatementShape;
  /** The first part's form, or the shape's when the parts differ. */
  form: PartForm;
  parts: StatementPart[];
  /** 'colon-list': the parts after the first are the list after the colon. */
  renderable: boolean;
}

const NEGATED = /^(does|do)\s+not\s+|^(never)\s+/i;
const ABILITY = /^(?:is\s+|are\s+)?(?:able|ability)\s+to\s+/i;
const STATIVE_LEAD = /^(has|have|knows|know|understands|understand|possesses|possess)\b/i;
const COPULA = /^(is|are|remains)\s+(\S+)/i;
/** Clauses with a subject before their verb: "work is accurate", "all customers are heard". */
const OWN_SUBJECT =
  /^(?:(?:the|a|an|all|every|each|their|its|our|his|her|any|no)\s+[\w'’-]+(?:\s+[\w'’-]+)?|[\w'’-]+)\s+(is|are|was|were|has|have|may|can|will|must|should|remains|remain|gets|get)\b/i;

function isParticiple(word: string): boolean {
  const w = word.toLowerCase().replace(/[,.;:]+$/, '');
  const tags = wordTags(w);
  if (/(ed|en|wn|ght|lt|nt)$/.test(w) && (tags.includes('PastTense') || tags.includes('Participle')))
    return !!verbForms(w.replace(/(ed)$/, '')) || tags.includes('Verb');
  return /^(known|seen|given|taken|sought|thought|held|kept|told|made|found|chosen|shown|won)$/.test(w);
}

function classify(text: string): StatementPart {
  const t = text.trim().replace(/^[,;:\s]+/, '');
  if (HAS_SUBJECT_PRONOUN.test(t)) return { form: 'own-subject', text: t };
  const neg = NEGATED.exec(t);
  if (neg) {
    const inner = analyze(t.slice(neg[0].length));
    if (inner.lead !== 'verb') return { form: 'noun-phrase', text: t };
    return { form: 'negated', text: t, clause: inner, negation: neg[2] ? 'never' : 'not' };
  }
  const able = ABILITY.exec(t);
  if (able) {
    const inner = analyze(t.slice(able[0].length));
    return inner.lead === 'verb'
      ? { form: 'ability', text: t, clause: inner }
      : { form: 'noun-phrase', text: t };
  }
  if (OWN_SUBJECT.test(t) && !/^(is|are|has|have|may|can|will|must|should)\b/i.test(t))
    return { form: 'own-subject', text: t };
  const clause = analyze(t);
  if (clause.lead === 'participle') return { form: 'passive', text: t, clause };
  if (clause.lead === 'none') {
    const form =
      OWN_SUBJECT.test(t) || /\b(he|she|they|we|it)\s+\w+s\b/i.test(t) ? 'own-subject' : 'noun-phrase';
    return { form, text: t };
  }
  const firstVerb = clause.terms[Math.min(...clause.verbs)]?.text ?? '';
  if (STATIVE_LEAD.test(firstVerb)) return { form: 'stative', text: t, clause };
  const copula = COPULA.exec(t.replace(/^(\w+ly\s+)+/i, ''));
  if (copula) return { form: isParticiple(copula[2]) ? 'passive' : 'stative', text: t, clause };
  const lower = firstVerb.toLowerCase();
  const imperative = verbForms(lower)?.base === lower && !/s$/.test(lower);
  // "Sound knowledge of ...", "Record decisions ...": only the phrase tells an adjective or a noun
  // from an imperative verb; compromise reads the opening words (imperative statements are rare).
  if (imperative && clause.terms[0]?.text.toLowerCase() === lower) {
    const opening = t.split(/\s+/).slice(0, 4).join(' ');
    const tags = ((nlp(opening).json()[0] as { terms?: { tags?: string[] }[] } | undefined)?.terms?.[0]
      ?.tags ?? []) as string[];
    if (!tags.includes('Verb')) return { form: 'noun-phrase', text: t };
  }
  return { form: imperative ? 'imperative' : 'action', text: t, clause };
}

/** Splits "A; B" into clauses, and "A: b, c" into a head and a verb list (a noun list stays whole). */
function splitClauses(sentence: string): { parts: string[]; colon: boolean } {
  const semi = sentence.split(/;\s*/).filter((p) => p.trim());
  if (semi.length > 1) return { parts: semi, colon: false };
  const colon = /^([^:]+):\s*(.+)$/.exec(sentence);
  if (colon) {
    const tail = colon[2];
    const first = classify(tail.split(/,\s*/)[0]);
    if (first.form !== 'noun-phrase') return { parts: [colon[1], tail], colon: true };
  }
  return { parts: [sentence], colon: false };
}

const cache = new Map<string, StatementAnalysis>();

export function analyzeStatement(statement: string): StatementAnalysis {
  let known = cache.get(statement);
  if (!known) {
    known = analyzeUncached(statement);
    if (cache.size > 20_000) cache.clear();
    cache.set(statement, known);
  }
  return known;
}

function analyzeUncached(statement: string): StatementAnalysis {
  const source = statement.trim();
  const normalized = normalizeStatement(source).replace(/^(for example|e\.g\.|i\.e\.)\s*,?\s*/i, '');
  const sents = sentences(normalized);
  const parts: StatementPart[] = [];
  let shape: StatementShape = sents.length > 1 ? 'several-sentences' : 'single';
  for (const s of sents) {
    const split = splitClauses(s.replace(/[.!]+$/, ''));
    if (split.parts.length > 1 && shape === 'single') shape = split.colon ? 'colon-list' : 'clause-list';
    parts.push(...split.parts.map(classify));
  }
  const renderable =
    parts.length > 0 && parts.every((p) => p.form !== 'noun-phrase' && p.form !== 'own-subject');
  const forms = new Set(parts.map((p) => p.form));
  const form =
    forms.size === 1
      ? parts[0].form
      : (parts.find((p) => !renderable && !p.clause)?.form ?? parts[0]?.form ?? 'noun-phrase');
  return { source, shape, form, parts, renderable };
}
