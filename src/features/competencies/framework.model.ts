import mongoose, { Schema, type HydratedDocument, type InferSchemaType } from 'mongoose';

export const ORIGINS = ['seed', 'user', 'import', 'clone'] as const;

const frameworkSchema = new Schema(
  {
    key: { type: String, required: true, unique: true },
    name: { type: String, required: true, trim: true },
    organization: { type: String, required: true, trim: true },
    description: String,
    source: { document: String, title: String, url: String },
    proficiencyScale: { type: Schema.Types.ObjectId, ref: 'RatingScale' },
    notes: { type: [String], default: [] },
    origin: { type: String, enum: ORIGINS, required: true },
    status: { type: String, enum: ['active', 'archived'], default: 'active' },
    seedHash: String,
    editedAt: Date,
    editedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    clonedFrom: { type: Schema.Types.ObjectId, ref: 'Framework' },
    /**
     * Versions (framework-versions.service.ts): a new version is a new framework that supersedes
     * the old one, which is archived with supersededBy set; the old competencies stay as guides use them.
     */
    version: { type: Number, default: 1 },
    supersedes: { type: Schema.Types.ObjectId, ref: 'Framework' },
    supersededBy: { type: Schema.Types.ObjectId, ref: 'Framework' },
  },
  { timestamps: true },
);

export type FrameworkFields = InferSchemaType<typeof frameworkSchema>;
export type FrameworkDoc = HydratedDocument<FrameworkFields>;
export const Framework = mongoose.model('Framework', frameworkSchema);
