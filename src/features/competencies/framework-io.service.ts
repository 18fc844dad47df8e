/**
 * Framework files in: import (user imports, the seed loader and the document importer share it).
 * Everything is validated before anything is written; if a write fails midway, what this import
 * created is removed again, so a failed import leaves nothing behind. Export lives in
 * framework-export.service.ts (re-exported here).
 */
import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { ConflictError, ValidationError } from '../../lib/errors.js';
import { Competency } from './competency.model.js';
import { Framework } from './framework.model.js';
import {
  validateFrameworkFile,
  type CompetencyData,
  type FrameworkFile,
  type FrameworkFileInput,
  type RatingScaleData,
} from './framework-file.schema.js';
import { PositionTemplate } from './position-template.model.js';
import { RatingScale } from './rating-scale.model.js';

export { exportFramework } from './framework-export.service.js';

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
  /** Set on a framework this import creates (a new version: its id, number and predecessor). */
  newFramework?: { _id: Types.ObjectId; version: number; supersedes: Types.ObjectId };
}

/** A file that failed validation: `problems` are the `path: message` lines, all of them. */
export class FrameworkFileError extends ValidationError {
  constructor(readonly problems: string[]) {
    super(
      `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported.`,
      Object.fromEntries(problems.slice(0, 100).map((p) => problemField(p))),
    );
  }
}

/** A problem line as a field entry: its path, and the message (unknown fields keep the whole line). */
function problemField(problem: string): [string, string] {
  const unknown = /^unknown field (\S+?):/.exec(problem);
  if (unknown) return [unknown[1], problem];
  const colon = problem.indexOf(': ');
  return colon < 0 ? ['file', problem] : [problem.slice(0, colon), problem.slice(colon + 2)];
}

/**
 * Imports a framework file (v1 or v2; a parsed file or a plain object such as a document
 * importer's draft: it is validated here either way, and a FrameworkFileError lists every
 * problem). Seeds are idempotent; user imports create a new framework.
 */
export async function importFrameworkFile(
  input: FrameworkFile | FrameworkFileInput,
  options: ImportOptions,
): Promise<ImportReport> {
  const result = validateFrameworkFile(input);
  if (!result.ok) throw new FrameworkFileError(result.problems);
  const file = result.file;
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
      framework = await Framework.create({
        ...fields,
        ...options.newFramework,
        origin: options.origin,
        createdBy: options.actorId,
      });
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
        grade: t.grade,
        framework: framework!._id,
        competencies: t.competencies.map((r) => ({
          competency: idByKey.get(r.key),
          requiredLevel: r.requiredLevel ?? gradeLevel(file, r.key, r.grade ?? t.grade),
          grade: r.grade,
        })),
        seedHash: hash,
      };
      if (current) await PositionTemplate.updateOne({ _id: current._id }, { $set: doc });
      else created.push({ model: PositionTemplate, id: (await PositionTemplate.create(doc))._id });
    }
    return { frameworkId: String(framework!._id), frameworkKey, framework: frameworkAction, counts };
  } catch (e) {
    await compensate(created);
    throw e;
  }
}

type Created = { model: { deleteOne(f: object): unknown }; id: Types.ObjectId }[];

/**
 * Removes what a failed import created, in reverse order. For a framework it created, everything
 * filed under that framework goes too: a write the engine applied but answered with an error
 * (a timeout, a lost connection) is not in `created`, and must not be left behind either.
 */
async function compensate(created: Created): Promise<void> {
  for (const { model, id } of created.reverse()) {
    if (model === Framework) {
      await Competency.deleteMany({ framework: id });
      await PositionTemplate.deleteMany({ framework: id });
    }
    await model.deleteOne({ _id: id });
  }
}

/** The level a competency requires for a grade (v2 `requiredLevels`), when the file says. */
function gradeLevel(file: FrameworkFile, key: string, grade: string | undefined): number | undefined {
  if (!grade) return undefined;
  return file.competencies.find((c) => c.key === key)?.requiredLevels.find((r) => r.grade === grade)?.level;
}

async function upsertScale(
  scale: RatingScaleData,
  seeding: boolean,
  counts: Record<Action, number>,
  created: Created,
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
  created: Created,
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
  return importFrameworkFile(value as FrameworkFileInput, options);
}
