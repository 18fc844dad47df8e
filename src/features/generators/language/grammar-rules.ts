/**
 * The grammar rules of the quality gate that look past the start of a sentence: agreement after
 * "you", "they", "the candidate" and "who" wherever they stand, "did ... be", "to" before a finite
 * verb, bare "own"/"self", a third-person verb left after ";" in text that speaks to "you", and
 * slash-joined words. Each rule lists only forms that are wrong in any professional sentence, so
 * good text is never flagged (the tests hold a set of good sentences for that).
 */
import { verbForms, wordTags } from '../verbs.js';

export interface GrammarProblem {
  rule: string;
  message: string;
}

/** "follows", "is", "has" (but not "yours", "focus", "discuss", "others" or "themselves"). */
export function isThirdPersonVerb(word: string): boolean {
  const w = word.toLowerCase();
  if (['is', 'was', 'has', 'does'].includes(w)) return true;
  if (!/[^s]s$/.test(w) || /(us|is|ics|ys)$/.test(w) || w === 'yours') return false;
  const forms = verbForms(w);
  return !!forms && forms.base !== w && forms.third === w && wordTags(w).includes('Verb');
}

const ADVERB = /^(\w+ly|never|always|also|then|often|still|just|first|really|actually|ever|once|now)$/i;
const BASE_GOVERNOR =
  /^(would|could|can|will|should|must|may|might|did|do|does|didn['’]t|don['’]t|doesn['’]t|to|cannot|shall)$/i;
/** Verbs that are wrong after a coordinator once the subject's first verb is finite. */
const FINITE_SINGULAR = /^(is|has|does|was)$/i;
const NON_THIRD_ONLY = /^(are|were|have|do|be)$/i;
const SUBORDINATOR =
  /^(that|which|who|whom|whose|when|because|if|while|where|whether|so|but|although|though|unless|until|after|before|since|as|what|how|why)$/;
const POSSESSIVE = /^(my|your|his|her|its|our|their|one['’]s|whose)$|['’]s$/i;
const OWN_VERB_OBJECT = /^(the|a|an|this|that|these|those|it|them|up|their|his|her|your|my|our|any|every)$/i;

interface Word {
  text: string;
  lower: string;
  /** Punctuation right after the word (ends a clause when it holds . ; ? ! :). */
  post: string;
}

function words(sentence: string): Word[] {
  return [...sentence.matchAll(/([A-Za-z][A-Za-z'’-]*)([^A-Za-z]*)/g)].map((m) => ({
    text: m[1],
    lower: m[1].toLowerCase(),
    post: m[2],
  }));
}

const endsClause = (w: Word) => /[.;?!:]/.test(w.post);

/** The next word after i, skipping adverbs; -1 at a clause end. */
function nextVerbSlot(ws: Word[], i: number): number {
  let j = i + 1;
  while (j < ws.length && ADVERB.test(ws[j].lower) && !endsClause(ws[j - 1])) j++;
  return j < ws.length && !endsClause(ws[j - 1]) ? j : -1;
}

type Subject = 'plural' | 'singular';

/** Subjects whose verb must agree: you/they/"candidates who" (plural), "the candidate" (singular). */
function subjectAt(ws: Word[], i: number): Subject | undefined {
  const w = ws[i].lower;
  if (w === 'you' || w === 'they') return 'plural';
  if (w === 'candidate' && ws[i - 1]?.lower === 'the' && !/[’']/.test(ws[i].text)) return 'singular';
  if (
    w === 'who' &&
    i > 0 &&
    /^(candidates|people|those|applicants|employees|staff|others)$/.test(ws[i - 1].lower)
  )
    return 'plural';
  return undefined;
}

function agreement(ws: Word[], add: (rule: string, message: string) => void): void {
  for (let i = 0; i < ws.length; i++) {
    const subject = subjectAt(ws, i);
    if (!subject || endsClause(ws[i])) continue;
    const j = nextVerbSlot(ws, i);
    if (j < 0) continue;
    const first = ws[j].lower;
    const who = `${ws[i].text} ${ws[j].text}`;
    // "Did you ...", "Does the candidate have ...": a question's auxiliary governs the verb.
    const before = ws[subject === 'singular' ? i - 2 : i - 1];
    const governed = !!before && BASE_GOVERNOR.test(before.lower) && ws[i].lower !== 'who';
    if (governed) {
      if (isThirdPersonVerb(first) || /^(was|were|are)$/.test(first))
        add('person', `a finite verb where the base form belongs: "${before.text} ${who}"`);
    } else if (
      subject === 'plural' &&
      (isThirdPersonVerb(first) || (first === 'was' && ws[i].lower !== 'who'))
    )
      add('person', `verb does not agree with its subject: "${who}"`);
    else if (subject === 'singular' && NON_THIRD_ONLY.test(first))
      add('person', `verb does not agree with "the candidate": "${who}"`);
    // The verbs coordinated with the first one keep its form: "who resolve ... and are relied on".
    const finite =
      !governed && !BASE_GOVERNOR.test(first) && !/^(had|has|have|need|needed|needs|used|ought)$/.test(first);
    for (let k = j + 1; k < ws.length - 1 && !endsClause(ws[k - 1]); k++) {
      // A subordinate clause has a subject of its own: stop there.
      if (SUBORDINATOR.test(ws[k].lower)) break;
      if (!/^(and|or)$/.test(ws[k].lower)) continue;
      const v = nextVerbSlot(ws, k);
      if (v < 0) continue;
      const w = ws[v].lower;
      if (finite && w === 'be' && !BASE_GOVERNOR.test(ws[v - 1].lower))
        add('person', `"be" after a finite verb: "${ws[k].text} ${ws[v].text}"`);
      else if (subject === 'plural' && FINITE_SINGULAR.test(w))
        add('person', `verb does not agree with "${ws[i].text}": "${ws[k].text} ${ws[v].text}"`);
      else if (!finite && FINITE_SINGULAR.test(w))
        add('person', `a finite verb where the base form belongs: "${ws[k].text} ${ws[v].text}"`);
    }
  }
}

/** "did not be", "did Jordan Rivera be": "did" governs a base verb, and "be" never follows it. */
function didBe(ws: Word[], add: (rule: string, message: string) => void): void {
  ws.forEach((w, i) => {
    if (w.lower !== 'did') return;
    for (let k = i + 1; k <= i + 5 && k < ws.length && !endsClause(ws[k - 1]); k++) {
      if (BASE_GOVERNOR.test(ws[k].lower) || /^(had|need|needed|have|going)$/.test(ws[k].lower)) return;
      if (ws[k].lower === 'be') {
        add(
          'did-be',
          `"did ... be": "${ws
            .slice(i, k + 1)
            .map((x) => x.text)
            .join(' ')}"`,
        );
        return;
      }
    }
  });
}

export function grammarProblems(text: string): GrammarProblem[] {
  const problems: GrammarProblem[] = [];
  const add = (rule: string, message: string) => problems.push({ rule, message });
  // Cheap tests first: most texts have none of the words a rule starts from.
  const subjects = /\b(you|they|candidates?|who)\b/i.test(text);
  const did = /\bdid\b/i.test(text) && /\bbe\b/i.test(text);
  for (const s of text.split(/(?<=[.?!])\s+/)) {
    if (subjects || did) {
      const ws = words(s);
      if (subjects) agreement(ws, add);
      if (did) didBe(ws, add);
    }
    // "to do not interrupt", "to is": "to" takes the base form.
    const to = /\bto\s+(?:(?:do|does|did)\s+not|is|are|was|were|has|does|did)\b/i.exec(s);
    if (to) add('to-finite', `"to" before a finite verb: "${to[0]}"`);
    // A clause after ";" or ":" keeping the source's third-person verb where the sentence speaks to "you".
    const semi = s.search(/[;:]/);
    // Only where "you" is the last subject before it ("would you say that Jordan handles ...: listens" is fine).
    const lastYou = semi > 0 ? s.slice(0, semi).search(/\byou\b(?!.*\byou\b)/i) : -1;
    const otherSubject = /\b(that|who|the candidate|he|she|they|it|[A-Z][a-z]+)\b/;
    if (lastYou >= 0 && !otherSubject.test(s.slice(lastYou + 3, semi))) {
      const after = words(s.slice(semi + 1));
      const v = after.findIndex((w) => !ADVERB.test(w.lower));
      if (v >= 0 && isThirdPersonVerb(after[v].lower))
        add('person', `third-person verb after "${s.charAt(semi)}": "${after[v].text}"`);
    }
  }
  const ws = /\bown\b/i.test(text) ? words(text) : [];
  ws.forEach((w, i) => {
    const prev = ws[i - 1];
    const next = ws[i + 1];
    if (w.lower === 'own' && !(prev && POSSESSIVE.test(prev.text))) {
      const asVerb =
        next && OWN_VERB_OBJECT.test(next.lower) && (!prev || !/^(of|in|on|for|with)$/.test(prev.lower));
      if (!asVerb && !(prev && /-$/.test(prev.post)) && !/^-/.test(w.post))
        add(
          'bare-own',
          `a bare "own" (whose?): "${[prev?.text, w.text, next?.text].filter(Boolean).join(' ')}"`,
        );
    }
  });
  const stripped = !/\bself\b/i.test(text)
    ? ''
    : text
        .replace(/\b(your|him|her|them|it|my|one|our|their)self\b/gi, '')
        .replace(
          /\bself[- ](interest|esteem|awareness|control|confidence|service|starter|motivated|directed|assessment|evaluation|development|management|review|care)/gi,
          '',
        )
        .replace(/\bsense of self\b/gi, '');
  if (/(^|[^-\w])self\b(?!-)/i.test(stripped))
    add('bare-self', 'a bare "self" (should be yourself/themselves)');
  for (const m of text.matchAll(/\b([A-Za-z][a-z'’-]*)\/([A-Za-z][a-z'’-]*)\b/g)) {
    if (/^[A-Z]{1,3}$/.test(m[1]) && /^[A-Z]{1,3}$/.test(m[2])) continue;
    add('slash', `slash-joined words: "${m[0]}" (write them as words)`);
  }
  return problems;
}
