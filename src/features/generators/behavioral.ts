/** Behavioral (past-behavior) questions with Situation / Action / Result probes and a rating guide. */
import { render } from './clause.js';
import type { ResolvedLevel } from './levels.js';
import { ratingGuide } from './rating-guide.js';
import type { Statement } from './statements.js';
import { inSentence, pick } from './text.js';
import type { CompetencyLike, GeneratedItem, Probes, ScaleLike } from './types.js';

const OPENINGS: ((past: string, base: string) => string)[] = [
  (past) => `Tell me about a time when you ${past}.`,
  (past) => `Give me an example of a time you ${past}.`,
  (_past, base) => `Describe a specific situation in which you had to ${base}. How did you handle it?`,
  (past) => `Walk me through a recent occasion when you ${past}.`,
  (_past, base) => `Think of a time when you needed to ${base}. What was the situation, and what did you do?`,
];

const SITUATION = [
  'What was the situation, and what made it challenging?',
  'When was this, and what was your role?',
  'Who else was involved, and what did they expect of you?',
];
const RESULT = [
  'What was the outcome?',
  'How did you know that it had worked?',
  'Looking back, what would you do differently?',
  'What did others say about the result?',
];

function probes(s: Statement, seed: string): Probes {
  const base = render(s.clause, 'base', 'second');
  const two = <T>(xs: T[], salt: string) => {
    const first = pick(xs, seed, salt);
    const rest = xs.filter((x) => x !== first);
    return [first, pick(rest, seed, salt, 2)];
  };
  return {
    situation: two(SITUATION, 's'),
    action: [
      `What exactly did you do to ${base}?`,
      pick(
        [
          'Why did you choose that approach?',
          'What did you do yourself, as opposed to others on the team?',
          'What obstacles did you meet, and how did you deal with them?',
        ],
        seed,
        'a',
      ),
    ],
    result: two(RESULT, 'r'),
  };
}

/** Questions for competencies that name a quality but describe no behavior. */
const SKILL_QUESTIONS: ((v: string) => string)[] = [
  (v) => `Tell me about a time when your ${v} made a difference for a customer or a colleague.`,
  (v) => `Describe a situation in which your ${v} was tested under pressure. What did you do?`,
  (v) => `Give me an example of something you did at work that shows your ${v} at its best.`,
  (v) => `Tell me about a time when you had to improve your ${v}. What did you change?`,
];

/** Questions for core values: named, not described, by the source. */
const VALUE_QUESTIONS: ((v: string) => string)[] = [
  (v) => `Tell me about a time when ${v} made a real difference to the result of your work.`,
  (v) => `Describe a situation at work in which living up to ${v} was difficult. What did you do?`,
  (v) => `Give me an example of how ${v} showed in the way you served a customer or a colleague.`,
  (v) => `Tell me about a decision at work where ${v} guided what you did.`,
];

export function behavioralQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  scale: ScaleLike,
): GeneratedItem[] {
  const items: GeneratedItem[] = [];
  const used = new Set<number>();
  for (const s of pool.slice(0, 4)) {
    const past = render(s.clause, 'past', 'second');
    const base = render(s.clause, 'base', 'second');
    // A different opening for each question of a guide, chosen by a stable hash.
    let k = pick(
      OPENINGS.map((_, i) => i),
      c.key,
      level.value,
      s.text,
    );
    while (used.has(k) && used.size < OPENINGS.length) k = (k + 1) % OPENINGS.length;
    used.add(k);
    items.push({
      kind: 'behavioral',
      level: level.value,
      text: OPENINGS[k](past, base),
      probes: probes(s, `${c.key}|${level.value}|${s.text}`),
      ratingGuide: ratingGuide(c, level, s, scale),
      source: s.source,
    });
  }
  const v = inSentence(c.name);
  const fallback = c.kind === 'core-value' ? VALUE_QUESTIONS : SKILL_QUESTIONS;
  for (let i = 0; items.length < 3 && i < fallback.length; i++) {
    const q = fallback[(i + (pick([0, 1, 2, 3], c.key) as number)) % fallback.length](v);
    items.push({
      kind: 'behavioral',
      level: level.value,
      text: q,
      probes: {
        situation: [SITUATION[i % 3], SITUATION[(i + 1) % 3]],
        action: ['What exactly did you do?', 'Why did you act that way?'],
        result: [RESULT[i % 4], RESULT[(i + 2) % 4]],
      },
      ratingGuide: ratingGuide(c, level, undefined, scale),
      source: c.definition ? 'definition' : 'competency name',
    });
  }
  return items;
}
