import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const QUESTION_SOURCES = ['bank', 'generated'] as const;

const probesSchema = new Schema(
  {
    situation: { type: [String], default: [] },
    action: { type: [String], default: [] },
    result: { type: [String], default: [] },
  },
  { _id: false },
);

/** A question in a guide: a copy (the bank item or generator output may change later; the guide does not). */
const guideQuestionSchema = new Schema({
  kind: { type: String, enum: ['behavioral', 'situational'], required: true },
  text: { type: String, required: true, trim: true, maxlength: 5000 },
  probes: { type: probesSchema, default: () => ({}) },
  ratingGuide: {
    type: [new Schema({ value: Number, label: String, description: String }, { _id: false })],
    default: [],
  },
  sampleAnswers: { weak: String, acceptable: String, strong: String },
  /** Where it came from: a bank item, or the generators (level and position among that kind's output). */
  source: {
    type: { type: String, enum: QUESTION_SOURCES, required: true },
    item: { type: Schema.Types.ObjectId, ref: 'QuestionItem' },
    level: Number,
    index: Number,
    scaleKey: String,
  },
});

/** One competency of the guide; name, level and weight come from the position when it is published. */
const guideSectionSchema = new Schema({
  competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
  minutes: { type: Number, default: 10, min: 1, max: 180 },
  questions: { type: [guideQuestionSchema], default: [] },
});

const ratingScaleCopySchema = new Schema(
  {
    key: String,
    name: { type: String, required: true },
    kind: String,
    points: [new Schema({ value: Number, label: String, description: String }, { _id: false })],
  },
  { _id: false },
);

/** The guide of a position: the current draft, and which version it becomes when published. */
const guideSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true, unique: true },
    ratingScale: { type: ratingScaleCopySchema, required: true },
    panelInstructions: { type: [String], default: [] },
    sections: { type: [guideSectionSchema], default: [] },
    /** 'published': the draft equals the latest version; any edit makes it a draft of the next one. */
    status: { type: String, enum: ['draft', 'published'], default: 'draft' },
    draftVersion: { type: Number, default: 1 },
    latestVersion: { type: Number, default: 0 },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);

export type GuideFields = InferSchemaType<typeof guideSchema>;
export type GuideDoc = HydratedDocument<GuideFields>;
export const Guide = mongoose.model('Guide', guideSchema);
