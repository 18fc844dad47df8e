/**
 * Turns a competency statement ("Quickly and accurately performs arithmetic computations.") into
 * a clause the templates can use in another person and tense ("performed arithmetic computations
 * quickly"... no: "quickly and accurately performed arithmetic computations"). Only the leading
 * verb and the verbs coordinated with it change; every other word stays as the source wrote it.
 *
 * Exports: analyze, render, clause, sentences (the original API, unchanged signatures) and
 * renderClause(clause, tense | 'plural', person) (render with a plural present tense). Before
 * analysis a statement is normalised (language/normalize.ts: "his or her", "Follows-up"); slash-joined
 * terms render as words ("protected or promoted"), a bare "self"/"own" takes the person
 * ("yourself", "their own"). For an explicit form analysis and renderings that refuse what
 * cannot be written correctly, use language/index.ts (analyzeStatement, renderStatement).
 */
import { normalizeStatement, slashWords } from './language/normalize.js';
import { isVerbAlone, verbForms, wordTags } from './verbs.js';

interface Term {
  pre: string;
  text: string;
  post: string;
  tags: string[];
}

export type Person = 'first' | 'second' | 'third';
export type Tense = 'base' | 'past' | 'gerund' | 'third';

export interface Clause {
  /** The statement's terms, leading discourse markers removed. */
  terms: Term[];
  /** Terms that are verbs to inflect. */
  verbs: Set<number>;
  /** How the statement starts: with a verb (3rd person or base), a participle, or something else. */
  lead: 'verb' | 'participle' | 'none';
  source: string;
}

const MODALS = new Set(['may', 'can', 'will', 'should', 'must']);
const COORD = new Set(['and', 'or', 'and/or']);
const LIST_LEAD = /^(to|of|for|on|with|about|from|by|in|into|the|a|an|any|all|its|their)$/i;
const DISCOURSE = /^(for example|e\.g\.|i\.e\.)\s*,?\s*/i;

/**
 * Splits a sentence into words with their surrounding punctuation. Tags come from each word on its
 * own (cached): parsing every sentence with compromise costs milliseconds each, and the rules
 * below only need to know whether a word can be a verb, a noun or an adjective.
 */
function toTerms(sentence: string): Term[] {
  const out: Term[] = [];
  for (const m of sentence.matchAll(/(\S+)(\s*)/g)) {
    const word = /^([“"‘([]*)(.*?)([”"’)\],.;:!?]*)$/.exec(m[1])!;
    const pre = word[1];
    let [, , text, post] = word;
    if (!text) {
      // Punctuation on its own ("—"): keep it as the previous word's trailing text.
      if (out.length) out[out.length - 1].post += m[1] + m[2];
      else out.push({ pre: m[1], text: '', post: m[2], tags: [] });
      continue;
    }
    // "Cross-checks" stays one word; "e.g.," keeps its dots.
    if (/^(e\.g|i\.e|etc)$/i.test(text) && post.startsWith('.')) {
      text += '.';
      post = post.slice(1);
    }
    out.push({ pre, text, post: post + m[2], tags: wordTags(text) });
  }
  return out;
}

const AUXILIARY = /^(is|are|was|were|be|may|might|must|can|could|will|would|should|has|have|had)$/i;
/** A word followed closely by an auxiliary is the subject ("Work environment may be ..."), not a verb. */
const subjectOfLaterVerb = (terms: Term[], i: number, within: number) =>
  terms.slice(i + 1, i + 1 + within).some((t) => AUXILIARY.test(t.text));

const FREQUENCY = /^(never|always|often|also|regularly|routinely|seldom|still|readily|well)$/i;
const isAdverb = (t: Term) =>
  (/ly$/i.test(t.text) && !/^(apply|reply|supply|rely|fly|ally)$/i.test(t.text)) || FREQUENCY.test(t.text);
const thirdPerson = (t: Term) =>
  /[a-z]s$/i.test(t.text) && !!verbForms(t.text) && (isVerbAlone(t.text) || t.tags.includes('Verb'));
const baseVerb = (t: Term) =>
  !/(s|ing)$/i.test(t.text) &&
  verbForms(t.text)?.base === t.text.toLowerCase() &&
  isVerbAlone(t.text) &&
  !t.tags.includes('Noun') &&
  !t.tags.includes('Adjective');
/**
 * A third-person verb compromise does not know, by its ending ("liaises", "co-ordinates", "refers"):
 * plural nouns rarely end so and never open a behavior statement before an object.
 */
const verbSuffix = (t: Term) =>
  /(ises|izes|yses|ates|ifies|ishes|fers)$/i.test(t.text) &&
  !!verbForms(t.text) &&
  !t.tags.includes('Adjective');
const endsClause = (t: Term) => /[;.!?]/.test(t.post);

/** Index of the first verb at or after i, skipping adverbs ("quickly and accurately"). */
function verbAfterAdverbs(terms: Term[], i: number, accept: (t: Term) => boolean): number {
  let j = i;
  while (
    j < terms.length &&
    (isAdverb(terms[j]) || (j > i && COORD.has(terms[j].text.toLowerCase()) && isAdverb(terms[j - 1])))
  )
    j++;
  return j < terms.length && accept(terms[j]) ? j : -1;
}

const analyzed = new Map<string, Clause>();

/** Analyses a statement once; clauses are read-only afterwards, so they are shared. */
export function analyze(statement: string): Clause {
  let known = analyzed.get(statement);
  if (!known) {
    known = analyzeUncached(statement);
    if (analyzed.size > 20_000) analyzed.clear();
    analyzed.set(statement, known);
  }
  return known;
}

function analyzeUncached(statement: string): Clause {
  const source = statement.trim();
  // Slash-joined words, "his or her" and "Follows-up" are rewritten first (see language/normalize.ts).
  const sentence = normalizeStatement(source.replace(DISCOURSE, ''));
  const terms = toTerms(sentence.charAt(0).toUpperCase() + sentence.slice(1));
  const verbs = new Set<number>();
  let lead: Clause['lead'] = 'none';

  let start = 0;
  if (terms[0] && MODALS.has(terms[0].text.toLowerCase()) && terms[1] && verbForms(terms[1].text)) {
    terms[0].text = '';
    terms[0].post = '';
    start = 1;
  }
  const first = verbAfterAdverbs(
    terms,
    start,
    (t) =>
      thirdPerson(t) ||
      (baseVerb(t) && !subjectOfLaterVerb(terms, terms.indexOf(t), 3)) ||
      // A verb compromise does not know ("infers") counts after an adverb ("Correctly infers"), where
      // a plural noun cannot stand; "Situations in which ..." stays a noun.
      verbSuffix(t) ||
      ((t.text.includes('/') || terms.indexOf(t) > start) &&
        !!verbForms(t.text.split('/')[0]) &&
        /[a-z]s$/i.test(t.text.split('/')[0])),
  );
  if (first >= 0) {
    lead = 'verb';
    verbs.add(first);
    const formOf = (t: Term) => (/s$/i.test(t.text.split('/')[0]) ? thirdPerson : baseVerb);
    let form = formOf(terms[first]);
    const sameForm = (t: Term) => form(t) || ['is', 'has', 'does'].includes(t.text.toLowerCase());
    for (let i = first; i < terms.length - 1; i++) {
      const t = terms[i];
      const next = terms[i + 1];
      // "listens to (or reads)", "selects and applies", "Seeks out, confirms and understands",
      // "Knows the customer's issues and/or seeks information": a verb after a coordinator.
      if (COORD.has(next.text.toLowerCase())) {
        let k = i + 2;
        if (terms[k]?.text.toLowerCase() === 'otherwise') k++;
        if (terms[k] && MODALS.has(terms[k].text.toLowerCase()) && terms[k + 1] && baseVerb(terms[k + 1])) {
          // "... or may change a process": the modal goes, the verb takes the tense.
          terms[k] = { ...terms[k], text: '', post: '' };
          verbs.add(k + 1);
          continue;
        }
        const j = verbAfterAdverbs(terms, k, sameForm);
        const adjacent = verbs.has(i) || (i > first && isParticleRun(terms, first, i));
        const clauseFinal = j >= 0 && (endsClause(terms[j]) || j === terms.length - 1);
        // "responding to requests and issues." is a list of nouns, not two verbs.
        const inNounList = clauseFinal && LIST_LEAD.test(terms[i - 1]?.text ?? '');
        const isSubject = j >= 0 && AUXILIARY.test(terms[j + 1]?.text ?? ''); // "policies and practices are"
        if (j >= 0 && !isSubject && (adjacent || (terms[j].tags.includes('Verb') && !inNounList))) {
          verbs.add(j);
          continue;
        }
      }
      if (/[;]/.test(t.post)) {
        // A new clause after a semicolon starts with its own verb, in either form ("Develop ...;
        // identifies ...": sources mix them).
        const j = verbAfterAdverbs(terms, i + 1, (x) => sameForm(x) || thirdPerson(x) || baseVerb(x));
        if (j >= 0) {
          verbs.add(j);
          form = formOf(terms[j]);
        }
      } else if (/,/.test(t.post) && !endsClause(t)) {
        const j = verbAfterAdverbs(terms, i + 1, sameForm);
        if (
          j >= 0 &&
          !/[,.]/.test(terms[j].post) &&
          j + 1 < terms.length &&
          (terms[j].tags.includes('Verb') || seriesEndsInVerb(terms, j, sameForm))
        ) {
          verbs.add(j);
        }
      }
      // Stop at a sentence end, and at a colon: what follows it is a list of objects
      // ("Prepares reports: summaries, tables and charts"), not more verbs of this clause.
      if ((endsClause(t) && /[.!?]/.test(t.post)) || /:/.test(t.post)) break;
    }
  } else if (
    terms[start] &&
    (terms[start].tags.includes('PastTense') || terms[start].tags.includes('Participle')) &&
    !terms[start].tags.includes('Adjective') &&
    /^(out|up|as|by|for|to|in|on)$/i.test(terms[start + 1]?.text ?? '')
  ) {
    lead = 'participle';
  } else {
    // "As a member of the team, keeps ...": a leading phrase, then the verb.
    const comma = terms.findIndex((t, i) => i < 8 && /,/.test(t.post));
    if (
      comma >= 0 &&
      comma + 1 < terms.length &&
      (thirdPerson(terms[comma + 1]) || verbSuffix(terms[comma + 1]))
    ) {
      const prefix = terms.splice(0, comma + 1);
      prefix[prefix.length - 1] = { ...prefix[prefix.length - 1], post: '' };
      const moved = analyzeUncached(
        terms
          .map((t) => t.pre + t.text + t.post)
          .join('')
          .replace(/[.\s]+$/, '') +
          ' ' +
          prefix
            .map((t) => t.pre + t.text + t.post)
            .join('')
            .replace(/^./, (c) => c.toLowerCase()) +
          '.',
      );
      return { ...moved, source };
    }
  }
  return { terms, verbs, lead, source };
}

/** "Seeks out, confirms": the terms between the first verb and i are its particle/objects. */
function isParticleRun(terms: Term[], first: number, i: number): boolean {
  return i - first <= 1 && /^(out|up|through|on|off|in|back)$/i.test(terms[i].text);
}

/** "Makes decisions, sets priorities or chooses goals": a comma series whose last item is a verb. */
function seriesEndsInVerb(terms: Term[], j: number, accept: (t: Term) => boolean): boolean {
  for (let k = j + 1; k < terms.length; k++) {
    if (/[;.]/.test(terms[k - 1].post)) return false;
    if (
      COORD.has(terms[k].text.toLowerCase()) &&
      terms[k + 1] &&
      accept(terms[k + 1]) &&
      terms[k + 1].tags.includes('Verb')
    )
      return true;
  }
  return false;
}

const REFLEXIVE: Record<Person, string> = { first: 'myself', second: 'yourself', third: 'themselves' };
const POSSESSIVE: Record<Person, string> = { first: 'my', second: 'your', third: 'their' };
const OBJECT: Record<Person, string> = { first: 'me', second: 'you', third: 'them' };

/** 'plural': present tense after a plural subject ("candidates who are", "who have"). */
type TenseOrPlural = Tense | 'plural';

function inflect(word: string, tense: TenseOrPlural, person: Person): string {
  if (word.includes('/') && !/^(his\/her|him\/her)$/.test(word))
    return slashWords(
      word
        .split('/')
        .map((part) => inflect(part, tense, person))
        .join('/'),
    );
  return word
    .split('/')
    .map((part) => {
      const forms = verbForms(part);
      if (!forms) return part;
      if (tense === 'plural') return forms.base === 'be' ? 'are' : forms.base;
      if (forms.base === 'be') {
        if (tense === 'past') return person === 'third' ? 'was' : 'were';
        if (tense === 'third') return person === 'third' ? 'is' : person === 'first' ? 'am' : 'are';
      }
      if (tense === 'third' && person !== 'third') return forms.base;
      return forms[tense];
    })
    .join('/');
}

/**
 * The statement as a clause in the given tense and person, without its final period and with a
 * lower-case first letter (unless it starts with an acronym or a proper name the source capitalised mid-word).
 */
export function render(clause: Clause, tense: Tense, person: Person): string {
  return renderClause(clause, tense, person);
}

const POSSESSIVES = /^(my|your|his|her|its|our|their|one['’]s|his\/her)$|['’]s$/i;
/** After "own" as a verb: "own the outcome", "own up". */
const OWN_AS_VERB = /^(the|a|an|this|that|these|those|it|them|up|their|his|her|your|my|our)$/i;

/** render() with one more tense: 'plural' ("candidates who resolve ... and are relied on"). */
export function renderClause(clause: Clause, tense: TenseOrPlural, person: Person): string {
  const out = clause.terms.map((t, i) => {
    let text = t.text;
    if (clause.verbs.has(i)) text = inflect(text.toLowerCase(), tense, person);
    const lower = text.toLowerCase();
    const prev = clause.terms[i - 1];
    const next = clause.terms[i + 1];
    // "Manages self", "holds self and others accountable" (not "sense of self").
    if (
      lower === 'self' &&
      !/-$/.test(t.post) &&
      !(prev && /^of$/i.test(prev.text) && /^sense$/i.test(clause.terms[i - 2]?.text ?? ''))
    )
      text = REFLEXIVE[person];
    else if (lower === 'his/her' || lower === 'her/his') text = POSSESSIVE[person];
    else if (lower === 'him/her' || lower === 'her/him') text = OBJECT[person];
    else if (text.includes('/')) text = slashWords(text);
    else if (
      lower === 'own' &&
      !clause.verbs.has(i) &&
      i > 0 &&
      !POSSESSIVES.test(prev.text) &&
      !(next && OWN_AS_VERB.test(next.text) && /^(to|and|or|will|would|can)$/i.test(prev.text))
    )
      text = `${POSSESSIVE[person]} own`;
    return t.pre + text + t.post;
  });
  // The final period goes, also inside a closing quote ("“completed staff work.”"), so templates can
  // add their own punctuation without doubling it.
  let s = out
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '')
    .replace(/\.(["”’])$/, '$1');
  // A parenthesis the source forgot to close (an extraction or typing slip) is closed here.
  const open = (s.match(/\(/g) ?? []).length - (s.match(/\)/g) ?? []).length;
  if (open > 0) s += ')'.repeat(open);
  if (clause.lead === 'participle')
    s = `${inflect('is', tense, person)} ${s.charAt(0).toLowerCase()}${s.slice(1)}`;
  if (s && !/^[A-Z]{2}|^I\b/.test(s)) s = s.charAt(0).toLowerCase() + s.slice(1);
  return s;
}

/** Convenience: analyze + render. */
export function clause(statement: string, tense: Tense, person: Person): string {
  return render(analyze(statement), tense, person);
}

/** The statement's sentences ("Knows ... correctly. Verifies work ...") split apart. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?][”"’)]?)\s+(?=[A-Z“"])/)
    .map((s) => s.trim())
    .filter(Boolean);
}
