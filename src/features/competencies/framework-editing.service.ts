/** Creating, editing, cloning and archiving frameworks. No req/res here. */
import { Types } from 'mongoose';
import { BadRequestError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { Competency } from './competency.model.js';
import { CompetencyRevision } from './competency-revision.model.js';
import { slugify, uniqueKey } from './competency-changes.js';
import { Framework, type FrameworkDoc } from './framework.model.js';
import { RatingScale } from './rating-scale.model.js';

export interface Actor {
  _id: Types.ObjectId;
  name: string;
}

export interface FrameworkData {
  name: string;
  organization: string;
  description?: string;
  /** The source's web address (http or https only; checked by the form schema). */
  sourceUrl?: string;
  notes?: string[];
  proficiencyScale?: string;
}

/** Frameworks people may copy competencies into: their own (created here or cloned). */
export const EDITABLE_ORIGINS = ['user', 'clone'] as const;

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export async function findFramework(id: string): Promise<FrameworkDoc> {
  const framework = isId(id) ? await Framework.findById(id) : null;
  if (!framework) throw new NotFoundError('There is no such framework.');
  return framework;
}

async function checkScale(id: string | undefined, field: string): Promise<Types.ObjectId | undefined> {
  if (!id) return undefined;
  if (!(await RatingScale.exists({ _id: id }))) {
    throw new ValidationError('Please correct the highlighted fields.', {
      [field]: 'Choose a scale from the list.',
    });
  }
  return new Types.ObjectId(id);
}

const frameworkKey = (text: string) =>
  uniqueKey(slugify(text, 'framework'), async (key) => (await Framework.exists({ key })) !== null);

export async function createFramework(data: FrameworkData, actor: Actor): Promise<FrameworkDoc> {
  const proficiencyScale = await checkScale(data.proficiencyScale, 'proficiencyScale');
  return Framework.create({
    key: await frameworkKey(data.name),
    name: data.name,
    organization: data.organization,
    description: data.description,
    source: data.sourceUrl ? { url: data.sourceUrl } : undefined,
    notes: data.notes ?? [],
    proficiencyScale,
    origin: 'user',
    createdBy: actor._id,
  });
}

export async function updateFramework(id: string, data: FrameworkData, actor: Actor): Promise<FrameworkDoc> {
  const framework = await findFramework(id);
  const proficiencyScale = await checkScale(data.proficiencyScale, 'proficiencyScale');
  framework.set({
    name: data.name,
    organization: data.organization,
    description: data.description,
    'source.url': data.sourceUrl,
    notes: data.notes ?? [],
    proficiencyScale,
  });
  if (!framework.isModified()) return framework;
  // editedAt also tells the seed loader to leave this framework as the person left it.
  framework.set({ editedAt: new Date(), editedBy: actor._id });
  await framework.save();
  return framework;
}

async function setFrameworkStatus(id: string, status: 'active' | 'archived', actor: Actor) {
  const framework = await findFramework(id);
  if (framework.status === status) return framework;
  framework.set({ status, editedAt: new Date(), editedBy: actor._id });
  await framework.save();
  return framework;
}

/** Archived frameworks leave the lists but keep their pages; nothing is deleted. */
export const archiveFramework = (id: string, actor: Actor) => setFrameworkStatus(id, 'archived', actor);
export const restoreFramework = (id: string, actor: Actor) => setFrameworkStatus(id, 'active', actor);

/**
 * Copies a framework and its active competencies into `organization` to adapt them there.
 * Competencies keep their keys (unique within the new framework) and point back to their originals.
 */
export async function cloneFramework(
  id: string,
  input: { organization: string; name?: string },
  actor: Actor,
): Promise<FrameworkDoc> {
  const source = await findFramework(id);
  const name = input.name ?? source.name;
  const copy = await Framework.create({
    key: await frameworkKey(`${name} ${input.organization}`),
    name,
    organization: input.organization,
    description: source.description,
    source: source.source,
    proficiencyScale: source.proficiencyScale,
    // Curator notes describe how the source was transcribed; they stay with the original.
    notes: [],
    origin: 'clone',
    clonedFrom: source._id,
    createdBy: actor._id,
  });
  try {
    const originals = await Competency.find({ framework: source._id, status: 'active' })
      .sort({ order: 1, name: 1 })
      .lean();
    const docs = originals.map((c, order) => {
      const { _id, createdAt: _c, updatedAt: _u, seedHash: _s, editedAt: _e, editedBy: _b, ...rest } = c;
      return { ...rest, framework: copy._id, order, status: 'active', revision: 1, clonedFrom: _id };
    });
    const inserted = docs.length ? await Competency.insertMany(docs) : [];
    if (inserted.length) {
      await CompetencyRevision.insertMany(
        inserted.map((c) => ({
          competency: c._id,
          revision: 1,
          by: actor._id,
          byName: actor.name,
          summary: `Copied from “${source.name}” (${source.organization}).`,
          changes: [],
        })),
      );
    }
  } catch (e) {
    // Leave nothing half-copied behind.
    const ids = (await Competency.find({ framework: copy._id }, { _id: 1 }).lean()).map((c) => c._id);
    await CompetencyRevision.deleteMany({ competency: { $in: ids } });
    await Competency.deleteMany({ framework: copy._id });
    await Framework.deleteOne({ _id: copy._id });
    throw e;
  }
  return copy;
}

/** Frameworks a person may copy a competency into. */
export function listEditableFrameworks() {
  return Framework.find({ origin: { $in: [...EDITABLE_ORIGINS] }, status: 'active' })
    .sort({ organization: 1, name: 1 })
    .lean();
}

export function assertOpen(framework: { status?: string | null }): void {
  if (framework.status === 'archived') {
    throw new BadRequestError('This framework is archived. Restore it before changing its competencies.');
  }
}
