/**
 * Framework files in and out: import (user imports and the seed loader share it) and export.
 * Everything is validated before anything is written; if a write fails midway, what this import
 * created is removed again, so a failed import leaves nothing behind.
 */
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency } from './competency.model.js';
import { Framework } from './framework.model.js';
import {
  FRAMEWORK_FILE_VERSION,
  validateFrameworkFile,
  type CompetencyData,
  type FrameworkFile,
  type RatingScaleData,
} from './framework-file.schema.js';
import { PositionTemplate } from './position-template.model.js';
import { RatingScale } from './rating-scale.model.js';

export type Action = 'created' | 'updated' | 'unchanged' | 'kept-edited';
export interface ImportReport {
  frameworkId: string;
  frameworkKey: string;
  framework: Action;
  counts: Record<'competencies' | 'scales' | 'templates', Record<Action, number>>;
}

export function contentHash(value: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const emptyCounts = (): Record<Action, number> => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  'kept-edited': 0,
});

/**
 * What to do with an existing record for new content: seeds refresh records nobody edited and
 * whose content changed; edited records are kept as they are.
 */
function decide(existing: { seedHash?: string | null; editedAt?: Date | null } | null, hash: string): Action {
  if (!existing) return 'created';
  if (existing.editedAt) return 'kept-edited';
  return existing.seedHash === hash ? 'unchanged' : 'updated';
}

async function freeKey(
  model: typeof Framework | typeof PositionTemplate | typeof RatingScale,
  base: string,
): Promise<string> {
  for (let n = 1; ; n++) {
    const key = n === 1 ? `${base}-copy` : `${base}-copy-${n}`;
    if (!(await (model as typeof Framework).exists({ key }))) return key;
  }
}

export interface ImportOptions {
  origin: 'seed' | 'import';
  actorId?: Types.ObjectId;
  /** User imports of a key that exists: import under a new key instead of refusing. */
  asCopy?: boolean;
}

/** Imports a validated file. Seeds are idempotent; user imports create a new framework. */
export async function importFrameworkFile(
  file: FrameworkFile,
  options: ImportOptions,
): Promise<ImportReport> {
  const created: { model: { deleteOne(f: object): unknown }; id: Types.ObjectId }[] = [];
  const counts = { competencies: emptyCounts(), scales: emptyCounts(), templates: emptyCounts() };
  const seeding = options.origin === 'seed';
  try {
    // Scales first: competencies and the framework refer to them.
    const scaleIds = new Map<string, Types.ObjectId>();
    for (const scale of file.scales) {
      const id = await upsertScale(scale, seeding, counts.scales, created);
      scaleIds.set(scale.key, id);
    }

    let frameworkKey = file.framework.key;
    const existing = await Framework.findOne({ key: frameworkKey });
    if (existing && !seeding) {
      if (!options.asCopy) {
        throw new ConflictError(
          `A framework with key "${frameworkKey}" already exists. Import it as a copy, or change framework.key in the file.`,
        );
      }
      frameworkKey = await freeKey(Framework, frameworkKey);
    }
    const { key: _k, proficiencyScaleKey, ...frameworkFields } = file.framework;
    const frameworkHash = contentHash(file.framework);
    const fields = {
      ...frameworkFields,
      key: frameworkKey,
      proficiencyScale: proficiencyScaleKey ? scaleIds.get(proficiencyScaleKey) : undefined,
      seedHash: frameworkHash,
    };
    let framework = seeding ? existing : null;
    const frameworkAction = seeding ? decide(existing, frameworkHash) : 'created';
    if (frameworkAction === 'created') {
      framework = await Framework.create({ ...fields, origin: options.origin, createdBy: options.actorId });
      created.push({ model: Framework, id: framework._id });
    } else if (frameworkAction === 'updated') {
      framework!.set(fields);
      await framework!.save();
    }

    for (const [order, c] of file.competencies.entries()) {
      await upsertCompetency(framework!._id, c, order, scaleIds, seeding, counts.competencies, created);
    }
    for (const t of file.positionTemplates) {
      const key =
        seeding || !(await PositionTemplate.exists({ key: t.key }))
          ? t.key
          : await freeKey(PositionTemplate, t.key);
      const hash = contentHash(t);
      const current = seeding ? await PositionTemplate.findOne({ key }) : null;
      const action = decide(current, hash);
      counts.templates[action]++;
      if (action === 'unchanged' || action === 'kept-edited') continue;
      const refs = await Competency.find(
        { framework: framework!._id, key: { $in: t.competencies.map((r) => r.key) } },
        { key: 1 },
      ).lean();
      const idByKey = new Map(refs.map((r) => [r.key, r._id]));
      const doc = {
        key,
        title: t.title,
        classCode: t.classCode,
        description: t.description,
        framework: framework!._id,
        competencies: t.competencies.map((r) => ({
          competency: idByKey.get(r.key),
          requiredLevel: r.requiredLevel,
        })),
        seedHash: hash,
      };
      if (current) await PositionTemplate.updateOne({ _id: current._id }, { $set: doc });
      else created.push({ model: PositionTemplate, id: (await PositionTemplate.create(doc))._id });
    }
    return { frameworkId: String(framework!._id), frameworkKey, framework: frameworkAction, counts };
  } catch (e) {
    // Compensate: remove what this import created (in reverse order).
    for (const { model, id } of created.reverse()) await model.deleteOne({ _id: id });
    throw e;
  }
}

async function upsertScale(
  scale: RatingScaleData,
  seeding: boolean,
  counts: Record<Action, number>,
  created: { model: { deleteOne(f: object): unknown }; id: Types.ObjectId }[],
): Promise<Types.ObjectId> {
  const hash = contentHash(scale);
  const existing = await RatingScale.findOne({ key: scale.key });
  if (existing && existing.seedHash === hash) {
    counts.unchanged++;
    return existing._id;
  }
  if (existing && seeding) {
    const action = decide(existing, hash);
    counts[action]++;
    if (action === 'updated') {
      existing.set({ ...scale, seedHash: hash });
      await existing.save();
    }
    return existing._id;
  }
  // A user import whose scale key exists with other content gets its own copy of the scale.
  const key = existing ? await freeKey(RatingScale, scale.key) : scale.key;
  const doc = await RatingScale.create({ ...scale, key, seedHash: hash });
  created.push({ model: RatingScale, id: doc._id });
  counts.created++;
  return doc._id;
}

async function upsertCompetency(
  frameworkId: Types.ObjectId,
  c: CompetencyData,
  order: number,
  scaleIds: Map<string, Types.ObjectId>,
  seeding: boolean,
  counts: Record<Action, number>,
  created: { model: { deleteOne(f: object): unknown }; id: Types.ObjectId }[],
): Promise<void> {
  const hash = contentHash(c);
  const existing = seeding ? await Competency.findOne({ framework: frameworkId, key: c.key }) : null;
  const action = decide(existing, hash);
  counts[action]++;
  if (action === 'unchanged' || action === 'kept-edited') return;
  const { ratingScaleKey, ...rest } = c;
  const fields = {
    ...rest,
    framework: frameworkId,
    order,
    ratingScale: ratingScaleKey ? scaleIds.get(ratingScaleKey) : undefined,
    seedHash: hash,
  };
  if (existing) {
    existing.set(fields);
    await existing.save();
  } else {
    created.push({ model: Competency, id: (await Competency.create(fields))._id });
  }
}

/** Loads shared scales (seeds/scales.json): created when new, refreshed when unedited and changed. */
export async function seedScales(scales: RatingScaleData[]): Promise<Record<Action, number>> {
  const counts = emptyCounts();
  for (const scale of scales) await upsertScale(scale, true, counts, []);
  return counts;
}

/** Parses and validates JSON text, then imports it; problems come back as a 422 with path messages. */
export async function importFrameworkJson(json: string, options: ImportOptions): Promise<ImportReport> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new ValidationError(`The file is not valid JSON: ${(e as Error).message}`, {
      file: 'not valid JSON',
    });
  }
  const result = validateFrameworkFile(value);
  if (!result.ok) {
    throw new ValidationError(
      `The file has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing was imported.`,
      Object.fromEntries(
        result.problems.slice(0, 100).map((p) => [p.split(':')[0], p.slice(p.indexOf(':') + 1).trim()]),
      ),
    );
  }
  return importFrameworkFile(result.file, options);
}

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

/** The framework as a v1 file: active competencies in order, the scales they use, position templates. */
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
        url: framework.source?.url ?? undefined,
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
        levels: c.levels.map((l) =>
          compact({
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
          }),
        ),
        behavioralIndicators: c.behavioralIndicators,
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
          compact({ part: p.part!, document: p.document!, section: p.section ?? undefined }),
        ),
      }),
    ),
    positionTemplates: templates.map((t) =>
      compact({
        key: t.key,
        title: t.title,
        classCode: t.classCode ?? undefined,
        description: t.description ?? undefined,
        competencies: t.competencies
          .filter((r) => compKey.has(String(r.competency)))
          .map((r) =>
            compact({ key: compKey.get(String(r.competency))!, requiredLevel: r.requiredLevel ?? undefined }),
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
