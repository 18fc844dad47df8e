/**
 * Renders an analysed statement into the form a template needs, or refuses with a reason when
 * that form cannot be written correctly (the caller then picks another template; it never gets
 * an approximation). Every rendering is also checked in its template frame by lint().
 *
 * Targets (the frame each is written for):
 * - 'past'          "Tell me about a time you ___."       (person: second by default, or first)
 * - 'base'          "How would you ___?" / "to ___"       (person: second by default, or first)
 * - 'gerund'        "Experience ___." / "your approach to ___"
 * - 'third'         "Jordan ___." (present, references)
 * - 'candidate'     "The candidate ___." (past, rating-guide anchors)
 * - 'candidate-not' "The candidate ___." (the same, negated: "did not resolve", "was not trusted")
 * - 'plural'        "Candidates who ___." (qualification statements)
 */
import { renderClause, type Person } from '../clause.js';
import { lint } from '../lint.js';
import { analyzeStatement, type StatementAnalysis, type StatementPart } from './analysis.js';

export type RenderTarget = 'past' | 'base' | 'gerund' | 'third' | 'candidate' | 'candidate-not' | 'plural';

export type Rendering = { ok: true; text: string } | { ok: false; reason: string };

const FRAMES: Record<RenderTarget, (x: string) => string> = {
  past: (x) => `Tell me about a time you ${x}.`,
  base: (x) => `How would you ${x}?`,
  gerund: (x) => `Describe your approach to ${x}.`,
  third: (x) => `Jordan ${x}.`,
  candidate: (x) => `The candidate ${x}.`,
  'candidate-not': (x) => `The candidate ${x}.`,
  plural: (x) => `Candidates who ${x}.`,
};

const refuse = (reason: string): Rendering => ({ ok: false, reason });

/** The verbs a clause inflects, lower-cased. */
const verbsOf = (p: StatementPart) =>
  [...(p.clause?.verbs ?? [])].map((i) => p.clause!.terms[i].text.toLowerCase());

function renderPart(p: StatementPart, target: RenderTarget, person: Person): Rendering {
  const c = p.clause;
  if (!c) return refuse(`a ${p.form} statement has no verb phrase to render`);
  const r = (tense: Parameters<typeof renderClause>[1], who: Person = person) => renderClause(c, tense, who);
  const ok = (text: string): Rendering => ({ ok: true, text });
  if (p.form === 'negated') {
    const never = p.negation === 'never';
    switch (target) {
      case 'past':
        return ok(never ? `never ${r('past')}` : `did not ${r('base')}`);
      case 'base':
        return ok(`avoid ${r('gerund')}`);
      case 'gerund':
        return ok(`${never ? 'never' : 'not'} ${r('gerund')}`);
      case 'third':
        return ok(never ? `never ${r('third', 'third')}` : `does not ${r('base', 'third')}`);
      case 'candidate':
        return ok(never ? `never ${r('past', 'third')}` : `did not ${r('base', 'third')}`);
      case 'candidate-not':
        return ok(r('past', 'third'));
      case 'plural':
        return ok(never ? `never ${r('plural', 'third')}` : `do not ${r('base', 'third')}`);
    }
  }
  if (p.form === 'ability') {
    switch (target) {
      case 'third':
        return ok(`is able to ${r('base', 'third')}`);
      case 'candidate':
        return ok(`was able to ${r('base', 'third')}`);
      case 'candidate-not':
        return ok(`was not able to ${r('base', 'third')}`);
      case 'plural':
        return ok(`are able to ${r('base', 'third')}`);
      default:
        return renderPart({ ...p, form: 'imperative' }, target, person);
    }
  }
  // A state is not an event: "a time you had sound knowledge of ..." asks about nothing.
  if (p.form === 'stative' && target === 'past')
    return refuse(
      'a stative statement ("has", "knows", "is easy ...") cannot be asked about as a past event',
    );
  switch (target) {
    case 'past':
      return ok(r('past'));
    case 'base':
      return ok(r('base'));
    case 'gerund':
      return ok(r('gerund'));
    case 'third':
      return ok(r('third', 'third'));
    case 'candidate':
      return ok(r('past', 'third'));
    case 'plural':
      return ok(r('plural', 'third'));
    case 'candidate-not': {
      const verbs = verbsOf(p);
      if (verbs.length > 1)
        return refuse('several verbs cannot be negated together without changing the meaning');
      const past = r('past', 'third');
      if (p.form === 'passive' || /^(is|are|be)$/.test(verbs[0] ?? '') || /^was\b/.test(past))
        return /^was\b/.test(past)
          ? ok(past.replace(/^was\b/, 'was not'))
          : refuse('no leading "was" to negate');
      if (verbs.length === 1 && past.split(' ').length > 0) return ok(`did not ${r('base', 'third')}`);
      return refuse('no verb to negate');
    }
  }
}

/** Joins rendered parts: "A and B", "A, B and C" (semicolons when a part holds a comma). */
function join(texts: string[], colon: boolean): string {
  if (colon) return `${texts[0]}: ${texts.slice(1).join(', ')}`;
  if (texts.length === 1) return texts[0];
  const sep = texts.some((t) => t.includes(',')) ? '; ' : ', ';
  return (
    texts.slice(0, -1).join(sep) + (texts.length > 2 ? sep.trim() : '') + ' and ' + texts[texts.length - 1]
  );
}

const renderings = new Map<string, Rendering>();

/** Renders `statement` (text or analysis) for `target`; `person` is who "self"/"own" refer to. */
export function renderStatement(
  statement: string | StatementAnalysis,
  target: RenderTarget,
  person: Person = target === 'past' || target === 'base' || target === 'gerund' ? 'second' : 'third',
): Rendering {
  const a = typeof statement === 'string' ? analyzeStatement(statement) : statement;
  const key = `${target}|${person}|${a.source}`;
  let known = renderings.get(key);
  if (!known) {
    known = renderUncached(a, target, person);
    if (renderings.size > 50_000) renderings.clear();
    renderings.set(key, known);
  }
  return known;
}

function renderUncached(a: StatementAnalysis, target: RenderTarget, person: Person): Rendering {
  const bad = a.parts.find((p) => p.form === 'noun-phrase' || p.form === 'own-subject');
  if (!a.parts.length || bad)
    return refuse(
      bad?.form === 'own-subject'
        ? 'a clause has a subject of its own'
        : 'the statement has no verb (a noun phrase)',
    );
  if (target === 'candidate-not' && a.parts.length > 1)
    return refuse('several clauses cannot be negated together without changing the meaning');
  const texts: string[] = [];
  for (const p of a.parts) {
    const r = renderPart(p, target, person);
    if (!r.ok) return r;
    texts.push(r.text);
  }
  const text = join(texts, a.shape === 'colon-list');
  const problems = lint(FRAMES[target](text));
  if (problems.length)
    return refuse(`the rendering fails the quality gate: ${problems.map((p) => p.message).join('; ')}`);
  return { ok: true, text };
}

/** renderStatement's text, or undefined when the form cannot be rendered correctly. */
export function renderOrUndefined(
  statement: string | StatementAnalysis,
  target: RenderTarget,
  person?: Person,
): string | undefined {
  const r = renderStatement(statement, target, person);
  return r.ok ? r.text : undefined;
}
