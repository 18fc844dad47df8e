import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const REQUIREMENTS = ['required', 'desired'] as const;

/** One competency of a position: the level it requires, its weight (with the reason when it differs) and order. */
const positionCompetencySchema = new Schema(
  {
    competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
    /** A value of levelOptions(competency, framework scale): the competency's own level or a scale point. */
    requiredLevel: { type: Number, required: true },
    weight: { type: Number, default: 1, min: 0.1, max: 10 },
    weightReason: { type: String, trim: true, maxlength: 2000 },
    requirement: { type: String, enum: REQUIREMENTS, default: 'required' },
    order: { type: Number, default: 0 },
  },
  { _id: false },
);

const positionSchema = new Schema(
  {
    title: { type: String, required: true, trim: true, maxlength: 300 },
    classCode: { type: String, trim: true, maxlength: 50 },
    department: { type: String, trim: true, maxlength: 300 },
    description: { type: String, trim: true, maxlength: 20_000 },
    owner: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    sharedWith: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [], index: true },
    competencies: { type: [positionCompetencySchema], default: [] },
    fromTemplate: { type: Schema.Types.ObjectId, ref: 'PositionTemplate' },
    /** The job announcement's qualification text, as last saved by a person (plain text). */
    announcement: {
      text: String,
      editedAt: Date,
      editedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    },
  },
  { timestamps: true },
);

export type PositionFields = InferSchemaType<typeof positionSchema>;
export type PositionDoc = HydratedDocument<PositionFields>;
export const Position = mongoose.model('Position', positionSchema);
