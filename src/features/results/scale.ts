/**
 * The top of the rating scale a position's percents are taken of: the highest point of the scales
 * of the guide versions its complete interviews used (normally one scale per position; if it
 * changed between versions, the highest top counts).
 *
 * The summaries keep the versions already seen with their tops (ResultsState.versions), so a
 * refresh only looks at the interviews that changed: an interview is complete for good (nothing
 * reopens it) and a published guide version never changes, so the set of versions only grows.
 */
import type { Types } from 'mongoose';
import { GuideVersion } from '../guides/guide-version.model.js';
import { Interview } from '../interviews/interview.model.js';

/** OPM's five-point proficiency scale: the top when no complete interview names a scale yet. */
export const DEFAULT_SCALE_MAX = 5;

/** A guide version a complete interview used, and the top of its scale (null: none found). */
export interface UsedVersion {
  guide: Types.ObjectId;
  version: number;
  top: number | null;
}

const versionKey = (guide: unknown, version: unknown) => `${String(guide)}:${String(version)}`;

/**
 * The guide versions used by the complete interviews of the position (or only of the `interviews`
 * named), added to the `known` ones; only versions not known yet are read.
 */
export async function usedVersions(
  positionId: Types.ObjectId,
  known: UsedVersion[] = [],
  interviews?: Types.ObjectId[],
): Promise<UsedVersion[]> {
  if (interviews && !interviews.length) return known;
  const used = await Interview.aggregate<{ _id: { guide: Types.ObjectId; version: number } }>([
    {
      $match: interviews
        ? { _id: { $in: interviews }, position: positionId, status: 'complete' }
        : { position: positionId, status: 'complete' },
    },
    { $group: { _id: { guide: '$guide', version: '$guideVersion' } } },
  ]);
  const seen = new Set(known.map((k) => versionKey(k.guide, k.version)));
  const fresh = used.map((u) => u._id).filter((u) => !seen.has(versionKey(u.guide, u.version)));
  if (!fresh.length) return known;
  const versions = await GuideVersion.find(
    { $or: fresh.map((u) => ({ guide: u.guide, version: u.version })) },
    { guide: 1, version: 1, 'snapshot.ratingScale.points.value': 1 },
  ).lean<
    {
      guide: Types.ObjectId;
      version: number;
      snapshot?: { ratingScale?: { points?: { value: unknown }[] } };
    }[]
  >();
  const tops = new Map(
    versions.map((v) => {
      const points = (v.snapshot?.ratingScale?.points ?? [])
        .map((p) => Number(p.value))
        .filter(Number.isFinite);
      return [versionKey(v.guide, v.version), points.length ? Math.max(...points) : null];
    }),
  );
  // A version that cannot be found is kept too (top null), so it is not looked for again.
  return [...known, ...fresh.map((u) => ({ ...u, top: tops.get(versionKey(u.guide, u.version)) ?? null }))];
}

/** The highest top among the versions (the default scale's without one). */
export function scaleMaxFrom(versions: UsedVersion[]): number {
  const tops = versions.map((v) => v.top).filter((t): t is number => t !== null);
  return tops.length ? Math.max(...tops) : DEFAULT_SCALE_MAX;
}

/** The scale's top for the position, from all its complete interviews (the reference). */
export async function scaleMaxOf(positionId: Types.ObjectId): Promise<number> {
  return scaleMaxFrom(await usedVersions(positionId));
}
