/**
 * What the generators need about a stored competency: the competency as plain data
 * (CompetencyLike), its framework's proficiency scale, and the rating scales to choose from.
 * Shared by the question bank pages and POST /api/generate.
 */
import { ValidationError } from '../../lib/errors.js';
import { getCompetency, listScales } from '../competencies/library.service.js';
import { DEFAULT_RATING_SCALE, generate, levelOptions } from '../generators/index.js';
import {
  GeneratorInputError,
  type CompetencyLike,
  type GeneratedItem,
  type GeneratorKind,
  type PositionContext,
  type ScaleLike,
} from '../generators/types.js';

export const DEFAULT_SCALE_KEY = DEFAULT_RATING_SCALE.key ?? 'opm-proficiency-5';

interface StoredScale {
  _id?: unknown;
  key?: string | null;
  name?: string | null;
  kind?: string | null;
  points?:
    | {
        value?: number | null;
        label?: string | null;
        description?: string | null;
        indicators?: string[] | null;
      }[]
    | null;
}

export function toScaleLike(s: StoredScale | null | undefined): ScaleLike | null {
  if (!s || !s.name) return null;
  return {
    key: s.key ?? null,
    name: s.name,
    kind: s.kind ?? null,
    points: (s.points ?? []).map((p) => ({
      value: Number(p.value),
      label: p.label ?? String(p.value),
      description: p.description ?? null,
      indicators: p.indicators ?? [],
    })),
  };
}

type StoredCompetency = Awaited<ReturnType<typeof getCompetency>>;

export function toCompetencyLike(c: StoredCompetency): CompetencyLike {
  return {
    key: c.key,
    name: c.name,
    code: c.code ?? null,
    definition: c.definition ?? null,
    kind: c.kind,
    levels: (c.levels ?? []).map((l) => ({
      number: l.number ?? null,
      label: l.label ?? null,
      description: l.description ?? null,
      indicators: l.indicators ?? [],
    })),
    behavioralIndicators: c.behavioralIndicators ?? [],
    keyElements: (c.keyElements ?? []).map((k) => ({
      element: k.element ?? null,
      distinguishingBehaviors: k.distinguishingBehaviors ?? [],
    })),
    performanceLevels: (c.performanceLevels ?? []).map((p) => ({
      label: p.label ?? null,
      description: p.description ?? null,
    })),
    ratingFactors: (c.ratingFactors ?? []).map((f) => ({
      name: f.name ?? null,
      anchors: (f.anchors ?? []).map((a) => ({ level: a.level ?? null, description: a.description ?? null })),
    })),
    ratingScale: toScaleLike(c.ratingScale as unknown as StoredScale | null),
    effectiveBehaviors: c.effectiveBehaviors ?? [],
    ineffectiveBehaviors: c.ineffectiveBehaviors ?? [],
    keySkills: (c.keySkills ?? []).map((k) => ({
      name: k.name ?? '',
      definition: k.definition ?? null,
      levels: (k.levels ?? []).map((l) => ({
        number: l.number ?? null,
        label: l.label ?? null,
        description: l.description ?? null,
        indicators: l.indicators ?? [],
      })),
      indicators: k.indicators ?? [],
    })),
  };
}

export interface GeneratorSource {
  competency: StoredCompetency;
  framework: { _id: unknown; name: string; organization: string; proficiencyScale?: unknown } | null;
  like: CompetencyLike;
  proficiencyScale: ScaleLike | null;
  /** Scales a rating guide can follow: the stored ones, and OPM's default when it is not stored. */
  scales: ScaleLike[];
  levels: { value: number; label: string }[];
}

/** Loads a competency for the generators; an unknown id is a NotFoundError (404). */
export async function loadGeneratorSource(competencyId: string): Promise<GeneratorSource> {
  const competency = await getCompetency(competencyId);
  const stored = await listScales();
  const framework = competency.framework as unknown as GeneratorSource['framework'];
  const profId = framework?.proficiencyScale ? String(framework.proficiencyScale) : null;
  const proficiencyScale = toScaleLike(profId ? stored.find((s) => String(s._id) === profId) : null);
  const scales = stored.map((s) => toScaleLike(s)).filter((s): s is ScaleLike => s !== null);
  if (!scales.some((s) => s.key === DEFAULT_SCALE_KEY)) scales.unshift(DEFAULT_RATING_SCALE);
  const like = toCompetencyLike(competency);
  return {
    competency,
    framework,
    like,
    proficiencyScale,
    scales,
    levels: levelOptions(like, proficiencyScale),
  };
}

export interface GenerateRequest {
  level: number;
  scaleKey?: string;
  kinds?: GeneratorKind[];
  context?: PositionContext;
}

export function findScale(source: GeneratorSource, key: string | undefined): ScaleLike {
  const scale = source.scales.find((s) => s.key === (key || DEFAULT_SCALE_KEY));
  if (!scale)
    throw new ValidationError('Choose a rating scale from the list.', {
      scale: 'Choose a rating scale from the list.',
    });
  return scale;
}

/** Runs the generators; a level the competency lacks or an unknown kind is a ValidationError (422). */
export function generateFor(source: GeneratorSource, req: GenerateRequest): GeneratedItem[] {
  const ratingScale = findScale(source, req.scaleKey);
  try {
    return generate({
      competency: source.like,
      level: req.level,
      ratingScale,
      proficiencyScale: source.proficiencyScale,
      context: req.context,
      kinds: req.kinds,
    });
  } catch (e) {
    if (e instanceof GeneratorInputError) throw new ValidationError(e.message, { level: e.message });
    throw e;
  }
}
