import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';
import { ABSENT_SECTIONS, COMPETENCY_KINDS } from './framework-file.schema.js';

export const sourceRefSchema = new Schema(
  { document: String, section: String, note: String },
  { _id: false },
);

const levelSchema = new Schema(
  {
    number: Number,
    label: String,
    description: String,
    indicators: { type: [String], default: [] },
    source: sourceRefSchema,
  },
  { _id: false },
);

const competencySchema = new Schema(
  {
    framework: { type: Schema.Types.ObjectId, ref: 'Framework', required: true, index: true },
    key: { type: String, required: true },
    code: String,
    name: { type: String, required: true, trim: true },
    definition: String,
    kind: { type: String, enum: COMPETENCY_KINDS, required: true },
    importance: String,
    levels: { type: [levelSchema], default: [] },
    behavioralIndicators: { type: [String], default: [] },
    /** Framework format v2: what the competency looks like, and what it looks like when missing. */
    effectiveBehaviors: { type: [String], default: [] },
    ineffectiveBehaviors: { type: [String], default: [] },
    /** Framework format v2: key skills inside the competency, each with levels of its own. */
    keySkills: {
      type: [
        new Schema(
          {
            name: String,
            definition: String,
            levels: { type: [levelSchema], default: [] },
            indicators: { type: [String], default: [] },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    /** Framework format v2: the level each grade or job level requires (e.g. "Band B": 3). */
    requiredLevels: {
      type: [new Schema({ grade: String, level: Number }, { _id: false })],
      default: [],
    },
    keyElements: {
      type: [
        new Schema(
          { element: String, distinguishingBehaviors: { type: [String], default: [] } },
          { _id: false },
        ),
      ],
      default: [],
    },
    performanceLevels: {
      type: [new Schema({ label: String, description: String }, { _id: false })],
      default: [],
    },
    ratingScale: { type: Schema.Types.ObjectId, ref: 'RatingScale' },
    ratingFactors: {
      type: [
        new Schema(
          { name: String, anchors: [new Schema({ level: String, description: String }, { _id: false })] },
          { _id: false },
        ),
      ],
      default: [],
    },
    recruiting: {
      qualificationStatements: { type: [String], default: undefined },
      outreachActivities: { type: [String], default: undefined },
      interviewQuestions: { type: [String], default: undefined },
      referenceCheckQuestions: { type: [String], default: undefined },
    },
    development: {
      developmentalActivities: { type: [String], default: undefined },
      training: { type: [String], default: undefined },
    },
    absentSections: { type: [{ type: String, enum: ABSENT_SECTIONS }], default: [] },
    provenance: {
      type: [
        new Schema(
          { part: String, document: String, section: String, line: Number, lineEnd: Number, page: Number },
          { _id: false },
        ),
      ],
      default: [],
    },
    order: { type: Number, default: 0 },
    status: { type: String, enum: ['active', 'archived'], default: 'active' },
    revision: { type: Number, default: 1 },
    /** Hash of the seed or import content this competency was last written from. */
    seedHash: String,
    /** Set when a person edits it: the seed loader never overwrites edited competencies. */
    editedAt: Date,
    editedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    clonedFrom: { type: Schema.Types.ObjectId, ref: 'Competency' },
  },
  { timestamps: true },
);
competencySchema.index({ framework: 1, key: 1 }, { unique: true });

export type CompetencyFields = InferSchemaType<typeof competencySchema>;
export type CompetencyDoc = HydratedDocument<CompetencyFields>;
export const Competency = mongoose.model('Competency', competencySchema);
