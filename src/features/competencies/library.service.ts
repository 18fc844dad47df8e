/** Reading the competency library: frameworks with counts, full competencies, search. */
import { LIST_BATCH } from '../../lib/list-batch.js';
import { Types } from 'mongoose';
import { NotFoundError } from '../../lib/errors.js';
import { COMPETENCY_KINDS } from './framework-file.schema.js';
import { Competency } from './competency.model.js';
import { Framework } from './framework.model.js';
import { PositionTemplate } from './position-template.model.js';
import { RatingScale } from './rating-scale.model.js';
import { memoForRequest } from '../../lib/request-memo.js';

export type CompetencyKind = (typeof COMPETENCY_KINDS)[number];
export const KIND_LABELS: Record<CompetencyKind, string> = {
  behavioral: 'Behavioral',
  technical: 'Technical or knowledge',
  'core-value': 'Core value',
};

const oid = (id: string) =>
  Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null;

/** Frameworks with their competency counts (one aggregation, counted in MongoDB). */
export async function listFrameworks(options: { includeArchived?: boolean } = {}) {
  const frameworks = await Framework.find(options.includeArchived ? {} : { status: 'active' as const })
    .sort({ organization: 1, name: 1 })
    .lean();
  const counts = await Competency.aggregate<{
    _id: Types.ObjectId;
    total: number;
    behavioral: number;
    technical: number;
    coreValue: number;
  }>([
    { $match: { framework: { $in: frameworks.map((f) => f._id) }, status: 'active' } },
    {
      $group: {
        _id: '$framework',
        total: { $sum: 1 },
        behavioral: { $sum: { $cond: [{ $eq: ['$kind', 'behavioral'] }, 1, 0] } },
        technical: { $sum: { $cond: [{ $eq: ['$kind', 'technical'] }, 1, 0] } },
        coreValue: { $sum: { $cond: [{ $eq: ['$kind', 'core-value'] }, 1, 0] } },
      },
    },
  ]);
  const byId = new Map(counts.map((c) => [String(c._id), c]));
  return frameworks.map((f) => {
    const c = byId.get(String(f._id));
    return {
      ...f,
      counts: {
        competencies: c?.total ?? 0,
        behavioral: c?.behavioral ?? 0,
        technical: c?.technical ?? 0,
        coreValue: c?.coreValue ?? 0,
      },
    };
  });
}

export async function getFramework(id: string, options: { includeArchived?: boolean } = {}) {
  const _id = oid(id);
  const framework = _id ? await Framework.findById(_id).populate('proficiencyScale').lean() : null;
  if (!framework) throw new NotFoundError('There is no such framework.');
  const competencies = await Competency.find({
    framework: framework._id,
    ...(options.includeArchived ? {} : { status: 'active' }),
  })
    .sort({ order: 1, name: 1 })
    .populate('ratingScale')
    .lean();
  const templates = await PositionTemplate.find({ framework: framework._id })
    .populate('competencies.competency', 'name code')
    .lean();
  return { framework, competencies, templates };
}

export async function getCompetency(id: string) {
  const _id = oid(id);
  const competency = _id
    ? await Competency.findById(_id).populate('ratingScale').populate('framework').lean()
    : null;
  if (!competency) throw new NotFoundError('There is no such competency.');
  return competency;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface SearchQuery {
  q?: string;
  framework?: string;
  kind?: CompetencyKind;
  includeArchived?: boolean;
}

/** Search across names, definitions and indicators (levels' too); filters by framework and kind. */
export async function searchCompetencies(query: SearchQuery) {
  const filter: Record<string, unknown> = {};
  if (!query.includeArchived) filter.status = 'active';
  if (query.framework)
    filter.framework = oid(query.framework) ?? new Types.ObjectId('000000000000000000000000');
  if (query.kind) filter.kind = query.kind;
  const words = (query.q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length) {
    filter.$and = words.map((w) => {
      const re = new RegExp(escapeRegex(w), 'i');
      return {
        $or: [
          { name: re },
          { code: re },
          { definition: re },
          { behavioralIndicators: re },
          { 'levels.indicators': re },
          { 'levels.description': re },
          { 'levels.label': re },
          { 'keyElements.element': re },
          { effectiveBehaviors: re },
          { ineffectiveBehaviors: re },
          { 'keySkills.name': re },
        ],
      };
    });
  }
  const competencies = await Competency.find(filter)
    .sort({ name: 1 })
    .limit(200)
    .populate('framework', 'name organization')
    .lean();
  return competencies;
}

/** Every rating scale; read once per request (several parts of a page need them). */
export async function listScales() {
  return memoForRequest('rating-scales', () =>
    RatingScale.find({}).sort({ kind: 1, name: 1 }).batchSize(LIST_BATCH).lean(),
  );
}
