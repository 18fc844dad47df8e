import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { ConflictError } from '../../lib/errors.js';

/**
 * A published guide version: an immutable snapshot (every question text, probe and rating guide),
 * so every candidate of a position gets the same questions in the same order. Interviews refer to
 * a version, never to the draft.
 */
const guideVersionSchema = new Schema(
  {
    guide: { type: Schema.Types.ObjectId, ref: 'Guide', required: true },
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true },
    version: { type: Number, required: true },
    publishedAt: { type: Date, required: true },
    publishedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    publishedByName: String,
    /** The frozen guide (see frozen-guide.ts): plain data, ids as strings. */
    snapshot: { type: Schema.Types.Mixed, required: true },
    /**
     * Panelists who may read this version. Interviews (a later issue) will fill it; until then it is
     * the only way a panelist sees a guide.
     */
    panelists: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
  },
  { timestamps: true, minimize: false },
);
guideVersionSchema.index({ guide: 1, version: 1 }, { unique: true });

const frozen = () => new ConflictError('A published guide version cannot be changed.');
guideVersionSchema.pre('save', function () {
  // Only the panel list may change after publishing.
  if (!this.isNew && this.modifiedPaths().some((p) => p !== 'panelists' && !p.startsWith('panelists.')))
    throw frozen();
});
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace'] as const)
  guideVersionSchema.pre(op, function () {
    const update = (this.getUpdate() ?? {}) as Record<string, unknown>;
    const keys = Object.entries(update).flatMap(([k, v]) =>
      k.startsWith('$') && v && typeof v === 'object' ? Object.keys(v) : [k],
    );
    if (keys.some((k) => k !== 'panelists' && !k.startsWith('panelists.') && k !== 'updatedAt'))
      throw frozen();
  });

export type GuideVersionFields = InferSchemaType<typeof guideVersionSchema>;
export const GuideVersion = mongoose.model('GuideVersion', guideVersionSchema);
