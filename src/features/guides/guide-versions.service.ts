/** Publishing: freezing the draft as an immutable version; reading versions (interviews use these). */
import type { Types } from 'mongoose';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { positionView } from '../positions/position-view.js';
import { Position, type PositionDoc } from '../positions/position.model.js';
import { canAccess, type Actor } from '../positions/positions.service.js';
import { describeChanges } from './guide-changes.js';
import { inSync } from './guide-sync.js';
import { assertPublishable } from './guide-quality.js';
import { freezeGuide, type FrozenGuide } from './frozen-guide.js';
import { GuideVersion } from './guide-version.model.js';
import { Guide, type GuideDoc } from './guide.model.js';

const isId = (id: string) => /^[0-9a-f]{24}$/i.test(id);

export async function publishGuide(guide: GuideDoc, position: PositionDoc, by: Actor) {
  if (guide.status === 'published')
    throw new ValidationError(
      `Version ${guide.latestVersion} is already published and nothing has changed since.`,
    );
  const view = await positionView(position);
  if (!inSync(guide, view))
    throw new ValidationError(
      'The position’s competencies have changed: update the sections from the position before publishing.',
    );
  const empty = guide.sections.filter((s) => !s.questions.length);
  if (!guide.sections.length || empty.length) {
    const names = empty.map(
      (s) => view.competencies.find((c) => c.competencyId === String(s.competency))?.name,
    );
    throw new ValidationError(
      guide.sections.length
        ? `Every section needs at least one question before publishing: ${names.join(', ')}.`
        : 'A guide needs at least one section before publishing.',
    );
  }
  assertPublishable(guide, new Map(view.competencies.map((c) => [c.competencyId, c.name])));
  const version = guide.draftVersion;
  const snapshot = freezeGuide(guide, view, version);
  await GuideVersion.create({
    guide: guide._id,
    position: position._id,
    version,
    publishedAt: snapshot.publishedAt,
    publishedBy: by._id,
    publishedByName: by.name,
    snapshot,
  });
  guide.status = 'published';
  guide.latestVersion = version;
  guide.updatedBy = by._id;
  await guide.save();
  return version;
}

/** A published version as interviews use it: the frozen guide, exactly as it was published. */
export async function getFrozenVersion(guideId: string, version: number): Promise<FrozenGuide> {
  const v =
    isId(guideId) && Number.isInteger(version)
      ? await GuideVersion.findOne({ guide: guideId, version }).lean()
      : null;
  if (!v) throw new NotFoundError('There is no such published version of this guide.');
  return v.snapshot as FrozenGuide;
}

/** Versions, newest first, each with what changed since the one before. */
export async function listVersions(guideId: Types.ObjectId) {
  const versions = await GuideVersion.find({ guide: guideId }).sort({ version: 1 }).lean();
  return versions
    .map((v, i) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      publishedByName: v.publishedByName,
      changes:
        i === 0 ? [] : describeChanges(versions[i - 1].snapshot as FrozenGuide, v.snapshot as FrozenGuide),
    }))
    .reverse();
}

/**
 * A version for reading (print, Word, JSON): the position's owner, sharers and admins, and the
 * panelists listed on that version (interviews will list them).
 */
export async function readableVersion(guideId: string, version: number | 'latest', user: Actor) {
  const guide = isId(guideId) ? await Guide.findById(guideId).lean() : null;
  if (!guide) throw new NotFoundError('There is no such interview guide.');
  const number = version === 'latest' ? guide.latestVersion : version;
  const v = number ? await GuideVersion.findOne({ guide: guide._id, version: number }).lean() : null;
  const position = await Position.findById(guide.position).lean();
  const panelist = !!v && v.panelists.some((p) => String(p) === String(user._id));
  if (!panelist && !(position && canAccess(position, user)))
    throw new ForbiddenError('You can read the guides of the interviews you sit on.');
  if (!v)
    throw new NotFoundError(
      version === 'latest'
        ? 'This guide has no published version yet.'
        : 'There is no such published version of this guide.',
    );
  return { guide, version: v, snapshot: v.snapshot as FrozenGuide };
}

/** The panelists who may read a version (for the interviews issue: the panel of an interview using it). */
export async function addVersionPanelists(guideId: string, version: number, userIds: Types.ObjectId[]) {
  const res = await GuideVersion.updateOne(
    { guide: guideId, version },
    { $addToSet: { panelists: { $each: userIds } } },
  );
  if (!res.matchedCount) throw new NotFoundError('There is no such published version of this guide.');
}

/**
 * The number of the position's latest published guide version, or null: one small read for pages
 * that show only the number (latestPublishedVersion also reads the version's whole snapshot).
 */
export async function latestPublishedNumber(positionId: Types.ObjectId): Promise<number | null> {
  const guide = await Guide.findOne(
    { position: positionId, latestVersion: { $gt: 0 } },
    'latestVersion',
  ).lean();
  return guide?.latestVersion ?? null;
}

/**
 * The position's latest published guide version in brief (the reference questionnaire is derived
 * from its competencies), or null when none is published. No access check: callers hold the position.
 */
export async function latestPublishedVersion(positionId: Types.ObjectId) {
  const guide = await Guide.findOne(
    { position: positionId, latestVersion: { $gt: 0 } },
    'latestVersion',
  ).lean();
  const v = guide
    ? await GuideVersion.findOne({ guide: guide._id, version: guide.latestVersion }).lean()
    : null;
  if (!v) return null;
  const snapshot = v.snapshot as FrozenGuide;
  return {
    guide: v.guide,
    version: v.version,
    publishedAt: v.publishedAt,
    competencyIds: snapshot.sections.map((s) => s.competencyId),
  };
}
