/**
 * Reference-check questions as a professional would send them: an opening (how the referee knows
 * the candidate, for how long, in what role, and whether they could observe the work), per
 * competency a rating compared with others in similar roles (with "Not observed") and a request for
 * an example, and a closing (strengths, areas for development, supervision needed, rehire or work
 * together again, anything else). Worded for the referee's relationship when it is known; without
 * one (a position's template, sent to every kind of referee) the wording fits every relationship.
 */
import type { ResolvedLevel } from './levels.js';
import { firstClean, phrase } from './phrasing.js';
import type { Statement } from './statements.js';
import { inSentence, possessive, ucFirst } from './text.js';
import type { CompetencyLike, GeneratedItem, PositionContext, ReferenceRelationship } from './types.js';

export const REFERENCE_RATING_OPTIONS = [
  'Well below',
  'Below',
  'Comparable',
  'Above',
  'Well above',
  'Not observed',
];

type Wording = {
  /** "Compared with others in similar roles whom you have supervised". */
  compared: string;
  knows: (n: string) => string;
  duration: (n: string) => string;
  observe: (n: string) => string;
  supervision: (n: string) => string;
  again: (n: string) => string;
};

const ANY: Wording = {
  compared: 'Compared with others in similar roles',
  knows: (n) => `How do you know ${n}, and what was your working relationship?`,
  duration: (n) => `For how long did you work with ${n}, and in what role?`,
  observe: (n) =>
    `Were you in a position to observe ${possessive(n)} work directly? How often, and in what situations?`,
  supervision: (n) => `How much supervision or guidance did ${n} need, as far as you could see?`,
  again: (n) =>
    `Would you hire or work with ${n} again? Why or why not? If you supervised ${n}, is ${n} eligible for rehire?`,
};

const BY_RELATIONSHIP: Record<ReferenceRelationship, Wording> = {
  supervisor: {
    compared: 'Compared with others in similar roles whom you have supervised',
    knows: (n) => `How do you know ${n}, and what was ${possessive(n)} role in your team?`,
    duration: (n) => `For how long did you supervise ${n}, and in what role?`,
    observe: (n) =>
      `How closely were you able to observe ${possessive(n)} work: day to day, or mainly through results and reports?`,
    supervision: (n) =>
      `How much supervision did ${n} need compared with others in the same role, and on which kinds of work?`,
    again: (n) => `Is ${n} eligible for rehire in your organization? Would you rehire ${n}? Why or why not?`,
  },
  peer: {
    compared: 'Compared with other colleagues in similar roles',
    knows: (n) => `How do you know ${n}, and how did your work and ${possessive(n)} work connect?`,
    duration: (n) => `For how long did you work with ${n}, and in what role?`,
    observe: (n) =>
      `Were you in a position to observe ${possessive(n)} work directly? How often did you work together?`,
    supervision: (n) =>
      `How independently did ${n} work: how often did ${n} need help or direction from others?`,
    again: (n) => `Would you choose to work with ${n} again? Why or why not?`,
  },
  'direct-report': {
    compared: 'Compared with others you have worked for in similar roles',
    knows: (n) => `How do you know ${n}, and what was your role in ${possessive(n)} team?`,
    duration: (n) => `For how long did you report to ${n}, and in what role?`,
    observe: (n) =>
      `How much of ${possessive(n)} work were you able to observe: day to day, or mainly its effect on the team?`,
    supervision: (n) => `How much direction did ${n} need from their own manager, as far as you could see?`,
    again: (n) => `Would you choose to work for ${n} again? Why or why not?`,
  },
  client: {
    compared: 'Compared with others who have served you in similar roles',
    knows: (n) => `How do you know ${n}, and what work did ${n} do for you or your organization?`,
    duration: (n) => `For how long did ${n} serve you or your organization, and in what role?`,
    observe: (n) =>
      `How often did you deal with ${n} directly, and were you able to see the results of ${possessive(n)} work?`,
    supervision: (n) =>
      `How often did ${n} need to refer your questions to someone else before giving you an answer?`,
    again: (n) => `Would you want ${n} to serve you or your organization again? Why or why not?`,
  },
  other: ANY,
};

export function referenceQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  context: PositionContext,
): GeneratedItem[] {
  const name = context.candidateName?.trim() || 'the candidate';
  const w = (context.relationship && BY_RELATIONSHIP[context.relationship]) || ANY;
  const position = context.jobTitle ? `the ${context.jobTitle} position` : 'this position';
  const item = (variant: string, text: string, source: string, rated = false): GeneratedItem => ({
    kind: 'reference',
    variant,
    level: level.value,
    // Sentences must start with a capital even when the name is "the candidate".
    text: text.replace(/(^|[.?!:]\s+)the candidate/g, (_m, p: string) => `${p}${ucFirst(name)}`),
    source,
    ...(rated ? { ratingOptions: REFERENCE_RATING_OPTIONS } : {}),
  });
  const items: GeneratedItem[] = [
    item('opening', w.knows(name), 'reference opening'),
    item('opening', w.duration(name), 'reference opening'),
    item(
      'opening',
      `What were ${possessive(name)} main responsibilities when you worked together?`,
      'reference opening',
    ),
    item('opening', w.observe(name), 'reference opening: in a position to observe'),
  ];
  let rated = 0;
  for (const s of pool) {
    if (rated >= 2) break;
    const base = phrase(s.clause, 'base', 'third');
    // "how well did ... be trusted" never: a stative statement asks "how far was ...".
    const be = base && /^be\b\s*/i.exec(base);
    const question = be
      ? `${w.compared}, how far was ${name} ${base!.slice(be[0].length)}? Can you give an example?`
      : base && `${w.compared}, how well did ${name} ${base}? Can you give an example?`;
    const text = firstClean(question ? item('competency', question, s.source).text : undefined);
    if (!text) continue;
    items.push({ ...item('competency', question!, s.source, true) });
    rated++;
  }
  if (!rated) {
    items.push(
      item(
        'competency',
        `${w.compared}, how would you rate ${possessive(name)} ${inSentence(c.name)}? Can you give an example?`,
        'competency name',
        true,
      ),
    );
  }
  items.push(
    item(
      'closing',
      `What would you say are ${possessive(name)} main strengths?`,
      'reference closing: strengths',
    ),
    item(
      'closing',
      `In which areas could ${name} develop further, and what support would help?`,
      'reference closing: areas for development',
    ),
    item('closing', w.supervision(name), 'reference closing: supervision needed'),
    item('closing', w.again(name), 'reference closing: rehire'),
    item(
      'closing',
      `Is there anything else we should know about ${name} that matters for ${position}?`,
      'reference closing',
    ),
  );
  return items;
}

/**
 * A question of a position's template (written for every relationship) reworded for one referee:
 * only the generator's own unedited wording changes; a question a manager edited stays as written.
 */
export function forRelationship(text: string, relationship: ReferenceRelationship | undefined): string {
  const w = relationship ? BY_RELATIONSHIP[relationship] : ANY;
  if (!w || w === ANY) return text;
  const n = 'the candidate';
  for (const key of ['knows', 'duration', 'observe', 'supervision', 'again'] as const)
    if (text === ANY[key](n)) return w[key](n).replace(/(^|[.?!:]\s+)the candidate/g, '$1The candidate');
  if (text.startsWith(`${ANY.compared}, `)) return w.compared + text.slice(ANY.compared.length);
  return text;
}
