/** Export: a framework as a framework file (the current version), as import reads it back. */
import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency } from './competency.model.js';
import { Framework } from './framework.model.js';
import {
  FRAMEWORK_FILE_VERSION,
  isWebUrl,
  validateFrameworkFile,
  type FrameworkFile,
  type RatingScaleData,
} from './framework-file.schema.js';
import { PositionTemplate } from './position-template.model.js';
import { RatingScale } from './rating-scale.model.js';

const compact = <T extends object>(o: T): T =>
  Object.fromEntries(
    Object.entries(o).filter(
      ([, v]) =>
        v !== undefined &&
        v !== null &&
        !(Array.isArray(v) && v.length === 0) &&
        !(typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).length === 0),
    ),
  ) as T;

function scaleData(s: {
  key: string;
  name: string;
  kind: string;
  description?: string | null;
  points: {
    value?: number | null;
    label?: string | null;
    description?: string | null;
    indicators: string[];
  }[];
  source?: { document?: string | null; section?: string | null; note?: string | null } | null;
}): RatingScaleData {
  return compact({
    key: s.key,
    name: s.name,
    kind: s.kind as RatingScaleData['kind'],
    description: s.description ?? undefined,
    points: s.points.map((p) =>
      compact({
        value: p.value!,
        label: p.label!,
        description: p.description ?? undefined,
        indicators: p.indicators ?? [],
      }),
    ),
    source: s.source?.document
      ? compact({
          document: s.source.document,
          section: s.source.section ?? undefined,
          note: s.source.note ?? undefined,
        })
      : undefined,
  }) as RatingScaleData;
}

type StoredLevel = {
  number?: number | null;
  label?: string | null;
  description?: string | null;
  indicators: string[];
  source?: { document?: string | null; section?: string | null; note?: string | null } | null;
};

function levelData(l: StoredLevel) {
  return compact({
    number: l.number ?? undefined,
    label: l.label ?? undefined,
    description: l.description ?? undefined,
    indicators: l.indicators,
    source: l.source?.document
      ? compact({
          document: l.source.document,
          section: l.source.section ?? undefined,
          note: l.source.note ?? undefined,
        })
      : undefined,
  });
}

/** The framework as a file of the current version: active competencies in order, the scales they use, position templates. */
export async function exportFramework(id: string): Promise<FrameworkFile> {
  const framework = Types.ObjectId.isValid(id) ? await Framework.findById(id).lean() : null;
  if (!framework) throw new NotFoundError('There is no such framework.');
  const competencies = await Competency.find({ framework: framework._id, status: 'active' })
    .sort({ order: 1, name: 1 })
    .lean();
  const scaleIds = [framework.proficiencyScale, ...competencies.map((c) => c.ratingScale)].filter(
    (x): x is Types.ObjectId => !!x,
  );
  const scales = await RatingScale.find({ _id: { $in: scaleIds } }).lean();
  const keyOf = new Map(scales.map((s) => [String(s._id), s.key]));
  const templates = await PositionTemplate.find({ framework: framework._id }).lean();
  const compKey = new Map(competencies.map((c) => [String(c._id), c.key]));
  const raw = {
    schemaVersion: FRAMEWORK_FILE_VERSION,
    framework: compact({
      key: framework.key,
      name: framework.name,
      organization: framework.organization,
      description: framework.description ?? undefined,
      source: compact({
        document: framework.source?.document ?? framework.name,
        title: framework.source?.title ?? undefined,
        // An address stored before only web addresses were accepted is left out, not exported.
        url: framework.source?.url && isWebUrl(framework.source.url) ? framework.source.url : undefined,
      }),
      proficiencyScaleKey: framework.proficiencyScale
        ? keyOf.get(String(framework.proficiencyScale))
        : undefined,
      notes: framework.notes,
    }),
    scales: scales.map((s) => scaleData(s as never)),
    competencies: competencies.map((c) =>
      compact({
        key: c.key,
        code: c.code ?? undefined,
        name: c.name,
        definition: c.definition ?? undefined,
        kind: c.kind,
        importance: c.importance ?? undefined,
        levels: c.levels.map(levelData),
        behavioralIndicators: c.behavioralIndicators,
        effectiveBehaviors: c.effectiveBehaviors,
        ineffectiveBehaviors: c.ineffectiveBehaviors,
        keySkills: c.keySkills.map((k) =>
          compact({
            name: k.name!,
            definition: k.definition ?? undefined,
            levels: k.levels.map(levelData),
            indicators: k.indicators,
          }),
        ),
        requiredLevels: c.requiredLevels.map((r) => ({ grade: r.grade!, level: r.level! })),
        keyElements: c.keyElements.map((k) => ({
          element: k.element!,
          distinguishingBehaviors: k.distinguishingBehaviors,
        })),
        performanceLevels: c.performanceLevels.map((p) => ({ label: p.label!, description: p.description! })),
        ratingScaleKey: c.ratingScale ? keyOf.get(String(c.ratingScale)) : undefined,
        ratingFactors: c.ratingFactors.map((f) => ({
          name: f.name!,
          anchors: f.anchors.map((a) => ({ level: a.level!, description: a.description! })),
        })),
        recruiting: compact({ ...c.recruiting }),
        development: compact({ ...c.development }),
        absentSections: c.absentSections,
        provenance: c.provenance.map((p) =>
          compact({
            part: p.part!,
            document: p.document!,
            section: p.section ?? undefined,
            line: p.line ?? undefined,
            lineEnd: p.lineEnd ?? undefined,
            page: p.page ?? undefined,
          }),
        ),
      }),
    ),
    positionTemplates: templates.map((t) =>
      compact({
        key: t.key,
        title: t.title,
        classCode: t.classCode ?? undefined,
        description: t.description ?? undefined,
        grade: t.grade ?? undefined,
        competencies: t.competencies
          .filter((r) => compKey.has(String(r.competency)))
          .map((r) =>
            compact({
              key: compKey.get(String(r.competency))!,
              requiredLevel: r.requiredLevel ?? undefined,
              grade: r.grade ?? undefined,
            }),
          ),
      }),
    ),
  };
  const result = validateFrameworkFile(raw);
  if (!result.ok)
    throw new ValidationError(
      `This framework cannot be exported as it stands: ${result.problems.join('; ')}`,
    );
  return result.file;
}
