/**
 * The autosave's one write, through the driver rather than mongoose (issue 18: the autosave is most
 * of the app's requests). Mongoose's findOneAndUpdate built a Query, cast the filter and the update,
 * added the schema's defaults and timestamps and ran its hooks on every save: about half the
 * client-side CPU of the command, for input that zod has already validated in the schema's own
 * types. What mongoose added is written here instead, so a rating upserted here is the document
 * mongoose would have made (test/integration/rating-write.test.ts compares the two).
 */
import type { Types } from 'mongoose';
import { Rating } from './rating.model.js';

/** What identifies a rating: the unique index (interview, panelist, section). */
export interface RatingKey {
  interview: Types.ObjectId;
  panelist: Types.ObjectId;
  section: string;
}

/** What a new rating copies from its interview and guide section (rating.model.ts). */
export interface RatingOrigin {
  position: Types.ObjectId;
  candidate: Types.ObjectId;
  competency: Types.ObjectId;
}

/** The fields a save may change; a field left out keeps its stored value. */
export interface RatingFieldsSent {
  value?: number | null;
  note?: string;
}

/** The saved rating as the reply and the live events carry it. */
export interface RatingWritten {
  value: number | null;
  note: string;
  rev: number;
  savedAt: Date;
}

/**
 * The schema's defaults for a new rating (value null, note '', rev 0, locked false, ...) and the
 * version key mongoose sets on an upsert, read once from the schema so they follow it.
 */
const insertDefaults: Record<string, unknown> = (() => {
  const out: Record<string, unknown> = {};
  Rating.schema.eachPath((path, type) => {
    const fallback = (type as { defaultValue?: unknown }).defaultValue;
    if (path !== '_id' && fallback !== undefined && typeof fallback !== 'function') out[path] = fallback;
  });
  const versionKey = Rating.schema.get('versionKey');
  if (typeof versionKey === 'string') out[versionKey] = 0;
  return out;
})();

/**
 * Sets the fields sent of the rating `key` and bumps its revision, creating the rating when there is
 * none; never touches a locked one (the upsert then collides with it on the unique index: E11000,
 * which the caller turns into 409). The reply brings back only what the caller does not already
 * know: the revision, and the stored value or note when this save did not send it.
 */
export async function upsertRating(
  key: RatingKey,
  sent: RatingFieldsSent,
  origin: RatingOrigin,
  now = new Date(),
): Promise<RatingWritten> {
  const $set: Record<string, unknown> = { updatedAt: now };
  const projection: Record<string, 0 | 1> = { _id: 0, rev: 1 };
  const $setOnInsert: Record<string, unknown> = { ...origin, createdAt: now };
  for (const [path, fallback] of Object.entries(insertDefaults)) {
    // $inc creates rev; a field sent is in $set (both at once would be a conflict).
    if (path !== 'rev' && sent[path as keyof RatingFieldsSent] === undefined) $setOnInsert[path] = fallback;
  }
  for (const field of ['value', 'note'] as const) {
    if (sent[field] !== undefined) $set[field] = sent[field];
    else projection[field] = 1;
  }
  const saved = await Rating.collection.findOneAndUpdate(
    { ...key, locked: { $ne: true } },
    { $set, $inc: { rev: 1 }, $setOnInsert },
    { upsert: true, returnDocument: 'after', projection },
  );
  // An upsert always answers with a document; null would mean a server that broke the protocol.
  if (!saved) throw new Error('The rating upsert returned no document.');
  return {
    value: sent.value !== undefined ? sent.value : ((saved.value as number | null | undefined) ?? null),
    note: sent.note !== undefined ? sent.note : ((saved.note as string | undefined) ?? ''),
    rev: Number(saved.rev),
    savedAt: now,
  };
}
