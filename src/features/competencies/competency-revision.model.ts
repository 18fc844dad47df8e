import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** One change to a competency: who, when, what (each changed path with its old and new value). */
const revisionSchema = new Schema({
  competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true, index: true },
  revision: { type: Number, required: true },
  at: { type: Date, required: true, default: () => new Date() },
  by: { type: Schema.Types.ObjectId, ref: 'User' },
  byName: String,
  summary: { type: String, required: true },
  changes: [
    new Schema({ path: String, before: Schema.Types.Mixed, after: Schema.Types.Mixed }, { _id: false }),
  ],
});
revisionSchema.index({ competency: 1, revision: -1 });

export type CompetencyRevisionFields = InferSchemaType<typeof revisionSchema>;
export const CompetencyRevision = mongoose.model('CompetencyRevision', revisionSchema);
