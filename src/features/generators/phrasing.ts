/**
 * Safe phrasing on top of clause.ts: a statement rendered for a template only when the render is
 * clean (one clause, no leftover list after ";", passes lint); otherwise undefined, so the caller
 * chooses another template instead of emitting broken text.
 */
import { analyze, render, sentences, type Clause } from './clause.js';
import { lint } from './lint.js';
import type { Statement } from './statements.js';
import { verbForms } from './verbs.js';
import type { CompetencyLike } from './types.js';

const linted = new Map<string, boolean>();

/** The text when it passes every language rule, else undefined (guides repeat lines: cached). */
export function clean(text: string): string | undefined {
  let ok = linted.get(text);
  if (ok === undefined) {
    ok = !lint(text).length;
    if (linted.size > 50_000) linted.clear();
    linted.set(text, ok);
  }
  return ok ? text : undefined;
}

/** The first candidate text that passes lint. */
export function firstClean(...texts: (string | undefined)[]): string | undefined {
  for (const t of texts) if (t && clean(t)) return t;
  return undefined;
}

/** A verb phrase from the clause, or undefined when it would not read as one clause. */
export function phrase(
  clause: Clause,
  tense: 'base' | 'past',
  person: 'second' | 'third',
  allowNegative = false,
): string | undefined {
  if (clause.lead === 'none') return undefined;
  const s = render(clause, tense, person);
  if (!s || /;|[.!?]\s|:\s/.test(s)) return undefined;
  if (!allowNegative && /^(not|never|do not|does not|did not|fail|fails|failed)\b/i.test(s)) return undefined;
  return s;
}

/** "did not follow up" / "was not easy to reach" (never "did not be"); undefined for a negative. */
export function didNot(clause: Clause, person: 'second' | 'third' = 'third'): string | undefined {
  const base = phrase(clause, 'base', person);
  if (!base) return undefined;
  const be = /^be\b\s*/i.exec(base);
  if (be) return `${person === 'third' ? 'was' : 'were'} not ${base.slice(be[0].length)}`;
  return `did not ${base}`;
}

/** "would not be easy to reach" / "would not follow up". */
export function wouldNot(clause: Clause): string | undefined {
  const base = phrase(clause, 'base', 'third');
  return base ? `would not ${base}` : undefined;
}

/**
 * "Meeting and exceeding customer needs" -> "Meets and exceeds customer needs": definitions are
 * often written with gerunds; as third-person statements they analyse like indicators.
 */
function gerundToThird(sentence: string): string {
  const words = sentence.split(' ');
  const third = (w: string) => {
    const f = verbForms(w.replace(/[^a-z-]/gi, ''));
    return f && f.gerund === w.toLowerCase().replace(/[^a-z-]/g, '') ? w.replace(/^[a-z-]+/i, f.third) : null;
  };
  const first = third(words[0]);
  if (!first) return sentence;
  words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  // "... carefully and accounting for ...": a gerund right after a coordinator is the next verb.
  for (let i = 2; i < words.length; i++)
    if (/^(and|or)$/i.test(words[i - 1])) words[i] = third(words[i]) ?? words[i];
  return words.join(' ');
}

/** The definition's sentences as statements: "The ability to plan work" -> "Plans work". */
export function definitionStatements(c: CompetencyLike): Statement[] {
  if (!c.definition?.trim()) return [];
  const out: Statement[] = [];
  sentences(c.definition).forEach((raw, i) => {
    let s = raw
      .trim()
      .replace(/[“”"]/g, '')
      .replace(/^(the\s+)?(ability|capacity|willingness|skill)\s+to\s+/i, '')
      // "A commitment to satisfying customers" -> "Is committed to satisfying customers".
      .replace(/^(a\s+|an\s+)?(strong\s+)?(commitment|dedication)\s+to\s+/i, (_m, _a, _s, w: string) =>
        /^dedication$/i.test(w) ? 'Is dedicated to ' : 'Is committed to ',
      );
    s = gerundToThird(s.charAt(0).toUpperCase() + s.slice(1));
    const clause = analyze(s);
    if (clause.lead !== 'none')
      out.push({ text: s, clause, source: `definition${i ? ` (sentence ${i + 1})` : ''}` });
  });
  return out;
}

/** A statement from plain text, when it starts with a verb. */
export function statementOf(text: string | null | undefined, source: string): Statement | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  const clause = analyze(sentences(t)[0] ?? t);
  return clause.lead === 'none' ? undefined : { text: t, clause, source };
}
