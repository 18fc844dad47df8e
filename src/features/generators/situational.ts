/** Situational questions: a realistic scenario built from a behavior and the job, with sample answers. */
import { render, sentences, analyze } from './clause.js';
import type { ResolvedLevel } from './levels.js';
import { ratingGuide } from './rating-guide.js';
import { performance, type Statement } from './statements.js';
import { article, finish, inSentence, pick } from './text.js';
import type { CompetencyLike, GeneratedItem, PositionContext, ScaleLike } from './types.js';

const SETUPS: ((need: string) => string)[] = [
  (need) =>
    `It is the end of a busy week. A situation comes up that calls on you to ${need}, and your supervisor is away until Monday.`,
  (need) =>
    `A colleague is out sick, the work is piling up, and you see that you need to ${need} before the end of the day.`,
  (need) =>
    `You are new to the team. On your second day you are asked to ${need} while everyone else is busy with an urgent deadline.`,
  (need) =>
    `A member of the public is waiting, two phones are ringing, and you realise that you have to ${need} now rather than later.`,
];

const WEAK = [
  'I would wait for my supervisor to come back and let them decide.',
  'I would do the minimum to get through the day and deal with the rest later if someone asks.',
  'I would pass it to a colleague, since it is not really my responsibility.',
];

/** A third-person performance description as a first-person intention ("I would also ..."). */
function firstPerson(description: string | undefined): string | undefined {
  const s = description ? sentences(description)[0] : undefined;
  if (!s) return undefined;
  const c = analyze(s);
  return c.lead === 'none' ? undefined : `I would also ${render(c, 'base', 'first')}.`;
}

export function situationalQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  scale: ScaleLike,
  context: PositionContext,
): GeneratedItem[] {
  const role = context.jobTitle ? `${article(context.jobTitle)} ${context.jobTitle}` : 'a member of the team';
  const where = context.organization ? ` at ${context.organization}` : '';
  // Start further down the pool than the behavioral questions, so the two kinds differ.
  const chosen = pool.length > 2 ? [...pool.slice(2), ...pool.slice(0, 2)].slice(0, 2) : pool.slice(0, 2);
  const items: GeneratedItem[] = chosen.map((s) => {
    const need = render(s.clause, 'base', 'second');
    const seed = `${c.key}|${level.value}|${s.text}`;
    const acceptable = [
      `I would ${render(s.clause, 'base', 'first')}, following our usual procedures, and tell my supervisor what I did.`,
      firstPerson(performance(c, 'satisfactory')),
    ]
      .filter(Boolean)
      .join(' ');
    const strong = [
      `Straight away, I would ${render(s.clause, 'base', 'first')}. Then I would check that it had worked and keep everyone affected informed.`,
      firstPerson(performance(c, 'superior')) ??
        `Afterwards I would look at why it happened and suggest a way to prevent it next time.`,
    ].join(' ');
    return {
      kind: 'situational',
      level: level.value,
      text: `You are ${role}${where}. ${pick(SETUPS, seed)(need)} What would you do?`,
      sampleAnswers: { weak: pick(WEAK, seed, 'weak'), acceptable, strong },
      ratingGuide: ratingGuide(c, level, s, scale),
      source: s.source,
    };
  });
  if (!items.length && c.kind !== 'core-value') {
    const v = inSentence(c.name);
    items.push({
      kind: 'situational',
      level: level.value,
      text: `You are ${role}${where}. A customer is upset because an earlier request fell through the cracks, and the usual process does not fit their situation. Your supervisor is not available. What would you do?`,
      sampleAnswers: {
        weak: 'I would tell the customer to submit the request again and wait.',
        acceptable:
          'I would apologise, find out what happened to the request, and make sure it is dealt with today.',
        strong: `I would apologise, find out what happened, deal with the request myself or hand it to the right person with the full story, follow up with the customer, and suggest a change so it does not happen again. That is what ${v} means here.`,
      },
      ratingGuide: ratingGuide(c, level, undefined, scale),
      source: c.definition ? 'definition' : 'competency name',
    });
  }
  if (!items.length) {
    const v = inSentence(c.name);
    items.push({
      kind: 'situational',
      level: level.value,
      text: finish(
        `You are ${role}${where}. A colleague suggests a shortcut that would save time but goes against ${v}. The deadline is close and your supervisor is not available. What would you do?`,
        '?',
      ),
      sampleAnswers: {
        weak: 'I would take the shortcut, since the deadline matters most.',
        acceptable: `I would decline the shortcut, explain why it conflicts with ${v}, and finish the work properly.`,
        strong: `I would decline the shortcut, explain why it conflicts with ${v}, find another way to meet the deadline, and raise the issue afterwards so it does not come up again.`,
      },
      ratingGuide: ratingGuide(c, level, undefined, scale),
      source: 'competency name',
    });
  }
  return items;
}
