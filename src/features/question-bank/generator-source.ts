/**
 * What the generators need about a stored competency: the competency as plain data
 * (CompetencyLike), its framework's proficiency scale, and the rating scales to choose from.
 * Shared by the question bank pages and POST /api/generate.
 */
import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency } from '../competencies/competency.model.js';
import { Framework } from '../competencies/framework.model.js';
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
  const source = (await loadGeneratorSources([competencyId])).get(competencyId);
  if (!source) throw new NotFoundError('There is no such competency.');
  return source;
}

/**
 * Loads several competencies for the generators in two round trips whatever their number (the
 * competencies with their frameworks, and the scales), where one at a time took three each: a position or
 * guide of six competencies opened with 18 lookups of the same few scales and frameworks. Unknown
 * ids are left out of the map.
 */
export async function loadGeneratorSources(ids: Iterable<unknown>): Promise<Map<string, GeneratorSource>> {
  const wanted = [...new Set([...ids].map(String))].filter((id) => Types.ObjectId.isValid(id));
  const out = new Map<string, GeneratorSource>();
  if (!wanted.length) return out;
  // One round trip for the competencies and their frameworks ($lookup), one for the scales.
  const [found, stored] = await Promise.all([
    Competency.aggregate<StoredCompetency>([
      { $match: { _id: { $in: wanted.map((id) => new Types.ObjectId(id)) } } },
      {
        $lookup: { from: Framework.collection.name, localField: 'framework', foreignField: '_id', as: 'fw' },
      },
      { $set: { framework: { $ifNull: [{ $first: '$fw' }, null] } } },
      { $unset: 'fw' },
    ]),
    listScales(),
  ]);
  const scaleById = new Map(stored.map((s) => [String(s._id), s]));
  const scales = stored.map((s) => toScaleLike(s)).filter((s): s is ScaleLike => s !== null);
  if (!scales.some((s) => s.key === DEFAULT_SCALE_KEY)) scales.unshift(DEFAULT_RATING_SCALE);
  for (const c of found) {
    // The shape getCompetency() gives with its two populates, so callers see no difference.
    const competency = {
      ...c,
      ratingScale: c.ratingScale ? (scaleById.get(String(c.ratingScale)) ?? null) : null,
    } as unknown as StoredCompetency;
    const framework = competency.framework as unknown as GeneratorSource['framework'];
    const profId = framework?.proficiencyScale ? String(framework.proficiencyScale) : null;
    const proficiencyScale = toScaleLike(profId ? scaleById.get(profId) : null);
    const like = toCompetencyLike(competency);
    out.set(String(c._id), {
      competency,
      framework,
      like,
      proficiencyScale,
      scales,
      levels: levelOptions(like, proficiencyScale),
    });
  }
  return out;
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
