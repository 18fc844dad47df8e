/** Reference-check questions: opening, per competency (third person, rated against peers), closing. */
import { render } from './clause.js';
import type { ResolvedLevel } from './levels.js';
import type { Statement } from './statements.js';
import { inSentence, possessive } from './text.js';
import type { CompetencyLike, GeneratedItem, PositionContext } from './types.js';

export const REFERENCE_RATING_OPTIONS = [
  'Well below',
  'Below',
  'Comparable',
  'Above',
  'Well above',
  'Not observed',
];

export function referenceQuestions(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  context: PositionContext,
): GeneratedItem[] {
  const name = context.candidateName?.trim() || 'the candidate';
  const cap = name.charAt(0).toUpperCase() + name.slice(1);
  const position = context.jobTitle ? `the ${context.jobTitle} position` : 'this position';
  const item = (variant: string, text: string, source: string, rated = false): GeneratedItem => ({
    kind: 'reference',
    variant,
    level: level.value,
    text,
    source,
    ...(rated ? { ratingOptions: REFERENCE_RATING_OPTIONS } : {}),
  });
  const items: GeneratedItem[] = [
    item('opening', `How do you know ${name}, and what was your working relationship?`, 'reference opening'),
    item('opening', `How long did you work with ${name}, and in what role?`, 'reference opening'),
    item(
      'opening',
      `What were ${possessive(name)} main responsibilities when you worked together?`,
      'reference opening',
    ),
  ];
  for (const s of pool.slice(0, 2)) {
    items.push(
      item(
        'competency',
        `Compared with others in a similar role, how well did ${name} ${render(s.clause, 'base', 'third')}? Can you give an example?`,
        s.source,
        true,
      ),
    );
  }
  if (pool.length < 2) {
    items.push(
      item(
        'competency',
        `Compared with others in a similar role, how would you rate ${possessive(name)} ${inSentence(c.name)}? Can you give an example?`,
        'competency name',
        true,
      ),
    );
  }
  items.push(
    item('closing', `Would you hire or work with ${name} again? Why or why not?`, 'reference closing'),
    item(
      'closing',
      `Is there anything else we should know about ${name} as a candidate for ${position}?`,
      'reference closing',
    ),
  );
  // Sentences must start with a capital even when the name is "the candidate".
  return items.map((i) => ({ ...i, text: i.text.replace(/(^|[.?!]\s+)the candidate/g, `$1${cap}`) }));
}
