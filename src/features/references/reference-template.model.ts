import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const CONFIDENTIALITY_MODES = ['individual', 'aggregate'] as const;
export type ConfidentialityMode = (typeof CONFIDENTIALITY_MODES)[number];

const itemSchema = new Schema(
  { id: { type: String, required: true }, text: { type: String, required: true, maxlength: 2000 } },
  { _id: false },
);

/**
 * A position's reference questionnaire, generated from its competencies with the reference-question
 * generator and edited and reviewed by its managers before sending: opening questions, per competency the rated
 * questions, closing questions. Also the position's confidentiality setting for reference answers:
 * `individual` (managers read each reference's answers) or `aggregate` (only aggregates, and only
 * once at least `minResponses` references have answered).
 */
const referenceTemplateSchema = new Schema(
  {
    position: { type: Schema.Types.ObjectId, ref: 'Position', required: true, unique: true },
    ratingOptions: { type: [String], required: true },
    opening: { type: [itemSchema], default: [] },
    competencies: {
      type: [
        new Schema(
          {
            competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
            name: { type: String, required: true },
            items: { type: [itemSchema], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    closing: { type: [itemSchema], default: [] },
    confidentiality: {
      mode: { type: String, enum: CONFIDENTIALITY_MODES, default: 'individual' },
      minResponses: { type: Number, default: 2, min: 1, max: 20 },
    },
    /** The published guide version the competencies came from (absent: the position's, no guide published). */
    source: {
      guide: { type: Schema.Types.ObjectId, ref: 'Guide' },
      guideVersion: Number,
      publishedAt: Date,
    },
    /**
     * Who on the hiring team read the questions and marked them reviewed, and when. Requests are
     * sent only while it is set; every change to the questions removes it (needs review again).
     */
    review: {
      type: new Schema(
        { by: { type: Schema.Types.ObjectId, ref: 'User' }, byName: String, at: Date },
        { _id: false },
      ),
      default: undefined,
    },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    /** Bumped by every edit: each edit is conditional on the revision it read (two managers never overwrite each other). */
    rev: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export type ReferenceTemplateFields = InferSchemaType<typeof referenceTemplateSchema>;
export const ReferenceTemplate = mongoose.model('ReferenceTemplate', referenceTemplateSchema);
