/**
 * A document import under review: the source lines and what the user changed (line
 * reassignments, renames, merges, level fixes). The draft itself is recomputed from these on
 * every view, so it always shows the lines each field came from. Owned by one user; removed
 * when saved, or a week after it was last touched.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const ASSIGN_TARGETS = [
  'competency',
  'definition',
  'level',
  'indicator',
  'effective',
  'ineffective',
  'notes',
  'ignore',
] as const;
export type AssignTarget = (typeof ASSIGN_TARGETS)[number];

const assignmentSchema = new Schema(
  {
    line: { type: Number, required: true },
    target: { type: String, enum: ASSIGN_TARGETS, required: true },
    competency: String,
    level: Number,
  },
  { _id: false },
);

const editSchema = new Schema(
  {
    op: { type: String, enum: ['rename', 'merge', 'level'], required: true },
    key: { type: String, required: true },
    name: String,
    into: String,
    index: Number,
    number: Number,
    label: String,
  },
  { _id: false },
);

const frameworkDraftSchema = new Schema(
  {
    owner: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
    documentName: { type: String, required: true },
    lines: { type: [String], default: [] },
    assignments: { type: [assignmentSchema], default: [] },
    edits: { type: [editSchema], default: [] },
    frameworkName: String,
    organization: String,
    touchedAt: { type: Date, default: () => new Date(), expires: 7 * 24 * 60 * 60 },
  },
  { timestamps: true, collection: 'frameworkdrafts' },
);

export type FrameworkDraftFields = InferSchemaType<typeof frameworkDraftSchema>;
export const FrameworkDraft = mongoose.model('FrameworkDraft', frameworkDraftSchema);
