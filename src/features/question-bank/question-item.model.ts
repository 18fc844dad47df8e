import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { GENERATOR_KINDS } from '../generators/types.js';

export const ITEM_STATUSES = ['draft', 'approved', 'archived'] as const;
export const PROVENANCE_TYPES = ['generated', 'written'] as const;

/** Where an item came from: a generator (and which part of the model), or a person. */
const provenanceSchema = new Schema(
  {
    type: { type: String, enum: PROVENANCE_TYPES, required: true },
    /** The part of the competency it was generated from, e.g. "indicator 2". */
    source: String,
    by: { type: Schema.Types.ObjectId, ref: 'User' },
    byName: String,
  },
  { _id: false },
);

/** One reviewed question or statement in a competency's bank; guides use approved ones. */
const questionItemSchema = new Schema(
  {
    competency: { type: Schema.Types.ObjectId, ref: 'Competency', required: true },
    kind: { type: String, enum: GENERATOR_KINDS, required: true },
    variant: String,
    level: { type: Number, required: true },
    levelLabel: String,
    text: { type: String, required: true, trim: true, maxlength: 5000 },
    probes: {
      situation: { type: [String], default: [] },
      action: { type: [String], default: [] },
      result: { type: [String], default: [] },
    },
    ratingGuide: {
      type: [new Schema({ value: Number, label: String, description: String }, { _id: false })],
      default: [],
    },
    sampleAnswers: { weak: String, acceptable: String, strong: String },
    /** Situational items: the scenario themes matched to the competency, with the words that matched. */
    themes: {
      type: [
        new Schema(
          { key: String, label: String, score: Number, matched: { type: [String], default: [] } },
          { _id: false },
        ),
      ],
      default: [],
    },
    scenarioId: String,
    /** Notes for the panel on how to score the item (situational: written for the scenario). */
    scoringNotes: String,
    ratingOptions: { type: [String], default: [] },
    /** The scale the rating guide was written for. */
    ratingScaleKey: String,
    provenance: { type: provenanceSchema, required: true },
    status: { type: String, enum: ITEM_STATUSES, default: 'draft', required: true },
    approvedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    approvedAt: Date,
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
questionItemSchema.index({ competency: 1, status: 1, kind: 1, level: 1 });

export type QuestionItemFields = InferSchemaType<typeof questionItemSchema>;
export type QuestionItemDoc = HydratedDocument<QuestionItemFields>;
export const QuestionItem = mongoose.model('QuestionItem', questionItemSchema);
