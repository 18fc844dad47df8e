/**
 * Qualification statements for a job announcement: required, desired and a combined paragraph.
 * Each is a requirement a candidate can evidence ("Demonstrated ability to ...", "Preference for
 * candidates who ..."), rendered by the language layer, which refuses a statement it cannot put
 * in that form; a refused statement is left out rather than approximated.
 */
import { sentences } from './clause.js';
import { renderOrUndefined } from './language/index.js';
import { atLevel, type ResolvedLevel } from './levels.js';
import { performance, type Statement } from './statements.js';
import { finish, inSentence, lcFirst } from './text.js';
import type { CompetencyLike, GeneratedItem, PositionContext } from './types.js';

/** "to A", "to A and to B", "to A, to B and to C": "to" repeated, so items holding commas stay apart. */
export function infinitives(items: string[]): string {
  const to = items.map((i) => `to ${i}`);
  return to.length <= 1 ? (to[0] ?? '') : `${to.slice(0, -1).join(', ')} and ${to[to.length - 1]}`;
}

/** Every sentence of a description as a base-form phrase, or null unless all of them render. */
function abilities(text: string | null | undefined): string[] | null {
  if (!text) return null;
  const out = sentences(text).map((s) => renderOrUndefined(s, 'base', 'third'));
  return out.length && out.every(Boolean) ? (out as string[]) : null;
}

/** The first `n` statements of the pool that render in the base form. */
function baseForms(pool: Statement[], n: number): { texts: string[]; source?: string } {
  const texts: string[] = [];
  let source: string | undefined;
  for (const s of pool) {
    const r = renderOrUndefined(s.text, 'base', 'third');
    if (!r) continue;
    texts.push(r);
    source ??= s.source;
    if (texts.length === n) break;
  }
  return { texts, source };
}

/** "candidates who anticipate questions and are asked for by name", from the description's sentences. */
function candidatesWho(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const whole = renderOrUndefined(description, 'plural');
  if (whole && whole.length <= 240) return whole;
  return renderOrUndefined(sentences(description)[0] ?? '', 'plural');
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
  const indicators = baseForms(pool, 2);
  let required: string;
  let source: string;
  if (own) {
    required = `Demonstrated ability ${infinitives(own)}.`;
    source = `level ${level.value} description`;
  } else if (level.description) {
    const lead =
      level.from === 'scale'
        ? `${level.label}-level ${name}`
        : `Demonstrated ${name} at the level this position requires`;
    required = `${lead}: ${finish(lcFirst(level.description))}`;
    if (indicators.texts.length) required += ` This includes the ability ${infinitives(indicators.texts)}.`;
    source =
      level.from === 'scale' ? `proficiency level “${level.label}”` : `level ${level.value} description`;
  } else if (indicators.texts.length) {
    required = `Demonstrated ability ${infinitives(indicators.texts)}.`;
    source = indicators.source!;
  } else {
    required = `Demonstrated ${name} in day-to-day work.`;
    source = 'competency name';
  }

  const nextIndicators = (level.next?.indicators ?? [])
    .map((i) => renderOrUndefined(i, 'base', 'third'))
    .filter((x): x is string => !!x)
    .slice(0, 2);
  const nextOwn =
    (level.from === 'own' ? abilities(level.next?.description) : null) ??
    (level.from === 'own' && nextIndicators.length ? nextIndicators : null);
  const superior = performance(c, 'superior');
  const superiorWho = candidatesWho(superior);
  let desired: string;
  if (nextOwn) desired = `Experience that shows the ability ${infinitives(nextOwn)}.`;
  else if (level.next?.description)
    desired = `Experience ${atLevel(level.next.label)} of ${name}: ${finish(lcFirst(level.next.description))}`;
  else if (superiorWho) desired = `Preference for candidates who ${superiorWho}.`;
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
          : superiorWho
            ? 'superior performance level'
            : 'competency name',
    },
    { kind: 'qualification', variant: 'paragraph', level: level.value, text: paragraph, source },
  ];
}
