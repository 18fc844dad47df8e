/** Qualification statements for a job announcement: required, desired and a combined paragraph. */
import { analyze, render, sentences } from './clause.js';
import { atLevel, type ResolvedLevel } from './levels.js';
import { performance, type Statement } from './statements.js';
import { finish, inSentence, lcFirst, listJoin } from './text.js';
import type { CompetencyLike, GeneratedItem, PositionContext } from './types.js';

/** "perform arithmetic computations (...)" from a description, or null when it is not verb-led. */
function abilities(text: string | undefined): string[] | null {
  if (!text) return null;
  const parts = sentences(text).map((s) => analyze(s));
  if (!parts.length || parts.some((p) => p.lead !== 'verb')) return null;
  return parts.map((p) => render(p, 'base', 'third'));
}

export function qualificationStatements(
  c: CompetencyLike,
  level: ResolvedLevel,
  pool: Statement[],
  context: PositionContext,
): GeneratedItem[] {
  const name = inSentence(c.name);
  // Scale points ("Applies the competency in difficult situations...") describe a level, not an ability.
  const own = level.from === 'own' ? abilities(level.description) : null;
  const indicators = pool
    .filter((s) => s.clause.lead === 'verb')
    .slice(0, 2)
    .map((s) => render(s.clause, 'base', 'third'));
  let required: string;
  let source: string;
  if (own) {
    required = `Ability to ${listJoin(own)}.`;
    source = `level ${level.value} description`;
  } else if (level.description) {
    const lead =
      level.from === 'scale'
        ? `${level.label}-level ${name}`
        : `Demonstrated ${name} at the level this position requires`;
    required = `${lead}: ${finish(lcFirst(level.description))}`;
    if (indicators.length) required += ` This includes the ability to ${listJoin(indicators)}.`;
    source =
      level.from === 'scale' ? `proficiency level “${level.label}”` : `level ${level.value} description`;
  } else if (indicators.length) {
    required = `Demonstrated ability to ${listJoin(indicators)}.`;
    source = pool[0].source;
  } else {
    required = `Demonstrated ${name} in day-to-day work.`;
    source = 'competency name';
  }

  const nextIndicators = (level.next?.indicators ?? [])
    .map((i) => analyze(i))
    .filter((c) => c.lead === 'verb')
    .slice(0, 2);
  const nextOwn =
    (level.from === 'own' ? abilities(level.next?.description) : null) ??
    (level.from === 'own' && nextIndicators.length
      ? nextIndicators.map((c) => render(c, 'base', 'third'))
      : null);
  const superior = performance(c, 'superior');
  const superiorClause = superior ? analyze(sentences(superior)[0]) : undefined;
  let desired: string;
  if (nextOwn) desired = `Experience that shows the ability to ${listJoin(nextOwn)}.`;
  else if (level.next?.description)
    desired = `Experience ${atLevel(level.next.label)} of ${name}: ${finish(lcFirst(level.next.description))}`;
  else if (superiorClause && superiorClause.lead === 'verb')
    desired = `Preference for candidates who ${render(superiorClause, 'base', 'third')}.`;
  else
    desired = `Preference for candidates with a record of ${name} recognised by colleagues, customers or supervisors.`;

  const role = context.jobTitle ? `The ${context.jobTitle} position` : 'This position';
  const paragraph = `${role} calls for ${name} ${atLevel(level.label)}. Required: ${lcFirst(required)} Desired: ${lcFirst(desired)}`;
  return [
    { kind: 'qualification', variant: 'required', level: level.value, text: required, source },
    {
      kind: 'qualification',
      variant: 'desired',
      level: level.value,
      text: desired,
      source:
        nextOwn || level.next
          ? `level ${level.value + 1}`
          : superior
            ? 'superior performance level'
            : 'competency name',
    },
    { kind: 'qualification', variant: 'paragraph', level: level.value, text: paragraph, source },
  ];
}
