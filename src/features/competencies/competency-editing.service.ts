/**
 * Editing competencies: create, update (with a revision per change), clone, archive. Nothing is
 * ever hard-deleted: archived competencies leave the lists but keep their pages and stay usable
 * by the guides that refer to them. No req/res here.
 */
import { Types } from 'mongoose';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency, type CompetencyDoc } from './competency.model.js';
import { CompetencyRevision } from './competency-revision.model.js';
import { diffFields, slugify, summarize, uniqueKey, type Change } from './competency-changes.js';
import type { CompetencyInput } from './competencies.schemas.js';
import { assertOpen, EDITABLE_ORIGINS, findFramework, type Actor } from './framework-editing.service.js';
import { RatingScale } from './rating-scale.model.js';

export * from './framework-editing.service.js';

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export async function findCompetency(id: string): Promise<CompetencyDoc> {
  const competency = isId(id) ? await Competency.findById(id) : null;
  if (!competency) throw new NotFoundError('There is no such competency.');
  return competency;
}

const invalid = (fields: Record<string, string>) =>
  new ValidationError('Please correct the highlighted fields.', fields);

/** The stored fields for form data: a real scale, and anchors on that scale's points. */
async function storedFields(data: CompetencyInput) {
  let ratingScale: Types.ObjectId | undefined;
  if (data.ratingScale) {
    const scale = await RatingScale.findById(data.ratingScale).lean();
    if (!scale) throw invalid({ ratingScale: 'Choose a scale from the list.' });
    ratingScale = scale._id;
    const points = new Set(scale.points.map((p) => p.label));
    const stray = data.ratingFactors
      .flatMap((f) => f.anchors.map((a) => a.level))
      .find((l) => !points.has(l));
    if (stray) {
      throw invalid({
        ratingScale: `The anchors name “${stray}”, which is not a point of “${scale.name}”. Keep the previous scale, or save without rating factors and add them again.`,
      });
    }
  }
  const onlyFilled = (o: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.length ? v : undefined]));
  return {
    ...data,
    ratingScale,
    recruiting: onlyFilled(data.recruiting),
    development: onlyFilled(data.development),
  };
}

async function record(competency: CompetencyDoc, actor: Actor, summary: string, changes: Change[] = []) {
  await CompetencyRevision.create({
    competency: competency._id,
    revision: competency.revision,
    by: actor._id,
    byName: actor.name,
    summary,
    changes,
  });
}

async function nextPlace(frameworkId: Types.ObjectId, base: string) {
  const key = await uniqueKey(
    base,
    async (k) => (await Competency.exists({ framework: frameworkId, key: k })) !== null,
  );
  const last = await Competency.findOne({ framework: frameworkId }, { order: 1 }).sort({ order: -1 }).lean();
  return { key, order: (last?.order ?? -1) + 1 };
}

export async function createCompetency(
  frameworkId: string,
  data: CompetencyInput,
  actor: Actor,
): Promise<CompetencyDoc> {
  const framework = await findFramework(frameworkId);
  assertOpen(framework);
  const fields = await storedFields(data);
  const competency = await Competency.create({
    ...fields,
    ...(await nextPlace(framework._id, slugify(data.name, 'competency'))),
    framework: framework._id,
    revision: 1,
  });
  await record(competency, actor, 'Created.');
  return competency;
}

/**
 * Applies a form's content. Levels keep the source reference of the level at the same position
 * (the form does not carry it), so editing a seeded level's text keeps where it came from.
 */
export async function updateCompetency(
  id: string,
  data: CompetencyInput,
  actor: Actor,
  note?: string,
): Promise<{ competency: CompetencyDoc; changes: Change[] }> {
  const competency = await findCompetency(id);
  const fields = await storedFields(data);
  const before = competency.toObject() as Record<string, unknown>;
  fields.levels = fields.levels.map((level, i) => {
    const source = competency.levels[i]?.source;
    return source?.document
      ? { ...level, source: { document: source.document, section: source.section, note: source.note } }
      : level;
  });
  // Key skill levels keep their source references the same way, by position.
  fields.keySkills = fields.keySkills.map((skill, i) => ({
    ...skill,
    levels: skill.levels.map((level, j) => {
      const source = competency.keySkills[i]?.levels[j]?.source;
      return source?.document
        ? { ...level, source: { document: source.document, section: source.section, note: source.note } }
        : level;
    }),
  }));
  const changes = diffFields(before, fields as unknown as Record<string, unknown>);
  if (!changes.length) return { competency, changes };
  competency.set(fields);
  competency.set({ revision: (competency.revision ?? 1) + 1, editedAt: new Date(), editedBy: actor._id });
  await competency.save();
  await record(competency, actor, note ?? summarize(changes), changes);
  return { competency, changes };
}

async function setStatus(id: string, status: 'active' | 'archived', actor: Actor) {
  const competency = await findCompetency(id);
  if (competency.status === status) return competency;
  const change = { path: 'status', before: competency.status, after: status };
  competency.set({
    status,
    revision: (competency.revision ?? 1) + 1,
    editedAt: new Date(),
    editedBy: actor._id,
  });
  await competency.save();
  await record(competency, actor, status === 'archived' ? 'Archived.' : 'Restored.', [change]);
  return competency;
}

export const archiveCompetency = (id: string, actor: Actor) => setStatus(id, 'archived', actor);
export const restoreCompetency = (id: string, actor: Actor) => setStatus(id, 'active', actor);

/** Copies a competency into a framework of the person's own (created here or cloned). */
export async function cloneCompetency(
  id: string,
  targetFrameworkId: string,
  actor: Actor,
): Promise<CompetencyDoc> {
  const original = await findCompetency(id);
  const target = isId(targetFrameworkId) ? await findFramework(targetFrameworkId).catch(() => null) : null;
  if (!target) throw invalid({ framework: 'Choose a framework from the list.' });
  if (!(EDITABLE_ORIGINS as readonly string[]).includes(target.origin) || target.status !== 'active') {
    throw invalid({
      framework: 'Copy into a framework of your own organization (one created or cloned here, not archived).',
    });
  }
  const {
    _id,
    createdAt: _c,
    updatedAt: _u,
    seedHash: _s,
    editedAt: _e,
    editedBy: _b,
    key: _k,
    order: _o,
    ...rest
  } = original.toObject();
  const copy = await Competency.create({
    ...rest,
    ...(await nextPlace(target._id, original.key)),
    framework: target._id,
    status: 'active',
    revision: 1,
    clonedFrom: _id,
  });
  await record(copy, actor, `Copied from “${original.name}”.`);
  return copy;
}

export function listRevisions(competencyId: string) {
  if (!isId(competencyId)) throw new NotFoundError('There is no such competency.');
  return CompetencyRevision.find({ competency: competencyId }).sort({ revision: -1, at: -1 }).lean();
}
