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
