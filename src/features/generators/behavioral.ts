/**
 * Behavioral (past-behavior) questions: each asks for one recent, real example (the last two
 * years) of one behavior of the competency, in a situation as hard as the required level calls for
 * (routine request .. change to policy led), with scripted Situation / Action / Result probes about
 * that example and a rating guide anchored in the behavior the question came from.
 */
import { difficultyOf, type Difficulty, type ResolvedLevel } from './levels.js';
import { definitionStatements, firstClean, phrase, statementOf } from './phrasing.js';
import { ratingGuide } from './rating-guide.js';
import type { Statement } from './statements.js';
import { inSentence, pick, stableHash } from './text.js';
import { prewarmWords } from './verbs.js';
import type { CompetencyLike, GeneratedItem, KeySkillLike, Probes, ScaleLike } from './types.js';

type Template = (past: string, base: string, d: Difficulty) => string;

/** Question templates for a behavior; the level's situation is part of every one. */
const TEMPLATES: Template[] = [
  (_p, base, d) =>
    `Tell us about a time in the last two years when, ${d.setting}, you had to ${base}. What was the situation, and what did you do?`,
  (past, _b, d) =>
    `Describe a recent example, from the last two years, of a time you ${past} ${d.setting}. What did you do, and what was the result?`,
  (past, _b, d) =>
    `Think of ${d.situation} in the last two years in which you ${past}. What happened, and what was your part in it?`,
  (_p, base, d) =>
    `Give us a specific example from the last two years of ${d.situation} that required you to ${base}. What did you do?`,
];

/** Questions about a quality named but not described as a behavior (the name or a key skill). */
const NAMED: ((v: string, d: Difficulty) => string)[] = [
  (v, d) =>
    `Tell us about ${d.situation} in the last two years that tested your ${v}. What was the situation, and what did you do?`,
  (v, d) =>
    `Describe a recent example, from the last two years, of ${d.situation} in which your ${v} made a difference. What did you do, and what was the result?`,
  (v, d) =>
    `Give us a specific example from the last two years of ${d.situation} where you had to rely on your ${v}. What did you do?`,
];

/** Core values: named, not described, by the source. */
const VALUES: ((v: string, d: Difficulty) => string)[] = [
  (v, d) =>
    `Tell us about ${d.situation} in the last two years where ${v} guided what you did. What was the situation, and what did you do?`,
  (v, d) =>
    `Describe a recent example, from the last two years, of ${d.situation} in which living up to ${v} was difficult. What did you do?`,
  (v, d) =>
    `Give us a specific example from the last two years of ${d.situation} where ${v} made a real difference to the result. What did you do?`,
];

const SITUATION = [
  'When was this, and what was your role?',
  'What made it difficult?',
  'Who else was involved, and what did they expect of you?',
];
const RESULT = [
  'What was the outcome?',
  'How did you know that it had worked?',
  'What did others say about the result?',
  'What did you do afterwards to follow up?',
];

function probes(seed: string, d: Difficulty, base?: string): Probes {
  const two = <T>(xs: T[], salt: string) => {
    const first = pick(xs, seed, salt);
    const rest = xs.filter((x) => x !== first);
    return [first, pick(rest, seed, salt, 2)];
  };
  const own =
    base && !/^(be|have)\b/i.test(base) ? firstClean(`What exactly did you do to ${base}?`) : undefined;
  return {
    situation: two(SITUATION, 's'),
    action: [own ?? 'What exactly did you do yourself, and why?', d.probe],
    result: two(RESULT, 'r'),
  };
}

/** The key skill's statements at the level's relative position, else its indicators and definition. */
function skillStatements(skill: KeySkillLike, level: ResolvedLevel): Statement[] {
  const levels = skill.levels ?? [];
  const at = levels.length ? levels[Math.round(level.position * (levels.length - 1))] : undefined;
  const source = `key skill “${skill.name}”`;
  return [
    ...(at?.indicators ?? []).map((t, i) => statementOf(t, `${source} level indicator ${i + 1}`)),
    statementOf(at?.description, `${source} level description`),
    ...(skill.indicators ?? []).map((t, i) => statementOf(t, `${source} indicator ${i + 1}`)),
    statementOf(skill.definition, `${source} definition`),
  ].filter((s): s is Statement => !!s);
}

export function behavioralQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  scale: ScaleLike,
): GeneratedItem[] {
  const d = difficultyOf(level);
  // One compromise parse for the words the guides will analyse (one parse per word is far slower).
  prewarmWords([
    c.definition ?? '',
    ...(c.ineffectiveBehaviors ?? []),
    ...(c.effectiveBehaviors ?? []),
    ...(c.keyElements ?? []).flatMap((k) => k.distinguishingBehaviors ?? []),
    ...(c.keySkills ?? []).flatMap((k) => [
      k.definition ?? '',
      ...(k.indicators ?? []),
      ...(k.levels ?? []).flatMap((l) => [l.description ?? '', ...(l.indicators ?? [])]),
    ]),
  ]);
  const items: GeneratedItem[] = [];
  const texts = new Set<string>();
  let turn = stableHash(c.key, level.value);
  const add = (text: string, s: Statement | undefined, source: string, base?: string, name?: string) => {
    texts.add(text);
    items.push({
      kind: 'behavioral',
      level: level.value,
      text,
      probes: probes(`${c.key}|${level.value}|${text}`, d, base),
      ratingGuide: ratingGuide(c, level, s, scale, { name }),
      source,
    });
  };
  /** Asks about a statement with the next template that renders cleanly; false when none does. */
  const ask = (s: Statement, source = s.source): boolean => {
    const past = phrase(s.clause, 'past', 'second');
    const base = phrase(s.clause, 'base', 'second');
    if (!past || !base) return false;
    // A long or listed behavior is not followed by the situation (template 1 puts it last).
    const long = past.includes(',') || past.split(' ').length > 10;
    for (let k = 0; k < TEMPLATES.length; k++) {
      const t = (turn + k) % TEMPLATES.length;
      if (long && t === 1) continue;
      const text = firstClean(TEMPLATES[t](past, base, d));
      if (text && !texts.has(text)) {
        turn += k + 1;
        add(text, s, source, base);
        return true;
      }
    }
    return false;
  };
  const askNamed = (
    v: string,
    templates: typeof NAMED,
    source: string,
    s?: Statement,
    name?: string,
  ): boolean => {
    for (let k = 0; k < templates.length; k++) {
      const text = firstClean(templates[(turn + k) % templates.length](v, d));
      if (text && !texts.has(text)) {
        turn += k + 1;
        add(text, s, source, undefined, name);
        return true;
      }
    }
    return false;
  };

  const definition = definitionStatements(c);
  let asked = 0;
  for (const s of [...pool, ...definition]) {
    if (asked >= 4) break;
    if (ask(s)) asked++;
  }
  // Key skills: questions of their own, two at most, rotated by level so each level covers others.
  const skills = (c.keySkills ?? []).filter((k) => k.name?.trim());
  const shift = skills.length ? stableHash(c.key, 'skills', level.value) % skills.length : 0;
  for (const skill of [...skills.slice(shift), ...skills.slice(0, shift)].slice(0, 2)) {
    const own = skillStatements(skill, level);
    if (!own.some((s) => ask(s)))
      askNamed(inSentence(skill.name), NAMED, `key skill “${skill.name}”`, own[0], skill.name);
  }
  const v = inSentence(c.name);
  const fallback = c.kind === 'core-value' ? VALUES : NAMED;
  const source = c.definition ? 'definition' : 'competency name';
  for (let i = 0; items.length < 3 && i < fallback.length; i++)
    askNamed(v, fallback, source, definition[i % Math.max(1, definition.length)]);
  return items;
}
