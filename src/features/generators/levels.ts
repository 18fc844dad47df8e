/** The target level of a competency: its own levels, or a point of a proficiency scale. */
import { GeneratorInputError, type CompetencyLike, type ScaleLike } from './types.js';

/** OPM's five-point proficiency scale: the default for rating guides and level-less competencies. */
export const DEFAULT_RATING_SCALE: ScaleLike = {
  key: 'opm-proficiency-5',
  name: 'OPM proficiency scale',
  kind: 'proficiency',
  points: [
    {
      value: 1,
      label: 'Awareness',
      description:
        'Applies the competency in the simplest situations. Requires close and extensive guidance. Demonstrates awareness of concepts and processes.',
    },
    {
      value: 2,
      label: 'Basic',
      description:
        'Applies the competency in somewhat difficult situations. Requires frequent guidance. Demonstrates familiarity with concepts and processes.',
    },
    {
      value: 3,
      label: 'Intermediate',
      description:
        'Applies the competency in difficult situations. Requires occasional guidance. Demonstrates understanding of concepts and processes.',
    },
    {
      value: 4,
      label: 'Advanced',
      description:
        'Applies the competency in considerably difficult situations. Generally requires little or no guidance. Demonstrates broad understanding of concepts and processes.',
    },
    {
      value: 5,
      label: 'Expert',
      description:
        'Applies the competency in exceptionally difficult situations. Serves as a key resource and advises others. Demonstrates comprehensive, expert understanding of concepts and processes.',
    },
  ],
};

/** "at Level 2" or "at the Independent level". */
export function atLevel(label: string): string {
  return /^level\b/i.test(label) ? `at ${label}` : `at the ${label} level`;
}

export interface ResolvedLevel {
  value: number;
  label: string;
  description?: string;
  indicators: string[];
  /** 'own': the competency's level; 'scale': a point of a proficiency scale. */
  from: 'own' | 'scale';
  /** The level above, for desired qualifications. */
  next?: { label: string; description?: string; indicators: string[] };
  /** Position of the level among all levels, 0 (lowest) to 1 (highest). */
  position: number;
  /** How many levels the competency (or its proficiency scale) has. */
  count?: number;
}

export function levelOptions(
  competency: CompetencyLike,
  proficiencyScale?: ScaleLike | null,
): { value: number; label: string }[] {
  const own = competency.levels ?? [];
  if (own.length)
    return own.map((l, i) => ({
      value: i + 1,
      label: l.label ?? (l.number ? `Level ${l.number}` : `Level ${i + 1}`),
    }));
  const scale = proficiencyScale?.points?.length ? proficiencyScale : DEFAULT_RATING_SCALE;
  return scale.points.map((p) => ({ value: p.value, label: p.label }));
}

export function resolveLevel(
  competency: CompetencyLike,
  level: number,
  proficiencyScale?: ScaleLike | null,
): ResolvedLevel {
  const own = competency.levels ?? [];
  const options = levelOptions(competency, proficiencyScale);
  const clean = (xs?: string[] | null) => (xs ?? []).filter((x) => x && x.trim());
  if (own.length) {
    const l = own[level - 1];
    if (!Number.isInteger(level) || !l) throw noLevel(competency, level, options);
    const n = own[level];
    const label = options[level - 1].label;
    return {
      value: level,
      label,
      description: l.description ?? undefined,
      indicators: clean(l.indicators),
      from: 'own',
      next: n
        ? {
            label: options[level].label,
            description: n.description ?? undefined,
            indicators: clean(n.indicators),
          }
        : undefined,
      position: own.length > 1 ? (level - 1) / (own.length - 1) : 1,
      count: own.length,
    };
  }
  const scale = proficiencyScale?.points?.length ? proficiencyScale : DEFAULT_RATING_SCALE;
  const idx = scale.points.findIndex((p) => p.value === level);
  if (idx < 0) throw noLevel(competency, level, options);
  const p = scale.points[idx];
  const n = scale.points[idx + 1];
  return {
    value: level,
    label: p.label,
    description: p.description ?? undefined,
    indicators: clean(p.indicators),
    from: 'scale',
    next: n
      ? { label: n.label, description: n.description ?? undefined, indicators: clean(n.indicators) }
      : undefined,
    position: scale.points.length > 1 ? idx / (scale.points.length - 1) : 1,
    count: scale.points.length,
  };
}

function noLevel(
  competency: CompetencyLike,
  level: number,
  options: { value: number; label: string }[],
): GeneratorInputError {
  return new GeneratorInputError(
    `“${competency.name}” has no level ${level}. Choose one of: ${options.map((o) => `${o.value} (${o.label})`).join(', ')}.`,
  );
}

/**
 * How hard the situation a question asks about should be, from the level's position on its scale:
 * higher levels ask for more scope, ambiguity, risk and influence (structured-interview practice).
 */
export interface Difficulty {
  /** 0 (entry) .. 4 (expert). */
  tier: number;
  /** An adverbial phrase: "in a case the usual procedure did not cover". */
  setting: string;
  /** The same phrase about the candidate, for rating guides ("on a task they handled on their own"). */
  settingThird: string;
  /** The same situation as a noun phrase: "a case the usual procedure did not cover". */
  situation: string;
  /** A scripted probe about that difficulty, asked of every candidate. */
  probe: string;
}

const DIFFICULTIES: Omit<Difficulty, 'tier'>[] = [
  {
    setting: 'while handling a routine task or request',
    settingThird: 'while handling a routine task or request',
    situation: 'a routine task or request',
    probe: 'What guidance or help did you have, and from whom?',
  },
  {
    setting: 'on a task you handled on your own, without close guidance',
    settingThird: 'on a task they handled on their own, without close guidance',
    situation: 'a task you handled on your own, without close guidance,',
    probe: 'Which parts did you decide yourself, and where did you check with someone?',
  },
  {
    setting: 'in a case the usual procedure did not cover',
    settingThird: 'in a case the usual procedure did not cover',
    situation: 'a case the usual procedure did not cover',
    probe: 'What made the usual approach unsuitable, and what options did you weigh?',
  },
  {
    setting: 'on a problem that crossed several teams or systems',
    settingThird: 'on a problem that crossed several teams or systems',
    situation: 'a problem that crossed several teams or systems',
    probe: 'Whom did you have to involve or persuade, and how did you bring them along?',
  },
  {
    setting: 'while leading a change to policy or practice',
    settingThird: 'while leading a change to policy or practice',
    situation: 'a change to policy or practice that you led',
    probe: 'Whom did you lead or advise, and how did you set the direction for them?',
  },
];

export function difficultyOf(level: ResolvedLevel): Difficulty {
  let tier = Math.max(0, Math.min(4, Math.round(level.position * 4)));
  // "Leading a change to policy" is the top of a long scale; a short scale's top asks for breadth.
  if (tier === 4 && (level.count ?? 5) < 5) tier = 3;
  return { tier, ...DIFFICULTIES[tier] };
}

/** The competency's own levels below and above the target (nearest first), with their indicators. */
export function neighbourLevels(
  competency: CompetencyLike,
  level: ResolvedLevel,
): { below: string[][]; above: string[][] } {
  const own = competency.levels ?? [];
  if (level.from !== 'own' || !own.length) return { below: [], above: [] };
  const lines = (i: number) =>
    [...(own[i].indicators ?? []), ...(own[i].description ? [own[i].description] : [])].filter(
      (x): x is string => !!x && !!x.trim(),
    );
  const below: string[][] = [];
  const above: string[][] = [];
  for (let i = level.value - 2; i >= 0; i--) below.push(lines(i));
  for (let i = level.value; i < own.length; i++) above.push(lines(i));
  return { below, above };
}
